// S3 buckets: listed once for the account (with their regions), then one
// Block Public Access and one encryption call per bucket. S3 has no API that
// returns either setting for many buckets, so these per-bucket calls are
// unavoidable; they run under the audit's per-item concurrency bound.
import { GetBucketEncryptionCommand, GetPublicAccessBlockCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { KIND, type BucketFacts } from '../facts.js';
import type { AuditContext } from '../context.js';
import { GLOBAL } from '../snapshot.js';
import { normalizeBlock } from './account.js';

export async function collectBuckets(ctx: AuditContext, regions: readonly string[], homeRegion: string): Promise<void> {
  const pages = await ctx.pages('s3:ListAllMyBuckets', GLOBAL, paginateListBuckets({ client: ctx.clients.s3(homeRegion), pageSize: 1000 }, {}));
  if (!pages) return;
  const audited = new Set(regions);
  // ListBuckets names each bucket's region; buckets outside the audited regions are left out, as other resources are.
  const buckets = pages.flatMap((p) => p.Buckets ?? []).filter((b) => b.Name && audited.has(b.BucketRegion ?? homeRegion));
  await Promise.all(
    buckets.map(async (bucket) => {
      const name = bucket.Name!;
      const region = bucket.BucketRegion ?? homeRegion;
      const s3 = ctx.clients.s3(region);
      const [block, encryption] = await Promise.all([
        ctx.perItem(() => ctx.call('s3:GetBucketPublicAccessBlock', region, () => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })), ['NoSuchPublicAccessBlockConfiguration'])),
        ctx.perItem(() =>
          ctx.call('s3:GetEncryptionConfiguration', region, () => s3.send(new GetBucketEncryptionCommand({ Bucket: name })), ['ServerSideEncryptionConfigurationNotFoundError']),
        ),
      ]);
      const facts: BucketFacts = { name, region };
      if (block !== undefined) facts.publicAccessBlock = block ? normalizeBlock(block.PublicAccessBlockConfiguration) : null;
      if (encryption !== undefined) {
        const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        facts.encryption = rule?.SSEAlgorithm ? { algorithm: rule.SSEAlgorithm, ...(rule.KMSMasterKeyID ? { kmsKeyId: rule.KMSMasterKeyID } : {}) } : null;
      }
      ctx.add(KIND.bucket, `arn:${ctx.partition}:s3:::${name}`, region, facts);
    }),
  );
}
