import { at, describe, flag, isBlank, setting, textOf } from '../../core/iac.js';
import type { Report, Resource, Rule } from '../../core/types.js';

/** Only symmetric encryption keys with AWS-generated material in the AWS KMS key store can rotate automatically. */
function rotatable(resource: Resource, specField: string, unsupported: readonly string[]): boolean {
  const rawSpec = setting(resource, specField);
  const spec = isBlank(resource, rawSpec) ? 'SYMMETRIC_DEFAULT' : textOf(resource, rawSpec);
  if (spec !== 'SYMMETRIC_DEFAULT') return false;
  return unsupported.every((field) => isBlank(resource, setting(resource, field)));
}

export const kmsKeyRotation: Rule = {
  id: 'kms-key-rotation',
  practice: 'KMS-CMK-ROTATION',
  severity: 'high',
  title: 'Customer-managed KMS keys rotate automatically',
  rationale:
    'Every secret, bucket, log group and etcd envelope of the platform is encrypted under these keys. Automatic rotation replaces the key material on a schedule while old ciphertext stays readable, so material exposed once (an export, a misused key policy, a compliance finding) stops protecting new data; without it the same material encrypts everything for the life of the key.',
  remediation:
    'Terraform: `enable_key_rotation = true` on `aws_kms_key` (optionally `rotation_period_in_days`, 90 to 2560). CloudFormation: `EnableKeyRotation: true` on `AWS::KMS::Key`. Asymmetric and HMAC keys, imported material and custom key stores cannot rotate automatically: rotate those manually by creating a new key and moving the alias.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    let field: string;
    if (resource.input === 'terraform' && resource.kind === 'aws_kms_key') {
      if (!rotatable(resource, 'customer_master_key_spec', ['custom_key_store_id', 'xks_key_id'])) return;
      field = 'enable_key_rotation';
    } else if (resource.input === 'cfn' && resource.kind === 'AWS::KMS::Key') {
      const origin = setting(resource, 'Origin');
      if (!rotatable(resource, 'KeySpec', []) || (!isBlank(resource, origin) && textOf(resource, origin) !== 'AWS_KMS')) return;
      field = 'EnableKeyRotation';
    } else {
      return;
    }
    const raw = setting(resource, field);
    if (flag(resource, raw, false) !== false) return;
    yield { path: at(resource, field), message: `${describe(resource)} does not rotate its key material: set ${field} to true` };
  },
};
