import { at, coverageOf, derived, describe, flag, isBlank, namedBy, setting, targetOf, textOf } from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, list } from '../../core/values.js';

const BUCKET = 'aws_s3_bucket';
const BUCKET_BLOCK = 'aws_s3_bucket_public_access_block';
const ACCOUNT_BLOCK = 'aws_s3_account_public_access_block';
const BUCKET_ACL = 'aws_s3_bucket_acl';
const CFN_BUCKET = 'AWS::S3::Bucket';

const TERRAFORM_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;
const CFN_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_CFN_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);
/** Grantee groups that mean everyone, or every AWS account. */
const PUBLIC_GROUP = /^https?:\/\/acs\.amazonaws\.com\/groups\/global\/(?:AllUsers|AuthenticatedUsers)$/;

interface BlockState {
  /** Flags known to be off (false, or unset: they default to false). */
  off: string[];
  /** Path of the first flag explicitly set to false, if any. */
  offPath?: KeyPath;
  /** All four flags known on. */
  complete: boolean;
  /** Public ACLs are rejected or ignored. */
  aclsBlocked: boolean;
}

/** The four flags of a public access block found at `path` of the resource's settings. */
function blockState(resource: Resource, path: KeyPath): BlockState {
  const flags = resource.input === 'cfn' ? CFN_FLAGS : TERRAFORM_FLAGS;
  const off: string[] = [];
  let offPath: KeyPath | undefined;
  let known = 0;
  const values = flags.map((name) => {
    const raw = setting(resource, ...path, name);
    const value = flag(resource, raw, false);
    if (value !== undefined) known++;
    if (value === false) {
      off.push(name);
      if (raw !== undefined && offPath === undefined) offPath = at(resource, ...path, name);
    }
    return value;
  });
  return { off, offPath, complete: known === flags.length && off.length === 0, aclsBlocked: values[0] === true || values[2] === true };
}

/** The account-level blocks of the scan, judged once per model. */
function accountBlocks(model: Model): { aclsBlocked: boolean; complete: boolean } {
  return derived(model, 's3-public-access-blocked\u0000account', () => {
    const states = model.ofKind(ACCOUNT_BLOCK).map((r) => blockState(r, []));
    return { aclsBlocked: states.some((s) => s.aclsBlocked), complete: states.some((s) => s.complete) };
  });
}

/** An account-level block of the scan rejects or ignores public ACLs on every bucket of the account. */
function accountBlocksAcls(model: Model): boolean {
  return accountBlocks(model).aclsBlocked;
}

/** An account-level block of the scan turns all four flags on for every bucket of the account. */
function accountComplete(model: Model): boolean {
  return accountBlocks(model).complete;
}

/** The public access blocks of a Terraform bucket, and whether others may belong to it. */
function bucketBlocks(bucket: Resource, model: Model): { blocks: Resource[]; unknown: boolean } {
  const coverage = coverageOf(model, bucket, BUCKET_BLOCK, ['bucket'], ['bucket', 'id']);
  return { blocks: coverage.covering, unknown: coverage.unknown };
}

/** Whether public ACLs on this bucket are known to be rejected or ignored. */
function aclsBlocked(bucket: Resource | undefined, model: Model): boolean {
  if (accountBlocksAcls(model)) return true;
  if (!bucket) return false;
  if (bucket.input === 'cfn') return blockState(bucket, ['PublicAccessBlockConfiguration']).aclsBlocked;
  return bucketBlocks(bucket, model).blocks.some((b) => blockState(b, []).aclsBlocked);
}

function publicAclReport(owner: Resource, path: KeyPath, what: string, blocked: boolean): Report {
  return blocked
    ? { path, severity: 'medium', message: `${describe(owner)} grants ${what}, which the public access block neutralises: remove the ACL and grant access through a scoped bucket policy` }
    : { path, severity: 'critical', message: `${describe(owner)} grants ${what}, which makes its objects public: remove the ACL, set object ownership to BucketOwnerEnforced and block public access` };
}

/** Public grants of a Terraform ACL: a canned `acl`, or `grant` / `access_control_policy.grant` entries for everyone. */
function* terraformPublicAcls(resource: Resource): Iterable<{ path: KeyPath; what: string }> {
  const canned = textOf(resource, setting(resource, 'acl'));
  if (canned !== undefined && PUBLIC_CANNED_ACLS.has(canned)) yield { path: at(resource, 'acl'), what: `the canned ACL ${canned}` };
  const grantLists: KeyPath[] = [['grant'], ['access_control_policy', 0, 'grant']];
  for (const grants of grantLists) {
    for (const [i, grant] of list(setting(resource, ...grants)).entries()) {
      const uri = textOf(resource, get(grant, ['uri'])) ?? textOf(resource, get(grant, ['grantee', 0, 'uri']));
      if (uri !== undefined && PUBLIC_GROUP.test(uri)) yield { path: at(resource, ...grants, i), what: `access to the ${uri.slice(uri.lastIndexOf('/') + 1)} group` };
    }
  }
}

function* checkTerraformBucket(bucket: Resource, model: Model): Iterable<Report> {
  const blocked = aclsBlocked(bucket, model);
  for (const acl of terraformPublicAcls(bucket)) yield publicAclReport(bucket, acl.path, acl.what, blocked);
  if (accountComplete(model)) return;
  const { blocks, unknown } = bucketBlocks(bucket, model);
  if (blocks.length > 0 || unknown) return;
  yield {
    message: `${bucket.name} has no ${BUCKET_BLOCK} (and the scan has no account-level block): add one with all four flags true`,
  };
}

function* checkBlock(resource: Resource, path: KeyPath): Iterable<Report> {
  const state = blockState(resource, path);
  if (state.off.length === 0) return;
  yield {
    path: state.offPath ?? at(resource, ...path),
    message: `${describe(resource)} leaves ${state.off.join(', ')} off: set all four public access block flags to true`,
  };
}

function* checkCfnBucket(bucket: Resource, model: Model): Iterable<Report> {
  const acl = textOf(bucket, setting(bucket, 'AccessControl'));
  if (acl !== undefined && PUBLIC_CFN_ACLS.has(acl)) yield publicAclReport(bucket, at(bucket, 'AccessControl'), `the canned ACL ${acl}`, aclsBlocked(bucket, model));
  if (accountComplete(model)) return;
  const configuration = setting(bucket, 'PublicAccessBlockConfiguration');
  if (isBlank(bucket, configuration)) {
    yield { path: at(bucket), message: `${describe(bucket)} has no PublicAccessBlockConfiguration: set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true` };
  } else {
    yield* checkBlock(bucket, ['PublicAccessBlockConfiguration']);
  }
}

/** The bucket an `aws_s3_bucket_acl` applies to, when the scan holds it. */
function aclBucket(acl: Resource, model: Model): Resource | undefined {
  const target = targetOf(acl, setting(acl, 'bucket'));
  return target ? namedBy(model, acl, target, BUCKET, ['bucket', 'id'])[0] : undefined;
}

export const s3PublicAccessBlocked: Rule = {
  id: 's3-public-access-blocked',
  practice: 'ENC-S3',
  severity: 'high',
  title: 'S3 buckets block public access and grant no public ACLs',
  rationale:
    'One public ACL or bucket policy statement is enough to publish every session object in a bucket; leaked buckets are found by scanners within hours. The four public access block flags make S3 reject and ignore public ACLs and policies whatever a later change or console click says, and a block declared in code cannot be removed silently.',
  remediation:
    'Terraform: `resource "aws_s3_bucket_public_access_block"` per bucket (`bucket = aws_s3_bucket.<name>.id`) or one `aws_s3_account_public_access_block`, with `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all `true`; drop `acl = "public-read"` and use `aws_s3_bucket_ownership_controls` with `BucketOwnerEnforced`. CloudFormation: `PublicAccessBlockConfiguration` with the four flags `true`, and no `AccessControl: PublicRead`.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.input === 'cfn') {
      if (resource.kind === CFN_BUCKET) yield* checkCfnBucket(resource, model);
      return;
    }
    if (resource.input !== 'terraform') return;
    switch (resource.kind) {
      case BUCKET:
        yield* checkTerraformBucket(resource, model);
        break;
      case BUCKET_BLOCK:
      case ACCOUNT_BLOCK:
        yield* checkBlock(resource, []);
        break;
      case BUCKET_ACL: {
        const blocked = aclsBlocked(aclBucket(resource, model), model);
        for (const acl of terraformPublicAcls(resource)) yield publicAclReport(resource, acl.path, acl.what, blocked);
        break;
      }
    }
  },
};
