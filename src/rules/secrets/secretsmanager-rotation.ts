import { at, coverageOf, describe, isBlank, setting, type Coverage } from '../../core/iac.js';
import type { Report, Rule } from '../../core/types.js';

export const secretsmanagerRotation: Rule = {
  id: 'secretsmanager-rotation',
  practice: 'SEC-ROTATION',
  severity: 'medium',
  title: 'Secrets Manager secrets rotate automatically',
  rationale:
    'A secret that never rotates stays valid for as long as any copy of it exists: in a former engineer\'s shell history, a debug log, a CI cache or a leaked backup. Scheduled rotation bounds how long a leaked value works and proves that every consumer re-reads the secret, which is what makes an emergency rotation safe.',
  remediation:
    'Terraform: an `aws_secretsmanager_secret_rotation` per secret (`secret_id = aws_secretsmanager_secret.<name>.id`, `rotation_lambda_arn`, `rotation_rules { automatically_after_days = 30 }`). CloudFormation: an `AWS::SecretsManager::RotationSchedule` with `SecretId: !Ref <Secret>` and a `HostedRotationLambda` or `RotationLambdaARN`. For database credentials prefer the service-managed secret (`manage_master_user_password = true`), which RDS rotates itself. Deliver secrets to pods with an ExternalSecret whose refreshInterval picks up the new value.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    let rotations: Coverage;
    if (resource.input === 'terraform' && resource.kind === 'aws_secretsmanager_secret') {
      // Provider v3 also accepted rotation settings on the secret itself.
      const inline = setting(resource, 'rotation_lambda_arn');
      if (inline !== undefined && !isBlank(resource, inline)) return;
      rotations = coverageOf(model, resource, 'aws_secretsmanager_secret_rotation', ['secret_id'], ['arn', 'id', 'name']);
    } else if (resource.input === 'cfn' && resource.kind === 'AWS::SecretsManager::Secret') {
      rotations = coverageOf(model, resource, 'AWS::SecretsManager::RotationSchedule', ['SecretId'], ['Name']);
    } else {
      return;
    }
    if (rotations.covering.length > 0 || rotations.unknown) return;
    const what = resource.input === 'cfn' ? 'AWS::SecretsManager::RotationSchedule' : 'aws_secretsmanager_secret_rotation';
    yield { path: at(resource), message: `${describe(resource)} has no ${what}: rotate it automatically (or use a service-managed secret that rotates itself)` };
  },
};
