// Per region: security groups, VPCs with their flow logs, load balancers and
// the web ACLs protecting them. Every listing is one paginated call for the
// whole region; web ACLs are asked for their resources, one call per ACL, not
// one per load balancer.
import { paginateDescribeFlowLogs, paginateDescribeSecurityGroups, paginateDescribeVpcs, type IpPermission, type Tag } from '@aws-sdk/client-ec2';
import { paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourcesForWebACLCommand, ListWebACLsCommand, type WebACLSummary } from '@aws-sdk/client-wafv2';
import { KIND, type IngressRule, type LoadBalancerFacts, type SecurityGroupFacts, type Tags, type VpcFacts } from '../facts.js';
import type { AuditContext } from '../context.js';

const PAGE = { pageSize: 1000 };

export function tagsOf(tags: Tag[] | undefined): Tags {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
}

function ingressOf(permission: IpPermission): IngressRule {
  return {
    protocol: permission.IpProtocol ?? '-1',
    ...(permission.FromPort !== undefined ? { fromPort: permission.FromPort, toPort: permission.ToPort ?? permission.FromPort } : {}),
    ipv4Ranges: (permission.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (permission.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
  };
}

export async function collectNetwork(ctx: AuditContext, region: string): Promise<void> {
  const ec2 = ctx.clients.ec2(region);
  const [groups, vpcs, flowLogs, loadBalancers, webAcls] = await Promise.all([
    ctx.pages('ec2:DescribeSecurityGroups', region, paginateDescribeSecurityGroups({ client: ec2, ...PAGE }, {})),
    ctx.pages('ec2:DescribeVpcs', region, paginateDescribeVpcs({ client: ec2, ...PAGE }, {})),
    ctx.pages('ec2:DescribeFlowLogs', region, paginateDescribeFlowLogs({ client: ec2, ...PAGE }, { Filter: [{ Name: 'resource-type', Values: ['VPC'] }] })),
    ctx.pages('elasticloadbalancing:DescribeLoadBalancers', region, paginateDescribeLoadBalancers({ client: ctx.clients.elbv2(region), pageSize: 400 }, {})),
    protectedResources(ctx, region),
  ]);

  const lbs = loadBalancers?.flatMap((p) => p.LoadBalancers ?? []);
  const lbsByGroup = new Map<string, string[]>();
  for (const lb of lbs ?? []) {
    for (const group of lb.SecurityGroups ?? []) lbsByGroup.set(group, [...(lbsByGroup.get(group) ?? []), lb.LoadBalancerArn ?? '']);
    const facts: LoadBalancerFacts = {
      name: lb.LoadBalancerName ?? '',
      type: lb.Type ?? '',
      scheme: lb.Scheme ?? '',
      securityGroups: lb.SecurityGroups ?? [],
    };
    if (webAcls) facts.webAcl = webAcls.get(lb.LoadBalancerArn ?? '') ?? null;
    ctx.add(KIND.loadBalancer, lb.LoadBalancerArn ?? '', region, facts);
  }

  for (const group of groups?.flatMap((p) => p.SecurityGroups ?? []) ?? []) {
    const facts: SecurityGroupFacts = {
      groupId: group.GroupId ?? '',
      groupName: group.GroupName ?? '',
      vpcId: group.VpcId,
      ingress: (group.IpPermissions ?? []).map(ingressOf),
      tags: tagsOf(group.Tags),
    };
    if (lbs) facts.loadBalancers = lbsByGroup.get(group.GroupId ?? '') ?? [];
    ctx.add(KIND.securityGroup, ctx.arn('ec2', region, `security-group/${group.GroupId}`), region, facts);
  }

  const logs = flowLogs?.flatMap((p) => p.FlowLogs ?? []);
  for (const vpc of vpcs?.flatMap((p) => p.Vpcs ?? []) ?? []) {
    const facts: VpcFacts = { vpcId: vpc.VpcId ?? '', isDefault: vpc.IsDefault === true, tags: tagsOf(vpc.Tags) };
    if (logs) {
      facts.flowLogs = logs
        .filter((l) => l.ResourceId === vpc.VpcId)
        .map((l) => ({ id: l.FlowLogId ?? '', status: l.FlowLogStatus ?? '', trafficType: l.TrafficType ?? '' }));
    }
    ctx.add(KIND.vpc, ctx.arn('ec2', region, `vpc/${vpc.VpcId}`), region, facts);
  }
}

/** Load balancer ARN → the regional web ACL protecting it; undefined when WAF could not be read. */
async function protectedResources(ctx: AuditContext, region: string): Promise<Map<string, string> | undefined> {
  const waf = ctx.clients.wafv2(region);
  const acls: WebACLSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await ctx.call('wafv2:ListWebACLs', region, () => waf.send(new ListWebACLsCommand({ Scope: 'REGIONAL', Limit: 100, NextMarker: marker })));
    if (!page) return undefined;
    acls.push(...(page.WebACLs ?? []));
    // WAF returns a marker on the last page too; an empty page ends the listing.
    marker = page.WebACLs?.length ? page.NextMarker : undefined;
  } while (marker);
  const protectedBy = new Map<string, string>();
  for (const acl of acls) {
    const listed = await ctx.perItem(() =>
      ctx.call('wafv2:ListResourcesForWebACL', region, () => waf.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN, ResourceType: 'APPLICATION_LOAD_BALANCER' }))),
    );
    if (!listed) return undefined;
    for (const arn of listed.ResourceArns ?? []) protectedBy.set(arn, acl.ARN ?? '');
  }
  return protectedBy;
}
