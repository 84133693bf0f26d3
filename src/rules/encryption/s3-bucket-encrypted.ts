import { at, coverageOf, describe, firstBlock, isBlank, setting, textOf } from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';

const BUCKET = 'aws_s3_bucket';
const SSE_CONFIGURATION = 'aws_s3_bucket_server_side_encryption_configuration';
const CFN_BUCKET = 'AWS::S3::Bucket';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);
/** The AWS-managed key for S3, by alias name or alias ARN. */
const AWS_MANAGED_KEY = /(?:^|:)alias\/aws\/s3$/;

interface DefaultEncryption {
  algorithm: unknown;
  key: unknown;
  /** Path of the algorithm setting, for reports. */
  path: KeyPath;
}

/** The default-encryption entry of a Terraform `rule` list (the first rule that has one); 'none' when it has none, undefined when unknown. */
function terraformDefault(resource: Resource, rulesPath: KeyPath): DefaultEncryption | 'none' | undefined {
  const rules = setting(resource, ...rulesPath);
  if (!Array.isArray(rules)) return isBlank(resource, rules) ? 'none' : undefined;
  for (let i = 0; i < rules.length; i++) {
    const defaults = firstBlock(firstBlock(rules[i])?.apply_server_side_encryption_by_default);
    if (defaults) {
      return { algorithm: defaults.sse_algorithm, key: defaults.kms_master_key_id, path: at(resource, ...rulesPath, i, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm') };
    }
  }
  return 'none';
}

function cfnDefault(resource: Resource): DefaultEncryption | 'none' | undefined {
  const rules = setting(resource, 'BucketEncryption', 'ServerSideEncryptionConfiguration');
  if (!Array.isArray(rules)) return isBlank(resource, rules) ? 'none' : undefined;
  for (let i = 0; i < rules.length; i++) {
    const defaults = firstBlock(firstBlock(rules[i])?.ServerSideEncryptionByDefault);
    if (defaults) {
      return { algorithm: defaults.SSEAlgorithm, key: defaults.KMSMasterKeyID, path: at(resource, 'BucketEncryption', 'ServerSideEncryptionConfiguration', i, 'ServerSideEncryptionByDefault', 'SSEAlgorithm') };
    }
  }
  return 'none';
}

/** Judges a declared default encryption: KMS with a customer-managed key passes. */
function* judge(resource: Resource, found: DefaultEncryption | 'none' | undefined, fallbackPath: KeyPath): Iterable<Report> {
  const cfn = resource.input === 'cfn';
  const keyName = cfn ? 'KMSMasterKeyID' : 'kms_master_key_id';
  if (found === undefined) return;
  if (found === 'none') {
    yield { path: fallbackPath, message: `${describe(resource)} declares no default encryption rule: set ${cfn ? 'ServerSideEncryptionByDefault.SSEAlgorithm' : 'apply_server_side_encryption_by_default.sse_algorithm'} to aws:kms with a customer-managed ${keyName}` };
    return;
  }
  const algorithm = textOf(resource, found.algorithm);
  if (algorithm === undefined) return;
  if (algorithm === 'AES256') {
    yield {
      path: found.path,
      severity: 'medium',
      message: `${describe(resource)} encrypts with S3-managed keys (AES256): use aws:kms with a customer-managed ${keyName} so the key policy and CloudTrail control who can decrypt`,
    };
  } else if (KMS_ALGORITHMS.has(algorithm)) {
    const key = textOf(resource, found.key);
    if (isBlank(resource, found.key) || (key !== undefined && AWS_MANAGED_KEY.test(key))) {
      yield { path: found.path, severity: 'low', message: `${describe(resource)} uses SSE-KMS with the AWS-managed aws/s3 key: set ${keyName} to a customer-managed key` };
    }
  }
}

function* checkTerraformBucket(bucket: Resource, model: Model): Iterable<Report> {
  const coverage = coverageOf(model, bucket, SSE_CONFIGURATION, ['bucket'], ['bucket', 'id']);
  // A separate configuration resource is judged on its own.
  if (coverage.covering.length > 0) return;
  const inline = setting(bucket, 'server_side_encryption_configuration');
  if (!isBlank(bucket, inline)) {
    const rulesPath = ['server_side_encryption_configuration', 0, 'rule'];
    if (firstBlock(inline)) yield* judge(bucket, terraformDefault(bucket, rulesPath), at(bucket, 'server_side_encryption_configuration'));
    return;
  }
  if (coverage.unknown) return;
  yield {
    message: `${bucket.name} has no default encryption configuration: add an ${SSE_CONFIGURATION} with sse_algorithm = "aws:kms" and a customer-managed kms_master_key_id`,
  };
}

export const s3BucketEncrypted: Rule = {
  id: 's3-bucket-encrypted',
  practice: 'ENC-S3',
  severity: 'high',
  title: 'S3 buckets encrypt by default with a customer-managed KMS key',
  rationale:
    'S3-managed keys (SSE-S3, AES256) protect only against stolen disks: anyone the bucket policy lets read an object gets it in clear text, and no key policy or CloudTrail decrypt event stands in between. With SSE-KMS and a customer-managed key, reading session data also needs kms:Decrypt on that key, which can be scoped to the one service role, audited per call and revoked in one place. A bucket without a declared encryption rule relies on whatever the account has, and objects written before S3 applied SSE-S3 by default stay unencrypted.',
  remediation:
    'Terraform (AWS provider v4+): add `resource "aws_s3_bucket_server_side_encryption_configuration"` with `bucket = aws_s3_bucket.<name>.id` and `rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" kms_master_key_id = aws_kms_key.<key>.arn } bucket_key_enabled = true }`. CloudFormation: `BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key.Arn}, BucketKeyEnabled: true}]}`.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.input === 'terraform' && resource.kind === BUCKET) {
      yield* checkTerraformBucket(resource, model);
    } else if (resource.input === 'terraform' && resource.kind === SSE_CONFIGURATION) {
      yield* judge(resource, terraformDefault(resource, ['rule']), at(resource, 'rule'));
    } else if (resource.input === 'cfn' && resource.kind === CFN_BUCKET) {
      const encryption = setting(resource, 'BucketEncryption');
      if (isBlank(resource, encryption)) {
        yield {
          path: at(resource),
          message: `${describe(resource)} has no BucketEncryption: set ServerSideEncryptionByDefault with SSEAlgorithm aws:kms and a customer-managed KMSMasterKeyID`,
        };
      } else {
        yield* judge(resource, cfnDefault(resource), at(resource, 'BucketEncryption'));
      }
    }
  },
};
