import { KIND, type KeyFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsKmsRotation: Rule = {
  id: 'aws-kms-rotation',
  practice: 'KMS-CMK-ROTATION',
  severity: 'medium',
  title: 'Customer-managed KMS keys rotate automatically',
  rationale:
    'Automatic rotation replaces the key material every year (or on the period set) while old ciphertexts stay readable, limiting how much data one compromised key version protects. AWS-managed keys rotate on their own; customer-managed symmetric keys only when asked to.',
  remediation: 'Enable automatic rotation on the key (`aws kms enable-key-rotation --key-id <id>`, optionally with `--rotation-period-in-days`).',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const key = factsOf<KeyFacts>(resource, KIND.key);
    // Only enabled, customer-managed, symmetric keys with AWS-made material can rotate automatically.
    if (!key || key.manager !== 'CUSTOMER' || key.state !== 'Enabled' || key.spec !== 'SYMMETRIC_DEFAULT' || key.origin !== 'AWS_KMS') return;
    if (key.rotationEnabled === false) yield { message: `customer-managed KMS key ${key.keyId} does not rotate automatically: enable key rotation` };
  },
};
