// elasticache.tf: a Redis replication group per service that asks for a
// cache: Multi-AZ in the private subnets, TLS required, encrypted at rest
// with the platform key, reachable only from the cluster's security group,
// and an AUTH token kept in Secrets Manager that a rotation function replaces
// every 30 days (ElastiCache keeps the previous token valid meanwhile, so
// pods pick the new one up on their next secret refresh).
import { cacheAuthSecretName, REDIS_PORT } from '../names.js';
import type { ServiceSpec } from '../spec.js';
import {
  arn, bounded, platformRoleName, clusterSecurityGroup, documentJson, label, logGroup, platformKeyArn, policyDocument, privateSubnetIds, regionalService, vpcId,
  type Context,
} from './context.js';
import { block, heredoc, ref, template, top, type Block, type Expr } from './hcl.js';
import { cacheAuthRotationSource } from './rotation-function.js';

/** Tag on each auth-token secret that names the replication group the rotation function updates. */
const REPLICATION_GROUP_TAG = 'guardrail.dev/replication-group';

export function cacheServices(ctx: Context): ServiceSpec[] {
  return ctx.services.filter((s) => s.cache === true);
}

function groupId(ctx: Context, service: ServiceSpec): string {
  return bounded(`${ctx.cluster.name}-${service.name}`.toLowerCase(), 40);
}

export function cacheSecretRef(service: ServiceSpec): Expr {
  return ref(`aws_secretsmanager_secret.cache_${label(service.name)}.arn`);
}

export function cacheGroupRef(service: ServiceSpec): string {
  return `aws_elasticache_replication_group.${label(service.name)}`;
}

function cacheResources(ctx: Context, service: ServiceSpec): Block[] {
  const name = label(service.name);
  const id = groupId(ctx, service);
  const secret = `cache_${name}`;
  return [
    top('resource', ['aws_security_group', `cache_${name}`], {
      name: bounded(`${ctx.cluster.name}-${service.name}-cache`, 255),
      description: `Redis of ${service.name}: reachable from the cluster only`,
      vpc_id: vpcId,
      tags: { Name: `${ctx.cluster.name}-${service.name}-cache` },
    }),
    top('resource', ['aws_vpc_security_group_ingress_rule', `cache_${name}`], {
      security_group_id: ref(`aws_security_group.cache_${name}.id`),
      referenced_security_group_id: clusterSecurityGroup,
      ip_protocol: 'tcp',
      from_port: REDIS_PORT,
      to_port: REDIS_PORT,
      description: 'Redis from the cluster',
    }),
    top('resource', ['random_password', secret], { length: 64, special: false }),
    top('resource', ['aws_secretsmanager_secret', secret], {
      name: cacheAuthSecretName(ctx.cluster, service),
      description: `AUTH token of the ${service.name} Redis`,
      kms_key_id: platformKeyArn,
      recovery_window_in_days: 7,
      tags: { [REPLICATION_GROUP_TAG]: id },
    }),
    top('resource', ['aws_secretsmanager_secret_version', secret], {
      secret_id: ref(`aws_secretsmanager_secret.${secret}.id`),
      secret_string: ref(`random_password.${secret}.result`),
      // Rotation writes new versions; Terraform only seeds the first.
      lifecycle: block({ ignore_changes: ref('[secret_string, version_stages]') }),
    }),
    top('resource', ['aws_secretsmanager_secret_rotation', secret], {
      secret_id: ref(`aws_secretsmanager_secret.${secret}.id`),
      rotation_lambda_arn: ref('aws_lambda_function.cache_auth_rotation.arn'),
      // The first token is fresh; the first rotation comes with the schedule, not while the group is being created.
      rotate_immediately: false,
      depends_on: [ref('aws_lambda_permission.cache_auth_rotation'), ref(cacheGroupRef(service)), ref(`aws_secretsmanager_secret_version.${secret}`)],
      rotation_rules: block({ automatically_after_days: 30 }),
    }),
    logGroup(`cache_${name}_slow`, `/aws/elasticache/${id}/slow-log`),
    logGroup(`cache_${name}_engine`, `/aws/elasticache/${id}/engine-log`),
    top('resource', ['aws_elasticache_replication_group', name], {
      replication_group_id: id,
      description: `Cache of ${service.name}`,
      engine: 'redis',
      engine_version: '7.1',
      parameter_group_name: 'default.redis7',
      node_type: ref('var.cache_node_type'),
      port: REDIS_PORT,
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      subnet_group_name: ref('aws_elasticache_subnet_group.main.name'),
      security_group_ids: [ref(`aws_security_group.cache_${name}.id`)],
      at_rest_encryption_enabled: true,
      kms_key_id: platformKeyArn,
      transit_encryption_enabled: true,
      auth_token: ref(`random_password.${secret}.result`),
      auto_minor_version_upgrade: true,
      snapshot_retention_limit: 7,
      apply_immediately: false,
      log_delivery_configuration: [
        block({ destination: ref(`aws_cloudwatch_log_group.cache_${name}_slow.name`), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'slow-log' }),
        block({ destination: ref(`aws_cloudwatch_log_group.cache_${name}_engine.name`), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'engine-log' }),
      ],
      // The rotation function owns the token after the first apply.
      lifecycle: block({ ignore_changes: ref('[auth_token]') }),
    }),
  ];
}

function rotationFunction(ctx: Context, services: ServiceSpec[]): Block[] {
  const functionName = bounded(`${ctx.cluster.name}-cache-auth-rotation`, 64);
  const secrets = services.map(cacheSecretRef);
  const groups = services.map((s) => arn(ctx, 'elasticache', `replicationgroup:${groupId(ctx, s)}`));
  return [
    top('data', ['archive_file', 'cache_auth_rotation'], {
      type: 'zip',
      output_path: template(ref('path.module'), '/.terraform/cache_auth_rotation.zip'),
      source: block({ filename: 'cache_auth_rotation.py', content: heredoc(cacheAuthRotationSource(REPLICATION_GROUP_TAG)) }),
    }),
    logGroup('cache_auth_rotation', `/aws/lambda/${functionName}`),
    top('resource', ['aws_lambda_function', 'cache_auth_rotation'], {
      function_name: functionName,
      description: 'Rotates the Redis AUTH tokens kept in Secrets Manager',
      role: ref('aws_iam_role.cache_auth_rotation.arn'),
      runtime: 'python3.12',
      handler: 'cache_auth_rotation.handler',
      filename: ref('data.archive_file.cache_auth_rotation.output_path'),
      source_code_hash: ref('data.archive_file.cache_auth_rotation.output_base64sha256'),
      timeout: 300,
      depends_on: [ref('aws_iam_role_policy.cache_auth_rotation'), ref('aws_cloudwatch_log_group.cache_auth_rotation')],
      logging_config: block({ log_format: 'JSON', log_group: ref('aws_cloudwatch_log_group.cache_auth_rotation.name') }),
    }),
    top('resource', ['aws_lambda_permission', 'cache_auth_rotation'], {
      statement_id: 'SecretsManagerRotation',
      action: 'lambda:InvokeFunction',
      function_name: ref('aws_lambda_function.cache_auth_rotation.function_name'),
      principal: 'secretsmanager.amazonaws.com',
      source_account: ctx.account,
    }),
    top('resource', ['aws_iam_role', 'cache_auth_rotation'], {
      name: platformRoleName(ctx, 'cache-auth-rotation'),
      description: 'The Redis AUTH token rotation function',
      assume_role_policy: documentJson('cache_auth_rotation_trust'),
    }),
    policyDocument('cache_auth_rotation_trust', [
      {
        sid: 'Lambda',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
      },
    ]),
    top('resource', ['aws_iam_role_policy', 'cache_auth_rotation'], {
      name: 'rotate-cache-auth-tokens',
      role: ref('aws_iam_role.cache_auth_rotation.id'),
      policy: documentJson('cache_auth_rotation'),
    }),
    policyDocument('cache_auth_rotation', [
      {
        sid: 'TokenSecrets',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: secrets,
      },
      // GetRandomPassword acts on no resource.
      { sid: 'RandomPassword', actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] },
      { sid: 'ReplicationGroups', actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'], resources: groups },
      {
        sid: 'PlatformKeyThroughSecretsManager',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [platformKeyArn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [regionalService(ctx, 'secretsmanager')] }],
      },
      {
        sid: 'Logs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [template(ref('aws_cloudwatch_log_group.cache_auth_rotation.arn'), ':log-stream:*')],
      },
    ]),
  ];
}

export function elasticacheFile(ctx: Context): Block[] {
  const services = cacheServices(ctx);
  if (services.length === 0) return [];
  return [
    top('resource', ['aws_elasticache_subnet_group', 'main'], {
      name: bounded(`${ctx.cluster.name}-cache`.toLowerCase(), 255),
      description: 'Private subnets of the platform',
      subnet_ids: privateSubnetIds,
    }),
    ...services.flatMap((service) => cacheResources(ctx, service)),
    ...rotationFunction(ctx, services),
  ];
}

