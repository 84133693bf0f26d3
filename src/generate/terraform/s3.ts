// s3.tf: the buckets the services' spec names, each encrypted with the
// platform key, versioned, owner-enforced, public access blocked, and
// reachable over TLS only.
import { denyInsecureTransport, documentJson, label, platformKeyArn, policyDocument, type Context, type Statement } from './context.js';
import { block, ref, top, type Block } from './hcl.js';

interface BucketOptions {
  /** Added to the bucket's TLS-only policy. */
  statements?: readonly Statement[];
  /** S3-managed keys, for the writers that accept nothing else (load balancer access logs). */
  s3ManagedKeys?: boolean;
}

/** Every resource one private bucket needs. */
export function bucketResources(name: string, bucketName: string, options: BucketOptions = {}): Block[] {
  const bucket = `aws_s3_bucket.${name}`;
  const id = ref(`${bucket}.id`);
  return [
    top('resource', ['aws_s3_bucket', name], { bucket: bucketName }),
    top('resource', ['aws_s3_bucket_ownership_controls', name], {
      bucket: id,
      rule: block({ object_ownership: 'BucketOwnerEnforced' }),
    }),
    top('resource', ['aws_s3_bucket_public_access_block', name], {
      bucket: id,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    }),
    top('resource', ['aws_s3_bucket_versioning', name], {
      bucket: id,
      versioning_configuration: block({ status: 'Enabled' }),
    }),
    top('resource', ['aws_s3_bucket_server_side_encryption_configuration', name], {
      bucket: id,
      rule: options.s3ManagedKeys
        ? block({ apply_server_side_encryption_by_default: block({ sse_algorithm: 'AES256' }) })
        : block({
          bucket_key_enabled: true,
          apply_server_side_encryption_by_default: block({ sse_algorithm: 'aws:kms', kms_master_key_id: platformKeyArn }),
        }),
    }),
    top('resource', ['aws_s3_bucket_policy', name], {
      bucket: id,
      policy: documentJson(`${name}_bucket`),
      // S3 refuses a bucket policy while the public access block is being applied.
      depends_on: [ref(`aws_s3_bucket_public_access_block.${name}`)],
    }),
    policyDocument(`${name}_bucket`, [...(options.statements ?? []), denyInsecureTransport(ref(`${bucket}.arn`))]),
  ];
}

/** The distinct bucket names of the spec's services, sorted. */
function specBuckets(ctx: Context): string[] {
  return [...new Set(ctx.services.flatMap((s) => (s.aws?.s3 ?? []).map((access) => access.bucket)))].sort();
}

/** Bucket names have no underscores, so the dots label() turns into them keep labels distinct. */
function bucketLabel(bucketName: string): string {
  return `bucket_${label(bucketName)}`;
}

export function s3File(ctx: Context): Block[] {
  return specBuckets(ctx).flatMap((bucketName) => bucketResources(bucketLabel(bucketName), bucketName));
}
