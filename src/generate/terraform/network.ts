// network.tf: the VPC, private subnets per availability zone for nodes,
// databases and caches (egress through a NAT gateway per zone), public
// subnets for the load balancer and the NAT gateways only, an S3 gateway
// endpoint, a default security group that admits nothing, and flow logs to
// an encrypted log group.
import {
  arn, documentJson, platformRoleName, logGroup, policyDocument, serviceTrust, vpcId, type Context,
} from './context.js';
import { ref, template, top, type Block } from './hcl.js';

/**
 * Private subnets take the first sixteenths of the VPC range (a /20 of a
 * /16), public ones small ranges near its end (a /24 of a /16), one each per zone.
 */
const PRIVATE_NEWBITS = 4;
const PUBLIC_NEWBITS = 8;
const PUBLIC_FIRST = 240;

export function networkFile(ctx: Context): Block[] {
  const { cluster } = ctx;
  const zone = ref('each.key');
  const clusterTag = `kubernetes.io/cluster/${cluster.name}`;
  return [
    top('locals', [], {
      vpc_cidr: cluster.vpcCidr,
      availability_zones: cluster.availabilityZones,
      private_subnet_cidrs: ref(`{ for index, zone in local.availability_zones : zone => cidrsubnet(local.vpc_cidr, ${PRIVATE_NEWBITS}, index) }`),
      public_subnet_cidrs: ref(`{ for index, zone in local.availability_zones : zone => cidrsubnet(local.vpc_cidr, ${PUBLIC_NEWBITS}, ${PUBLIC_FIRST} + index) }`),
    }),
    top('resource', ['aws_vpc', 'main'], {
      cidr_block: ref('local.vpc_cidr'),
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: cluster.name },
    }),
    // AWS creates a default group in every VPC; without rules it admits and sends nothing.
    top('resource', ['aws_default_security_group', 'main'], { vpc_id: vpcId }),
    top('resource', ['aws_subnet', 'private'], {
      for_each: ref('local.private_subnet_cidrs'),
      vpc_id: vpcId,
      availability_zone: zone,
      cidr_block: ref('each.value'),
      map_public_ip_on_launch: false,
      tags: { Name: template(`${cluster.name}-private-`, zone), 'kubernetes.io/role/internal-elb': '1', [clusterTag]: 'shared' },
    }),
    top('resource', ['aws_subnet', 'public'], {
      for_each: ref('local.public_subnet_cidrs'),
      vpc_id: vpcId,
      availability_zone: zone,
      cidr_block: ref('each.value'),
      // Only load balancers and NAT gateways live here; neither needs an address assigned on launch.
      map_public_ip_on_launch: false,
      tags: { Name: template(`${cluster.name}-public-`, zone), 'kubernetes.io/role/elb': '1', [clusterTag]: 'shared' },
    }),
    top('resource', ['aws_internet_gateway', 'main'], { vpc_id: vpcId, tags: { Name: cluster.name } }),
    top('resource', ['aws_route_table', 'public'], {
      vpc_id: vpcId,
      tags: { Name: `${cluster.name}-public` },
    }),
    top('resource', ['aws_route', 'public_internet'], {
      route_table_id: ref('aws_route_table.public.id'),
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: ref('aws_internet_gateway.main.id'),
    }),
    top('resource', ['aws_route_table_association', 'public'], {
      for_each: ref('aws_subnet.public'),
      subnet_id: ref('each.value.id'),
      route_table_id: ref('aws_route_table.public.id'),
    }),
    top('resource', ['aws_eip', 'nat'], {
      for_each: ref('aws_subnet.public'),
      domain: 'vpc',
      tags: { Name: template(`${cluster.name}-nat-`, zone) },
    }),
    top('resource', ['aws_nat_gateway', 'main'], {
      for_each: ref('aws_subnet.public'),
      allocation_id: ref('aws_eip.nat[each.key].id'),
      subnet_id: ref('each.value.id'),
      tags: { Name: template(`${cluster.name}-`, zone) },
      depends_on: [ref('aws_internet_gateway.main')],
    }),
    top('resource', ['aws_route_table', 'private'], {
      for_each: ref('aws_subnet.private'),
      vpc_id: vpcId,
      tags: { Name: template(`${cluster.name}-private-`, zone) },
    }),
    top('resource', ['aws_route', 'private_nat'], {
      for_each: ref('aws_route_table.private'),
      route_table_id: ref('each.value.id'),
      destination_cidr_block: '0.0.0.0/0',
      nat_gateway_id: ref('aws_nat_gateway.main[each.key].id'),
    }),
    top('resource', ['aws_route_table_association', 'private'], {
      for_each: ref('aws_subnet.private'),
      subnet_id: ref('each.value.id'),
      route_table_id: ref('aws_route_table.private[each.key].id'),
    }),
    // S3 traffic (images layers from ECR, the services' buckets) stays on the AWS network.
    top('resource', ['aws_vpc_endpoint', 's3'], {
      vpc_id: vpcId,
      service_name: `com.amazonaws.${ctx.region}.s3`,
      vpc_endpoint_type: 'Gateway',
      route_table_ids: ref('[for table in aws_route_table.private : table.id]'),
      tags: { Name: `${cluster.name}-s3` },
    }),
    top('resource', ['aws_flow_log', 'vpc'], {
      vpc_id: vpcId,
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: ref('aws_cloudwatch_log_group.flow_logs.arn'),
      iam_role_arn: ref('aws_iam_role.flow_logs.arn'),
      max_aggregation_interval: 60,
    }),
    logGroup('flow_logs', `/aws/vpc/${cluster.name}/flow-logs`),
    top('resource', ['aws_iam_role', 'flow_logs'], {
      name: platformRoleName(ctx, 'vpc-flow-logs'),
      description: 'Lets VPC Flow Logs write to its CloudWatch log group',
      assume_role_policy: documentJson('flow_logs_trust'),
    }),
    serviceTrust(ctx, 'flow_logs_trust', 'vpc-flow-logs.amazonaws.com', arn(ctx, 'ec2', 'vpc-flow-log/*')),
    top('resource', ['aws_iam_role_policy', 'flow_logs'], {
      name: 'deliver-to-log-group',
      role: ref('aws_iam_role.flow_logs.id'),
      policy: documentJson('flow_logs'),
    }),
    policyDocument('flow_logs', [
      {
        sid: 'DeliverFlowLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [ref('aws_cloudwatch_log_group.flow_logs.arn'), template(ref('aws_cloudwatch_log_group.flow_logs.arn'), ':log-stream:*')],
      },
    ]),
  ];
}
