import { KIND, type BucketFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

export const awsS3KmsEncryption: Rule = {
  id: 'aws-s3-kms-encryption',
  practice: 'ENC-S3',
  severity: 'medium',
  title: 'S3 buckets encrypt by default with KMS',
  rationale:
    'Every bucket encrypts with S3-managed keys at least, but anyone allowed to read the object reads it in clear. Default encryption with a KMS key adds a second permission (kms:Decrypt), an audit trail of every decryption in CloudTrail, and a key that can be disabled in an incident.',
  remediation:
    'Set the bucket\'s default encryption to SSE-KMS with a customer-managed key and S3 Bucket Keys enabled (`aws s3api put-bucket-encryption`), and allow kms:Decrypt only to the readers of the bucket.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const bucket = factsOf<BucketFacts>(resource, KIND.bucket);
    if (!bucket || bucket.encryption === undefined) return;
    if (bucket.encryption === null) {
      yield { message: `S3 bucket ${bucket.name} has no default encryption configuration: set SSE-KMS with a customer-managed key` };
    } else if (!KMS.has(bucket.encryption.algorithm)) {
      yield { message: `S3 bucket ${bucket.name} encrypts with ${bucket.encryption.algorithm} (S3-managed keys), not KMS: set SSE-KMS with a customer-managed key` };
    }
  },
};
