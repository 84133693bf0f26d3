import { readsConfigurationOnly, supportsResourceLevel } from '../../core/iam/actions.js';
import { isWildcardResource } from '../../core/iam/policy.js';
import { allowStatements, isReference } from '../../core/policies.js';
import type { KeyPath, Report, Rule, Severity } from '../../core/types.js';
import { coversWholeService, describeStatement, grantedActions, isKeyPolicy, isScoped, serviceOf, shortList, viewsOf } from './policy-support.js';

/** Conditions that narrow S3 access besides policy.ts's scoping keys (s3:prefix, resource tags, source ARN). */
const S3_SCOPING_KEYS = ['s3:existingobjecttag', 's3:accesspointnetworkorigin', 's3:dataaccesspointarn'];
const S3_SCOPING_PREFIXES = ['s3:existingobjecttag/'];

type Breadth = 'all' | 'bucket' | 'prefix' | 'other';

// How much of S3 a Resource pattern covers: every bucket (`*`,
// `arn:aws:s3:::*`, `arn:aws:s3:::*/*`), one whole bucket
// (`arn:aws:s3:::sessions`, `arn:aws:s3:::sessions/*`), a key prefix, or
// something else (another service, a reference).
function breadthOf(resource: string): Breadth {
  if (isReference(resource)) {
    // `${aws_s3_bucket.sessions.arn}/*`, `arn:aws:s3:::${var.bucket_name}/*`: one whole bucket, as the name says.
    const ref = /^(arn:aws[a-z-]*:s3:::)?\$\{[^}]{1,200}\}(\/\*+)?$/.exec(resource);
    return ref && (ref[1] !== undefined || /bucket/i.test(resource)) ? 'bucket' : 'other';
  }
  if (isWildcardResource(resource)) {
    const service = resource.startsWith('arn:') ? (resource.split(':')[2] ?? '') : '*';
    return service === 's3' || service.includes('*') ? 'all' : 'other';
  }
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)(\/.*)?$/.exec(resource);
  if (!match) return 'other';
  const [, bucket, key] = match;
  // Any bucket, whatever the key pattern after it (`arn:aws:s3:::*/core-ingress-parser/*`).
  if (/^[*?]+$/.test(bucket)) return 'all';
  // A bucket-name pattern (`core-*`) still names buckets.
  if (key === undefined || /^\/\*+$/.test(key)) return 'bucket';
  return 'prefix';
}

export const iamS3Scoped: Rule = {
  id: 'iam-s3-scoped',
  practice: 'IAM-S3-SCOPED',
  severity: 'high',
  title: 'S3 access is scoped to buckets and key prefixes',
  rationale:
    's3:* on every bucket lets one compromised workload read every other service\'s data, delete backups and Terraform state, and make a bucket public through s3:PutBucketPolicy; object actions on `*` or `arn:aws:s3:::*` reach every bucket in the account and every bucket of other accounts that trusts it. Scoping to a bucket and a key prefix keeps each service to its own data. Actions are expanded with the AWS service-authorization data; those without resource-level permissions (s3:ListAllMyBuckets) need `*` and are not reported, nor are reads of bucket configuration (s3:GetEncryptionConfiguration, s3:GetBucketPublicAccessBlock), which an auditor needs on every bucket and which return no object. `*` and NotAction are reported by iam-no-full-wildcard.',
  remediation:
    'Name the actions and the bucket and prefix, e.g. `s3:GetObject`/`s3:PutObject` on `arn:aws:s3:::sessions-bucket/core-session-manager/*`, and `s3:ListBucket` on `arn:aws:s3:::sessions-bucket` with `Condition: {StringLike: {"s3:prefix": ["core-session-manager/*"]}}`.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role === 'trust' || isKeyPolicy(view)) continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        const actions = statement.actions ?? [];
        const resources = statement.resources ?? [];
        const breadths = resources.map(breadthOf);
        const everywhere = statement.notResources !== undefined || breadths.includes('all');
        const whole = new Set<number>();
        for (let i = 0; i < actions.length; i++) {
          if (!coversWholeService(index, actions[i], 's3')) continue;
          whole.add(i);
          const severity: Severity | undefined =
            everywhere ? 'high' : breadths.includes('bucket') ? 'medium' : breadths.includes('prefix') ? 'low' : undefined;
          if (!severity) continue;
          const on =
            everywhere ? 'every bucket'
            : severity === 'medium' ? `the whole bucket ("${resources[breadths.indexOf('bucket')]}")`
            : `the prefix "${resources[breadths.indexOf('prefix')]}"`;
          yield {
            path: statement.valuePaths.Action[i],
            severity,
            message: `${where} grants every S3 action ("${actions[i]}") on ${on}: name the actions${severity === 'low' ? '' : ' and scope them to a bucket and key prefix'}`,
          };
        }
        if (isScoped(statement, S3_SCOPING_KEYS, S3_SCOPING_PREFIXES)) continue;
        const bucketActions = grantedActions(index, statement)
          .filter((g) => !whole.has(g.at) && serviceOf(g.action) === 's3' && supportsResourceLevel(index, g.action) && !readsConfigurationOnly(index, g.action))
          .map((g) => g.action);
        if (bucketActions.length === 0) continue;
        const granted = shortList(bucketActions);
        if (statement.notResources !== undefined) {
          yield {
            path: statement.paths.NotResource as KeyPath,
            message: `${where} allows ${granted} on every bucket except those in NotResource: name the bucket and key prefix in Resource`,
          };
          continue;
        }
        for (let i = 0; i < resources.length; i++) {
          if (breadths[i] !== 'all') continue;
          yield {
            path: statement.valuePaths.Resource[i],
            message: `${where} allows ${granted} on every bucket ("${resources[i]}") without an s3:prefix or similar condition: name the bucket and key prefix`,
          };
        }
      }
    }
  },
};
