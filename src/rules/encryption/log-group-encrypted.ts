import { at, describe, isBlank, setting } from '../../core/iac.js';
import type { Report, Rule } from '../../core/types.js';

export const logGroupEncrypted: Rule = {
  id: 'log-group-encrypted',
  practice: 'ENC-LOGS',
  severity: 'medium',
  title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
  rationale:
    'Application and control-plane logs carry request paths, user identifiers and, sooner or later, a token someone logged by mistake. Without a KMS key, anyone with logs:GetLogEvents on the account reads them; with a customer-managed key, reading also needs kms:Decrypt on that key, and the key policy and CloudTrail show who did.',
  remediation:
    'Terraform: `kms_key_id = aws_kms_key.<key>.arn` on `aws_cloudwatch_log_group`. CloudFormation: `KmsKeyId: !GetAtt LogsKey.Arn` on `AWS::Logs::LogGroup`. The key policy must allow the `logs.<region>.amazonaws.com` service principal (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*) with an `kms:EncryptionContext:aws:logs:arn` condition.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    const field =
      resource.input === 'terraform' && resource.kind === 'aws_cloudwatch_log_group' ? 'kms_key_id'
      : resource.input === 'cfn' && resource.kind === 'AWS::Logs::LogGroup' ? 'KmsKeyId'
      : undefined;
    if (field === undefined || !isBlank(resource, setting(resource, field))) return;
    yield { path: at(resource), message: `${describe(resource)} is not encrypted with a KMS key: set ${field} to a customer-managed key` };
  },
};
