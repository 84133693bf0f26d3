import { KIND, type AccountFacts, type BucketFacts, type PublicAccessBlock } from '../../audit/facts.js';
import type { Model, Report, Rule } from '../../core/types.js';
import { allOf } from './support.js';

const SETTINGS: Array<keyof PublicAccessBlock> = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];

function offSettings(block: PublicAccessBlock | null): Array<keyof PublicAccessBlock> {
  return SETTINGS.filter((s) => block?.[s] !== true);
}

export const awsS3PublicAccessBlock: Rule = {
  id: 'aws-s3-public-access-block',
  practice: 'ENC-S3',
  severity: 'high',
  title: 'S3 Block Public Access is on for the account and every bucket',
  rationale:
    'One ACL or bucket policy that grants access to everyone publishes the data. Block Public Access at the account level stops that for every bucket, present and future; a bucket is protected when either level blocks, so a bucket is reported only when the account does not cover it.',
  remediation:
    'Turn on all four Block Public Access settings for the account (`aws s3control put-public-access-block`), and on each bucket; serve public content through CloudFront with origin access control instead of a public bucket.',
  inputs: ['live-aws'],
  *checkModel(model: Model): Iterable<Report> {
    const account = [...allOf<AccountFacts>(model, KIND.account)][0];
    const accountBlock = account?.facts.publicAccessBlock;
    const accountOff = accountBlock === undefined ? undefined : offSettings(accountBlock);
    if (account && accountOff && accountOff.length > 0) {
      yield {
        resource: account.resource,
        severity: 'medium',
        message: `S3 Block Public Access for account ${account.facts.accountId} ${accountBlock === null ? 'is not configured' : `has ${accountOff.join(', ')} off`}: turn on all four settings`,
      };
    }
    for (const { resource, facts } of allOf<BucketFacts>(model, KIND.bucket)) {
      if (facts.publicAccessBlock === undefined) continue;
      const bucketOff = offSettings(facts.publicAccessBlock);
      // Effective protection is the union of both levels; unknown account settings may cover the bucket.
      const off = accountOff === undefined ? [] : bucketOff.filter((s) => accountOff.includes(s));
      if (off.length === 0) continue;
      yield { resource, message: `S3 bucket ${facts.name} can be made public: ${off.join(', ')} ${off.length > 1 ? 'are' : 'is'} off for both the bucket and the account` };
    }
  },
};
