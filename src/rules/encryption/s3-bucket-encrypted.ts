import { at, coverageOf, describe, firstBlock, isBlank, namedBy, referencedResources, setting, targetOf, textOf } from '../../core/iac.js';
import type { StatementView } from '../../core/iam/policy.js';
import { policiesOf } from '../../core/policies.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';

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

/** Who writes load balancer access logs: the log delivery service, or (in regions opened before August 2022) the region's ELB account. */
const ELB_LOG_DELIVERY = 'logdelivery.elasticloadbalancing.amazonaws.com';
const ELB_ACCOUNT_REFERENCE = /\bdata\.aws_elb_service_account\./;
/** The Elastic Load Balancing accounts of those regions, as AWS documents them for access-log bucket policies. */
const ELB_ACCOUNTS = new Set([
  '127311923021', '033677994240', '027434742980', '797873946194', '098369216593', '754344448648', '589379963580', '718504428378',
  '383597477331', '600734575887', '114774131450', '783225319266', '582318560864', '985666609251', '054676820928', '156460612806',
  '652711504416', '635631232127', '009996457667', '897822967062', '076674570225', '507241528517', '048591011584', '190560391635',
  '638102146993', '037604701340',
]);
const ACCOUNT_PRINCIPAL = /^(?:arn:aws[a-z-]{0,20}:iam::)?(\d{12})(?::root)?$/;
const PUT_OBJECT = new Set(['s3:putobject', 's3:put*', 's3:*']);

function isElbAccount(principal: string): boolean {
  if (ELB_ACCOUNT_REFERENCE.test(principal)) return true;
  const account = ACCOUNT_PRINCIPAL.exec(principal.trim())?.[1];
  return account !== undefined && ELB_ACCOUNTS.has(account);
}

function allowsElbLogDelivery(statement: StatementView): boolean {
  if (statement.effect !== 'Allow' || statement.principal === undefined || statement.principal === '*') return false;
  if (!(statement.actions ?? []).some((a) => PUT_OBJECT.has(a.toLowerCase()))) return false;
  const { Service, AWS } = statement.principal;
  return Service.some((s) => s.toLowerCase() === ELB_LOG_DELIVERY) || AWS.some(isElbAccount);
}

/**
 * Whether a bucket's policy lets load balancers deliver access logs to it:
 * ELB writes them with S3-managed keys only, so AES256 is the right setting
 * there, not a weaker one.
 */
function isLoadBalancerLogBucket(bucket: Resource, model: Model): boolean {
  const policies =
    bucket.input === 'cfn'
      ? coverageOf(model, bucket, 'AWS::S3::BucketPolicy', ['Bucket'], ['BucketName']).covering
      : coverageOf(model, bucket, 'aws_s3_bucket_policy', ['bucket'], ['bucket', 'id']).covering;
  for (const policy of policies) {
    const views = [...policiesOf(policy)];
    if (policy.input === 'terraform') {
      for (const document of referencedResources(model, policy, get(policy.value, ['policy']), 'data.aws_iam_policy_document')) views.push(...policiesOf(document));
    }
    if (views.some((view) => view.policy.statements.some(allowsElbLogDelivery))) return true;
  }
  return false;
}

/** The bucket a bucket-level configuration resource applies to, when the scan holds it. */
function configuredBucket(resource: Resource, model: Model): Resource | undefined {
  if (resource.kind === BUCKET || resource.kind === CFN_BUCKET) return resource;
  const target = targetOf(resource, setting(resource, 'bucket'));
  return target ? namedBy(model, resource, target, BUCKET, ['bucket', 'id'])[0] : undefined;
}

/** Judges a declared default encryption: KMS with a customer-managed key passes, and S3-managed keys on a load balancer log bucket. */
function* judge(resource: Resource, found: DefaultEncryption | 'none' | undefined, fallbackPath: KeyPath, model: Model): Iterable<Report> {
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
    const bucket = configuredBucket(resource, model);
    if (bucket && isLoadBalancerLogBucket(bucket, model)) return;
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
    if (firstBlock(inline)) yield* judge(bucket, terraformDefault(bucket, rulesPath), at(bucket, 'server_side_encryption_configuration'), model);
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
    'S3-managed keys (SSE-S3, AES256) protect only against stolen disks: anyone the bucket policy lets read an object gets it in clear text, and no key policy or CloudTrail decrypt event stands in between. With SSE-KMS and a customer-managed key, reading session data also needs kms:Decrypt on that key, which can be scoped to the one service role, audited per call and revoked in one place. A bucket without a declared encryption rule relies on whatever the account has, and objects written before S3 applied SSE-S3 by default stay unencrypted. Load balancer access-log buckets are the exception: Elastic Load Balancing writes access logs with S3-managed keys only, so a bucket whose policy lets ELB log delivery put objects (`logdelivery.elasticloadbalancing.amazonaws.com`, or the region\'s Elastic Load Balancing account, by ID or through `data.aws_elb_service_account`) is not reported for AES256.',
  remediation:
    'Terraform (AWS provider v4+): add `resource "aws_s3_bucket_server_side_encryption_configuration"` with `bucket = aws_s3_bucket.<name>.id` and `rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" kms_master_key_id = aws_kms_key.<key>.arn } bucket_key_enabled = true }`. CloudFormation: `BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key.Arn}, BucketKeyEnabled: true}]}`.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.input === 'terraform' && resource.kind === BUCKET) {
      yield* checkTerraformBucket(resource, model);
    } else if (resource.input === 'terraform' && resource.kind === SSE_CONFIGURATION) {
      yield* judge(resource, terraformDefault(resource, ['rule']), at(resource, 'rule'), model);
    } else if (resource.input === 'cfn' && resource.kind === CFN_BUCKET) {
      const encryption = setting(resource, 'BucketEncryption');
      if (isBlank(resource, encryption)) {
        yield {
          path: at(resource),
          message: `${describe(resource)} has no BucketEncryption: set ServerSideEncryptionByDefault with SSEAlgorithm aws:kms and a customer-managed KMSMasterKeyID`,
        };
      } else {
        yield* judge(resource, cfnDefault(resource), at(resource, 'BucketEncryption'), model);
      }
    }
  },
};
