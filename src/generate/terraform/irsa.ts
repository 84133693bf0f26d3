// irsa.tf: one IAM role per service, assumable only by that service's
// ServiceAccount, with a policy naming exactly the ARNs its spec lists (and
// the platform's own bucket key, database and cache it owns); Fluent Bit's
// role, which may only write to the container log group.
import {
  arn, documentJson, label, logGroup, platformKeyArn, policyDocument, regionalService, serviceAccountTrust,
  type Context, type Statement,
} from './context.js';
import { ref, template, top, type Block, type Expr } from './hcl.js';
import {
  containerLogGroupName, databaseUserName, FLUENT_BIT_SERVICE_ACCOUNT, fluentBitRoleName, OBSERVABILITY_NAMESPACE, serviceAccountName,
  serviceRoleName,
} from '../names.js';
import type { AwsAccessSpec, S3Access, ServiceSpec } from '../spec.js';
import { cacheSecretRef } from './elasticache.js';

const S3_OBJECT_ACTIONS: Record<S3Access, string[]> = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject', 's3:AbortMultipartUpload'],
  'read-write': ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
};

const SQS_ACTIONS = {
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  produce: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  both: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
} as const;

const DYNAMODB_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  'read-write': [
    'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
    'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem',
  ],
} as const;

/** Sids are alphanumeric; the index keeps them distinct. */
function sid(prefix: string, index: number): string {
  return `${prefix}${index}`;
}

function s3Statements(ctx: Context, access: NonNullable<AwsAccessSpec['s3']>): Statement[] {
  const statements: Statement[] = [];
  access.forEach((entry, i) => {
    const prefix = entry.prefix ?? '';
    const bucketArn = `arn:${ctx.partition}:s3:::${entry.bucket}`;
    statements.push({ sid: sid('S3Objects', i), actions: S3_OBJECT_ACTIONS[entry.access], resources: [`${bucketArn}/${prefix}*`] });
    if (entry.access !== 'write') {
      statements.push({
        sid: sid('S3List', i),
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: prefix === '' ? undefined : [{ test: 'StringLike', variable: 's3:prefix', values: [`${prefix}*`] }],
      });
    }
  });
  // The platform's buckets are encrypted with the platform key: usable only through S3.
  const reads = access.some((entry) => entry.access !== 'write');
  const writes = access.some((entry) => entry.access !== 'read');
  statements.push({
    sid: 'PlatformKeyThroughS3',
    actions: [...(reads ? ['kms:Decrypt'] : []), ...(writes ? ['kms:GenerateDataKey'] : [])],
    resources: [platformKeyArn],
    conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [regionalService(ctx, 's3')] }],
  });
  return statements;
}

/** Everything the service's spec grants it, statement by statement. */
function serviceStatements(ctx: Context, service: ServiceSpec): Statement[] {
  const aws = service.aws ?? {};
  const statements: Statement[] = [];
  if (aws.s3 && aws.s3.length > 0) statements.push(...s3Statements(ctx, aws.s3));
  if (aws.kms && aws.kms.length > 0) {
    statements.push({ sid: 'Keys', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: aws.kms });
  }
  (aws.sqs ?? []).forEach((queue, i) => statements.push({ sid: sid('Queue', i), actions: SQS_ACTIONS[queue.access], resources: [queue.arn] }));
  if (aws.sns && aws.sns.length > 0) statements.push({ sid: 'Topics', actions: ['sns:Publish'], resources: aws.sns.map((t) => t.arn) });
  (aws.dynamodb ?? []).forEach((table, i) =>
    statements.push({ sid: sid('Table', i), actions: DYNAMODB_ACTIONS[table.access], resources: [table.arn, `${table.arn}/index/*`] }),
  );
  if (aws.secrets && aws.secrets.length > 0) {
    statements.push({
      sid: 'Secrets',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      // Secrets Manager appends six random characters to every secret's ARN.
      resources: aws.secrets.map((name) => arn(ctx, 'secretsmanager', `secret:${name}-??????`)),
    });
  }
  if (service.database) {
    statements.push({
      sid: 'DatabaseIamAuthentication',
      actions: ['rds-db:connect'],
      resources: [
        template(arn(ctx, 'rds-db', 'dbuser:'), ref(`aws_db_instance.${label(service.name)}.resource_id`), `/${databaseUserName(service)}`),
      ],
    });
  }
  if (service.cache) {
    statements.push({
      sid: 'CacheAuthToken',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [cacheSecretRef(service)],
    });
    statements.push({ sid: 'CacheAuthTokenKey', actions: ['kms:Decrypt'], resources: [platformKeyArn], conditions: [
      { test: 'StringEquals', variable: 'kms:ViaService', values: [regionalService(ctx, 'secretsmanager')] },
    ] });
  }
  return statements;
}

function role(name: string, roleName: string, description: string, trust: string): Block {
  return top('resource', ['aws_iam_role', name], {
    name: roleName,
    description,
    assume_role_policy: documentJson(trust),
  });
}

function inlinePolicy(name: string, policyName: string, document: string): Block {
  return top('resource', ['aws_iam_role_policy', name], {
    name: policyName,
    role: ref(`aws_iam_role.${name}.id`),
    policy: documentJson(document),
  });
}

function serviceRole(ctx: Context, service: ServiceSpec): Block[] {
  const name = `service_${label(service.name)}`;
  const statements = serviceStatements(ctx, service);
  return [
    role(name, serviceRoleName(ctx.cluster, service), `IRSA role of ${service.namespace}/${serviceAccountName(service)}`, `${name}_trust`),
    serviceAccountTrust(`${name}_trust`, service.namespace, serviceAccountName(service)),
    ...(statements.length === 0 ? [] : [inlinePolicy(name, 'service-access', name), policyDocument(name, statements)]),
  ];
}

export function serviceRoleRef(service: ServiceSpec): Expr {
  return ref(`aws_iam_role.service_${label(service.name)}.arn`);
}

export function irsaFile(ctx: Context): Block[] {
  const logGroupArn = arn(ctx, 'logs', `log-group:${containerLogGroupName(ctx.cluster)}`);
  return [
    ...ctx.services.flatMap((service) => serviceRole(ctx, service)),
    logGroup('containers', containerLogGroupName(ctx.cluster)),
    role('fluent_bit', fluentBitRoleName(ctx.cluster), `IRSA role of ${OBSERVABILITY_NAMESPACE}/${FLUENT_BIT_SERVICE_ACCOUNT}: ships container logs`, 'fluent_bit_trust'),
    serviceAccountTrust('fluent_bit_trust', OBSERVABILITY_NAMESPACE, FLUENT_BIT_SERVICE_ACCOUNT),
    inlinePolicy('fluent_bit', 'container-logs', 'fluent_bit'),
    policyDocument('fluent_bit', [
      {
        sid: 'ContainerLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
      },
    ]),
  ];
}
