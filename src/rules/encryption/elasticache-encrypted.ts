import { at, describe, flag, isBlank, setting, textOf } from '../../core/iac.js';
import type { Report, Resource, Rule } from '../../core/types.js';

/** Setting names of a replication group per input. */
interface GroupFields {
  engine: string;
  transit: string;
  transitMode: string;
  atRest: string;
  kmsKey: string;
  authToken: string;
  userGroups: string;
  globalGroup: string;
}

const TERRAFORM: GroupFields = {
  engine: 'engine',
  transit: 'transit_encryption_enabled',
  transitMode: 'transit_encryption_mode',
  atRest: 'at_rest_encryption_enabled',
  kmsKey: 'kms_key_id',
  authToken: 'auth_token',
  userGroups: 'user_group_ids',
  globalGroup: 'global_replication_group_id',
};

const CFN: GroupFields = {
  engine: 'Engine',
  transit: 'TransitEncryptionEnabled',
  transitMode: 'TransitEncryptionMode',
  atRest: 'AtRestEncryptionEnabled',
  kmsKey: 'KmsKeyId',
  authToken: 'AuthToken',
  userGroups: 'UserGroupIds',
  globalGroup: 'GlobalReplicationGroupId',
};

const REDIS_ENGINES = new Set(['redis', 'valkey']);

/** The engine, lower-cased: `redis` when unset (the default), undefined when unknown. */
function engineOf(resource: Resource, field: string, fallback: string | undefined): string | undefined {
  const raw = setting(resource, field);
  if (isBlank(resource, raw)) return fallback;
  return textOf(resource, raw)?.toLowerCase();
}

function* checkReplicationGroup(group: Resource, fields: GroupFields): Iterable<Report> {
  const engine = engineOf(group, fields.engine, 'redis');
  if (engine === undefined || !REDIS_ENGINES.has(engine)) return;
  const name = describe(group);
  // A member of a global datastore takes its encryption settings from the global group.
  const inherited = !isBlank(group, setting(group, fields.globalGroup));
  const transit = inherited ? true : flag(group, setting(group, fields.transit), false);
  if (transit === false) {
    yield {
      path: at(group, fields.transit),
      message: `${name} does not encrypt in transit: set ${fields.transit} to true so session data and the AUTH token do not cross the network in clear text`,
    };
  } else if (transit === true && textOf(group, setting(group, fields.transitMode))?.toLowerCase() === 'preferred') {
    yield {
      path: at(group, fields.transitMode),
      severity: 'medium',
      message: `${name} accepts unencrypted connections (${fields.transitMode} preferred): set it to required once clients use TLS`,
    };
  }
  // Valkey replication groups encrypt at rest unless told otherwise; Redis OSS ones do not.
  const atRest = inherited ? true : flag(group, setting(group, fields.atRest), engine === 'valkey');
  if (atRest === false) {
    yield { path: at(group, fields.atRest), message: `${name} does not encrypt at rest: set ${fields.atRest} to true with a customer-managed ${fields.kmsKey}` };
  } else if (atRest === true && !inherited && isBlank(group, setting(group, fields.kmsKey))) {
    yield {
      path: at(group, fields.atRest),
      severity: 'medium',
      message: `${name} encrypts at rest with the default ElastiCache key: set ${fields.kmsKey} to a customer-managed KMS key`,
    };
  }
  if (isBlank(group, setting(group, fields.authToken)) && isBlank(group, setting(group, fields.userGroups))) {
    yield {
      path: at(group),
      message: `${name} requires no authentication: set ${fields.authToken} (from Secrets Manager) or ${fields.userGroups} for RBAC users`,
    };
  }
}

/** A standalone Redis node (no replication group) cannot use TLS, encryption at rest or AUTH. */
function* checkCacheCluster(cluster: Resource, engineField: string, groupField: string | undefined): Iterable<Report> {
  if (groupField !== undefined && !isBlank(cluster, setting(cluster, groupField))) return;
  const engine = engineOf(cluster, engineField, undefined);
  if (engine === undefined || !REDIS_ENGINES.has(engine)) return;
  yield {
    path: at(cluster, engineField),
    severity: 'medium',
    message: `${describe(cluster)} runs ${engine} as a standalone cache cluster, which cannot encrypt in transit or at rest nor require AUTH: use a replication group with encryption and an auth token`,
  };
}

export const elasticacheEncrypted: Rule = {
  id: 'elasticache-encrypted',
  practice: 'ENC-REDIS',
  severity: 'high',
  title: 'Redis (ElastiCache) requires AUTH and encrypts in transit and at rest with a KMS key',
  rationale:
    'The session store holds live session tokens: without TLS anyone on the VPC path can read or replay them, and without an AUTH token or RBAC user group any pod that reaches port 6379 can read every session or flush the store. Encryption at rest with a customer-managed key keeps snapshots and swapped pages unreadable without kms:Decrypt on that key.',
  remediation:
    'Terraform: `aws_elasticache_replication_group` with `transit_encryption_enabled = true`, `at_rest_encryption_enabled = true`, `kms_key_id = aws_kms_key.<key>.arn` and `auth_token` from Secrets Manager (or `user_group_ids`). CloudFormation: `AWS::ElastiCache::ReplicationGroup` with `TransitEncryptionEnabled: true`, `AtRestEncryptionEnabled: true`, `KmsKeyId` and `AuthToken: "{{resolve:secretsmanager:...}}"`. Replace standalone Redis `aws_elasticache_cluster` / `AWS::ElastiCache::CacheCluster` nodes with replication groups.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    if (resource.input === 'terraform') {
      if (resource.kind === 'aws_elasticache_replication_group') yield* checkReplicationGroup(resource, TERRAFORM);
      else if (resource.kind === 'aws_elasticache_cluster') yield* checkCacheCluster(resource, 'engine', 'replication_group_id');
    } else if (resource.input === 'cfn') {
      if (resource.kind === 'AWS::ElastiCache::ReplicationGroup') yield* checkReplicationGroup(resource, CFN);
      else if (resource.kind === 'AWS::ElastiCache::CacheCluster') yield* checkCacheCluster(resource, 'Engine', undefined);
    }
  },
};
