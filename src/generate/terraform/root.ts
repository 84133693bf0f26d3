// versions.tf, providers.tf, variables.tf and outputs.tf: what the root
// module needs from the outside, and what it hands to the manifests.
import {
  cacheAuthSecretName, containerLogGroupName, databaseUserName, fluentBitRoleName, TERRAFORM_KUSTOMIZE_ENV_OUTPUT, TERRAFORM_OUTPUTS_ENV_FILE,
  WEB_ACL_ARN_KEY,
} from '../names.js';
import { CLUSTER, clusterSecurityGroup, platformKeyArn, privateSubnetIds, publicSubnetIds, vpcId, type Context } from './context.js';
import { cacheGroupRef, cacheServices } from './elasticache.js';
import { block, call, ref, template, top, type Block, type Body, type Value } from './hcl.js';
import { databaseRef, databaseServices } from './rds.js';
import { serviceRoleRef } from './irsa.js';
import { publicServices } from './waf.js';

export function versionsFile(): Block[] {
  return [
    top('terraform', [], {
      required_version: '>= 1.5.0',
      required_providers: block({
        aws: { source: 'hashicorp/aws', version: '~> 5.80' },
        archive: { source: 'hashicorp/archive', version: '~> 2.4' },
        random: { source: 'hashicorp/random', version: '~> 3.6' },
        tls: { source: 'hashicorp/tls', version: '~> 4.0' },
      }),
    }),
  ];
}

export function providersFile(ctx: Context): Block[] {
  const { cluster } = ctx;
  return [
    top('provider', ['aws'], {
      region: ctx.region,
      // A plan against another account's credentials stops here instead of building the platform there.
      allowed_account_ids: [ctx.account],
      default_tags: block({
        tags: { 'guardrail.dev/platform': cluster.name, Environment: cluster.environment, ManagedBy: 'guardrail' },
      }),
    }),
  ];
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function variable(name: string, body: Body): Block {
  return top('variable', [name], body);
}

export function variablesFile(ctx: Context): Block[] {
  const zones = ctx.cluster.availabilityZones.length;
  const blocks = [
    variable('break_glass_role_arn', {
      description: 'IAM role that may administer the cluster in an emergency (AmazonEKSClusterAdminPolicy); everyone else gets scoped access entries',
      type: ref('string'),
      validation: block({
        condition: call('can', call('regex', `^arn:aws[a-z-]*:iam::${escapeRegex(ctx.account)}:role/`, ref('var.break_glass_role_arn'))),
        error_message: 'break_glass_role_arn must be an IAM role of this account.',
      }),
    }),
    variable('node_instance_types', { description: 'Instance types of the managed node group', type: ref('list(string)'), default: ['m6i.large'] }),
    variable('node_min_size', { description: 'Fewest nodes (at least one per availability zone)', type: ref('number'), default: Math.max(2, zones) }),
    variable('node_max_size', { description: 'Most nodes', type: ref('number'), default: Math.max(6, zones * 3) }),
    variable('node_volume_size', { description: 'Root volume of each node, in GiB', type: ref('number'), default: 50 }),
    variable('log_retention_days', { description: 'Days the platform\'s CloudWatch log groups keep events', type: ref('number'), default: 365 }),
  ];
  if (cacheServices(ctx).length > 0) {
    blocks.push(variable('cache_node_type', { description: 'Node type of the services\' Redis replication groups', type: ref('string'), default: 'cache.t4g.medium' }));
  }
  if (publicServices(ctx).length > 0) {
    blocks.push(variable('waf_rate_limit', { description: 'Requests per client IP in 5 minutes before the web ACL blocks it', type: ref('number'), default: 2000 }));
  }
  return blocks;
}

function output(name: string, description: string, value: Value, sensitive = false): Block {
  return top('output', [name], { description, value, sensitive: sensitive ? true : undefined });
}

function byService(entries: Array<[string, Value]>): Value {
  return Object.fromEntries(entries);
}

export function outputsFile(ctx: Context): Block[] {
  const blocks = [
    output('cluster_name', 'The EKS cluster', ref(`${CLUSTER}.name`)),
    output('cluster_endpoint', 'Private API endpoint of the cluster', ref(`${CLUSTER}.endpoint`)),
    output('cluster_security_group_id', 'Security group of the cluster and its nodes', clusterSecurityGroup),
    output('oidc_issuer', 'OIDC issuer of the cluster (cluster.oidcProvider in the platform spec)', ref('local.oidc_issuer')),
    output('oidc_provider_arn', 'IAM OIDC provider for IRSA', ref('aws_iam_openid_connect_provider.eks.arn')),
    output('platform_key_arn', 'The platform\'s KMS key', platformKeyArn),
    output('vpc_id', 'The platform\'s VPC', vpcId),
    output('private_subnet_ids', 'Private subnets (nodes, databases, caches)', privateSubnetIds),
    output('public_subnet_ids', 'Public subnets (load balancer, NAT gateways)', publicSubnetIds),
    output(
      'service_role_arns',
      'IRSA role of each service (the ServiceAccounts\' eks.amazonaws.com/role-arn)',
      byService(ctx.services.map((s) => [s.name, serviceRoleRef(s)])),
    ),
    output('fluent_bit_role_arn', `IRSA role of Fluent Bit (${fluentBitRoleName(ctx.cluster)})`, ref('aws_iam_role.fluent_bit.arn')),
    output('container_log_group', 'Log group Fluent Bit ships container logs to', containerLogGroupName(ctx.cluster)),
    output('security_findings_topic_arn', 'SNS topic GuardDuty findings go to: subscribe the security on-call', ref('aws_sns_topic.security_findings.arn')),
  ];
  const databases = databaseServices(ctx);
  if (databases.length > 0) {
    blocks.push(
      output(
        'databases',
        'Per service: endpoint, the IAM-authenticated user to create (GRANT rds_iam), and the RDS-managed master secret',
        byService(databases.map((s) => [s.name, {
          address: ref(`${databaseRef(s)}.address`),
          port: ref(`${databaseRef(s)}.port`),
          database: s.database!.name,
          iam_user: databaseUserName(s),
          master_user_secret_arn: ref(`${databaseRef(s)}.master_user_secret[0].secret_arn`),
        }])),
      ),
    );
  }
  const caches = cacheServices(ctx);
  if (caches.length > 0) {
    blocks.push(
      output(
        'caches',
        'Per service: the Redis primary endpoint (TLS) and the Secrets Manager secret holding its AUTH token',
        byService(caches.map((s) => [s.name, {
          primary_endpoint: ref(`${cacheGroupRef(s)}.primary_endpoint_address`),
          port: ref(`${cacheGroupRef(s)}.port`),
          auth_token_secret: cacheAuthSecretName(ctx.cluster, s),
        }])),
      ),
    );
  }
  if (publicServices(ctx).length > 0) {
    blocks.push(
      output('web_acl_arn', 'Web ACL the public Ingress attaches', ref('aws_wafv2_web_acl.public.arn')),
      output('alb_security_group_id', 'Security group of the internet-facing ALB', ref('aws_security_group.alb.id')),
    );
  }
  // KEY=value lines for kustomize (kubernetes/terraform-outputs.env); empty when nothing is public.
  blocks.push(
    output(
      TERRAFORM_KUSTOMIZE_ENV_OUTPUT,
      `Values the Kubernetes manifests take from AWS: terraform output -raw ${TERRAFORM_KUSTOMIZE_ENV_OUTPUT} > ../kubernetes/${TERRAFORM_OUTPUTS_ENV_FILE}`,
      publicServices(ctx).length > 0 ? template(`${WEB_ACL_ARN_KEY}=`, ref('aws_wafv2_web_acl.public.arn'), '\n') : '',
    ),
  );
  return blocks;
}
