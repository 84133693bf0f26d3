// waf.tf and alb.tf, written when a service is public: the regional web ACL
// the public Ingress attaches (AWS managed rule groups and a per-client rate
// limit, logged to an encrypted aws-waf-logs-* group), and the ALB's
// security group, the only one open to the internet, on 443 and 80.
import { ALB_ACCESS_LOG_PREFIX, albAccessLogBucketName, albSecurityGroupName, webAclName } from '../names.js';
import { bounded, clusterSecurityGroup, logGroup, vpcId, type Context, type Statement } from './context.js';
import { block, ref, template, top, type Block } from './hcl.js';
import { bucketResources } from './s3.js';

/**
 * Regions opened before August 2022, where load balancers deliver access logs
 * as the region's Elastic Load Balancing account; later regions use the
 * log delivery service principal.
 */
const ELB_ACCOUNT_REGIONS = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'eu-south-1', 'eu-north-1', 'me-south-1', 'sa-east-1', 'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1',
]);

const MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

function visibility(metric: string) {
  return block({ cloudwatch_metrics_enabled: true, metric_name: metric, sampled_requests_enabled: true });
}

export function publicServices(ctx: Context) {
  return ctx.services.filter((s) => s.public === true);
}

export function wafFile(ctx: Context): Block[] {
  if (publicServices(ctx).length === 0) return [];
  const acl = webAclName(ctx.cluster);
  return [
    top('resource', ['aws_wafv2_web_acl', 'public'], {
      name: acl,
      description: 'In front of the public services: AWS managed rules and a rate limit per client',
      scope: 'REGIONAL',
      default_action: block({ allow: block() }),
      rule: [
        block({
          name: 'RateLimitPerClient',
          priority: 0,
          action: block({ block: block() }),
          statement: block({
            rate_based_statement: block({ limit: ref('var.waf_rate_limit'), aggregate_key_type: 'IP', evaluation_window_sec: 300 }),
          }),
          visibility_config: visibility('RateLimitPerClient'),
        }),
        ...MANAGED_GROUPS.map((group, index) =>
          block({
            name: group,
            priority: 10 * (index + 1),
            override_action: block({ none: block() }),
            statement: block({ managed_rule_group_statement: block({ name: group, vendor_name: 'AWS' }) }),
            visibility_config: visibility(group),
          }),
        ),
      ],
      visibility_config: visibility(bounded(acl.replace(/[^A-Za-z0-9_-]/g, '-'), 128)),
    }),
    // WAF requires its log groups' names to start with aws-waf-logs-.
    logGroup('waf', `aws-waf-logs-${ctx.cluster.name}`),
    top('resource', ['aws_wafv2_web_acl_logging_configuration', 'public'], {
      resource_arn: ref('aws_wafv2_web_acl.public.arn'),
      log_destination_configs: [ref('aws_cloudwatch_log_group.waf.arn')],
      redacted_fields: [
        block({ single_header: block({ name: 'authorization' }) }),
        block({ single_header: block({ name: 'cookie' }) }),
      ],
    }),
  ];
}

/** Ports the ALB forwards to: the first port of each public service (what its Ingress targets, pods by IP). */
function backendPorts(ctx: Context): number[] {
  return [...new Set(publicServices(ctx).map((s) => s.ports[0].port))].sort((a, b) => a - b);
}

export function albFile(ctx: Context): Block[] {
  if (publicServices(ctx).length === 0) return [];
  const name = albSecurityGroupName(ctx.cluster);
  const group = ref('aws_security_group.alb.id');
  const listener = (port: number, description: string) =>
    top('resource', ['aws_vpc_security_group_ingress_rule', `alb_${port}`], {
      security_group_id: group,
      cidr_ipv4: '0.0.0.0/0',
      ip_protocol: 'tcp',
      from_port: port,
      to_port: port,
      description,
    });
  return [
    ...accessLogBucket(ctx),
    top('resource', ['aws_security_group', 'alb'], {
      name,
      description: 'Internet-facing ALB of the public services (attached by the Ingress through its Name tag)',
      vpc_id: vpcId,
      tags: { Name: name },
    }),
    listener(443, 'HTTPS from the internet'),
    listener(80, 'HTTP from the internet, redirected to HTTPS'),
    ...backendPorts(ctx).flatMap((port) => [
      top('resource', ['aws_vpc_security_group_egress_rule', `alb_to_pods_${port}`], {
        security_group_id: group,
        referenced_security_group_id: clusterSecurityGroup,
        ip_protocol: 'tcp',
        from_port: port,
        to_port: port,
        description: 'To the public services\' pods',
      }),
      top('resource', ['aws_vpc_security_group_ingress_rule', `pods_from_alb_${port}`], {
        security_group_id: clusterSecurityGroup,
        referenced_security_group_id: group,
        ip_protocol: 'tcp',
        from_port: port,
        to_port: port,
        description: 'Public services\' pods from the ALB',
      }),
    ]),
  ];
}

/** The access-log bucket: SSE-S3 (the only encryption ELB log delivery accepts), writable by log delivery under its prefix only. */
function accessLogBucket(ctx: Context): Block[] {
  const legacy = ELB_ACCOUNT_REGIONS.has(ctx.region);
  const writer: Statement = {
    sid: 'LoadBalancerAccessLogs',
    actions: ['s3:PutObject'],
    resources: [template(ref('aws_s3_bucket.alb_logs.arn'), `/${ALB_ACCESS_LOG_PREFIX}/AWSLogs/${ctx.account}/*`)],
    principals: legacy
      ? [{ type: 'AWS', identifiers: [ref('data.aws_elb_service_account.main.arn')] }]
      : [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
  };
  return [
    ...(legacy ? [top('data', ['aws_elb_service_account', 'main'])] : []),
    ...bucketResources('alb_logs', albAccessLogBucketName(ctx.cluster), { statements: [writer], s3ManagedKeys: true }),
    top('resource', ['aws_s3_bucket_lifecycle_configuration', 'alb_logs'], {
      bucket: ref('aws_s3_bucket.alb_logs.id'),
      rule: block({
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: block({ prefix: `${ALB_ACCESS_LOG_PREFIX}/` }),
        expiration: block({ days: ref('var.log_retention_days') }),
        noncurrent_version_expiration: block({ noncurrent_days: 30 }),
      }),
    }),
  ];
}
