// endpoints.tf: interface VPC endpoints with private DNS for the AWS APIs the
// pods call. The services' NetworkPolicies allow egress to the VPC's range on
// 443 only, so STS (IRSA), CloudWatch Logs (Fluent Bit) and the APIs the spec
// grants must answer inside the VPC, S3 and DynamoDB included.
import { privateSubnetIds, vpcId, type Context } from './context.js';
import { block, call, ref, template, top, type Block } from './hcl.js';

/** Interface endpoints the spec needs, by service name, sorted. */
function interfaceEndpoints(ctx: Context): string[] {
  const needed = new Set(['sts', 'logs']);
  for (const service of ctx.services) {
    const aws = service.aws ?? {};
    if ((aws.secrets ?? []).length > 0 || service.cache) needed.add('secretsmanager');
    if ((aws.kms ?? []).length > 0) needed.add('kms');
    if ((aws.sqs ?? []).length > 0) needed.add('sqs');
    if ((aws.sns ?? []).length > 0) needed.add('sns');
  }
  return [...needed].sort();
}

export function endpointsFile(ctx: Context): Block[] {
  const usesS3 = ctx.services.some((s) => (s.aws?.s3 ?? []).length > 0);
  const usesDynamoDb = ctx.services.some((s) => (s.aws?.dynamodb ?? []).length > 0);
  const endpointGroup = [ref('aws_security_group.endpoints.id')];
  const blocks: Block[] = [
    top('resource', ['aws_security_group', 'endpoints'], {
      name: `${ctx.cluster.name}-vpc-endpoints`,
      description: 'Interface endpoints of AWS APIs: HTTPS from the VPC',
      vpc_id: vpcId,
      tags: { Name: `${ctx.cluster.name}-vpc-endpoints` },
    }),
    top('resource', ['aws_vpc_security_group_ingress_rule', 'endpoints'], {
      security_group_id: ref('aws_security_group.endpoints.id'),
      cidr_ipv4: ref('local.vpc_cidr'),
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      description: 'HTTPS from the VPC',
    }),
    top('data', ['aws_vpc_endpoint_service', 'interface'], {
      for_each: call('toset', interfaceEndpoints(ctx)),
      service: ref('each.key'),
      service_type: 'Interface',
    }),
    top('resource', ['aws_vpc_endpoint', 'interface'], {
      for_each: ref('data.aws_vpc_endpoint_service.interface'),
      vpc_id: vpcId,
      service_name: ref('each.value.service_name'),
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: privateSubnetIds,
      security_group_ids: endpointGroup,
      tags: { Name: template(`${ctx.cluster.name}-`, ref('each.key')) },
    }),
  ];
  // S3 and DynamoDB have gateway endpoints too: their interface endpoints take the service's name in the VPC only
  // after the gateway exists, and only with private DNS for every resolver (not just inbound ones).
  const both = (service: 's3' | 'dynamodb', gateway: string) =>
    top('resource', ['aws_vpc_endpoint', `${service}_interface`], {
      vpc_id: vpcId,
      service_name: `com.amazonaws.${ctx.region}.${service}`,
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: privateSubnetIds,
      security_group_ids: endpointGroup,
      tags: { Name: `${ctx.cluster.name}-${service}-interface` },
      depends_on: [ref(gateway)],
      dns_options: block({ private_dns_only_for_inbound_resolver_endpoint: false }),
    });
  if (usesS3) blocks.push(both('s3', 'aws_vpc_endpoint.s3'));
  if (usesDynamoDb) {
    blocks.push(
      top('resource', ['aws_vpc_endpoint', 'dynamodb'], {
        vpc_id: vpcId,
        service_name: `com.amazonaws.${ctx.region}.dynamodb`,
        vpc_endpoint_type: 'Gateway',
        route_table_ids: ref('[for table in aws_route_table.private : table.id]'),
        tags: { Name: `${ctx.cluster.name}-dynamodb` },
      }),
      both('dynamodb', 'aws_vpc_endpoint.dynamodb'),
    );
  }
  return blocks;
}
