import { KIND, type IngressRule, type SecurityGroupFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf, OPEN_CIDRS } from './support.js';

/** What a load balancer must serve to the internet. */
const WEB_PORTS = new Set([80, 443]);
/** Remote administration and data stores: never for the whole internet. */
const SENSITIVE_PORTS = [22, 3389, 5432, 3306, 1433, 1521, 6379, 27017, 9200, 2379, 10250];

function allTraffic(rule: IngressRule): boolean {
  return rule.protocol === '-1' || rule.protocol === 'all';
}

function portText(rule: IngressRule): string {
  if (allTraffic(rule)) return 'all traffic';
  if (rule.fromPort === undefined || rule.toPort === undefined || rule.fromPort === -1) return `${rule.protocol} (all ports)`;
  return rule.fromPort === rule.toPort ? `${rule.protocol} port ${rule.fromPort}` : `${rule.protocol} ports ${rule.fromPort}-${rule.toPort}`;
}

function covers(rule: IngressRule, port: number): boolean {
  if (allTraffic(rule)) return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  if (rule.fromPort === undefined || rule.toPort === undefined || rule.fromPort === -1) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}

function onlyWeb(rule: IngressRule): boolean {
  return (rule.protocol === 'tcp' || rule.protocol === '6') && rule.fromPort !== undefined && rule.fromPort === rule.toPort && WEB_PORTS.has(rule.fromPort);
}

export const awsSecurityGroupOpen: Rule = {
  id: 'aws-security-group-open',
  practice: 'NET-SG-RESTRICTED',
  severity: 'high',
  title: 'Security groups admit no traffic from the whole internet',
  rationale:
    'An ingress rule from 0.0.0.0/0 or ::/0 exposes the port to every scanner on the internet: SSH and RDP brute force, unauthenticated databases and consoles, and every unpatched service behind it. Only load balancers need to accept HTTP and HTTPS from anywhere.',
  remediation:
    'Replace the open range with the load balancer\'s security group, the VPC CIDR, or the office/VPN ranges that need access; reach instances through SSM Session Manager instead of SSH/RDP. HTTP and HTTPS open to the internet belong only on a load balancer\'s group.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const group = factsOf<SecurityGroupFacts>(resource, KIND.securityGroup);
    if (!group) return;
    // Undefined when the load balancers could not be listed: then open HTTP/HTTPS may well be a load balancer's.
    const onLoadBalancer = group.loadBalancers === undefined ? undefined : group.loadBalancers.length > 0;
    for (const rule of group.ingress) {
      const open = [...rule.ipv4Ranges, ...rule.ipv6Ranges].filter((c) => OPEN_CIDRS.has(c));
      if (open.length === 0) continue;
      if (onlyWeb(rule) && onLoadBalancer !== false) continue;
      const sensitive = SENSITIVE_PORTS.filter((p) => covers(rule, p));
      const what = `security group ${group.groupId} (${group.groupName}) admits ${portText(rule)} from ${open.join(' and ')}`;
      if (onlyWeb(rule)) {
        yield { severity: 'medium', message: `${what}, but is attached to no load balancer: put the service behind a load balancer and allow it only from the load balancer's group` };
      } else {
        yield {
          severity: allTraffic(rule) || sensitive.length > 0 ? 'high' : 'medium',
          message: `${what}${sensitive.length > 0 && !allTraffic(rule) && rule.fromPort !== rule.toPort ? ` (reaches ${sensitive.join(', ')})` : ''}: allow only the sources that need it`,
        };
      }
    }
  },
};
