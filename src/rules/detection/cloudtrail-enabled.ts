import { absentReport, at, boolOf, mayBeProvidedBy, moduleTrees, ofKinds, read, stateOf, type ModuleTree } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';

/** Argument names of a trail in each input. */
interface TrailKeys {
  multiRegion: string;
  validation: string;
  kms: string;
  logging: string;
}

const TERRAFORM: TrailKeys = {
  multiRegion: 'is_multi_region_trail',
  validation: 'enable_log_file_validation',
  kms: 'kms_key_id',
  logging: 'enable_logging',
};

const CFN: TrailKeys = {
  multiRegion: 'IsMultiRegionTrail',
  validation: 'EnableLogFileValidation',
  kms: 'KMSKeyId',
  logging: 'IsLogging',
};

function* checkTrails(trails: Resource[], keys: TrailKeys): Iterable<Report> {
  const where = (trail: Resource, key: string): KeyPath => (stateOf(trail, key).state === 'absent' ? [] : at(trail, key));
  // One multi-region trail covers every region; single-region trails next to it (data events, say) are fine.
  const coversAllRegions = trails.some((t) => read(t, [keys.multiRegion], boolOf) !== false && read(t, [keys.multiRegion], boolOf) !== 'absent');
  for (const trail of trails) {
    if (read(trail, [keys.logging], boolOf) === false) {
      yield {
        resource: trail,
        path: at(trail, keys.logging),
        severity: 'high',
        message: `${trail.name} has logging turned off (${keys.logging} = false), so nothing is recorded: turn it on`,
      };
    }
    const multiRegion = read(trail, [keys.multiRegion], boolOf);
    if (!coversAllRegions && (multiRegion === false || multiRegion === 'absent')) {
      yield {
        resource: trail,
        path: where(trail, keys.multiRegion),
        severity: 'high',
        message: `${trail.name} records only its own region and no trail here covers the others, so activity in any other region goes unrecorded: set ${keys.multiRegion} to true`,
      };
    }
    const validation = read(trail, [keys.validation], boolOf);
    if (validation === false || validation === 'absent') {
      yield {
        resource: trail,
        path: where(trail, keys.validation),
        severity: 'medium',
        message: `${trail.name} has no log file validation, so deleted or altered log files cannot be detected: set ${keys.validation} to true`,
      };
    }
    if (stateOf(trail, keys.kms).state === 'absent') {
      yield {
        resource: trail,
        path: [],
        severity: 'medium',
        message: `${trail.name} has no ${keys.kms}, so its logs are encrypted only with S3-managed keys and readable by anyone who can read the bucket: encrypt them with a KMS key`,
      };
    }
  }
}

function* checkTerraform(tree: ModuleTree): Iterable<Report> {
  const trails = ofKinds(tree, 'aws_cloudtrail');
  if (trails.length === 0) {
    if (mayBeProvidedBy(tree, /cloudtrail/)) return;
    yield absentReport(tree, 'defines no CloudTrail trail (aws_cloudtrail)');
    return;
  }
  yield* checkTrails(trails, TERRAFORM);
}

function* checkTemplate(tree: ModuleTree): Iterable<Report> {
  const trails = ofKinds(tree, 'AWS::CloudTrail::Trail');
  if (trails.length === 0) {
    yield absentReport(tree, 'defines no CloudTrail trail (AWS::CloudTrail::Trail)');
    return;
  }
  yield* checkTrails(trails, CFN);
}

export const cloudtrailEnabled: Rule = {
  id: 'cloudtrail-enabled',
  practice: 'DET-CLOUDTRAIL',
  severity: 'high',
  title: 'A multi-region CloudTrail trail logs with validation and KMS encryption',
  rationale:
    'CloudTrail is the record of who did what in AWS: without it an incident cannot be reconstructed. A single-region trail misses an attacker who works in a region the team never uses (a favourite for crypto-mining); without log file validation, an intruder who deletes or edits log files leaves no trace of it; without a KMS key, anyone who can read the bucket reads the whole account history; and a trail with logging turned off records nothing. Absence is reported once per Terraform root module or CloudFormation template at low severity, because the trail (often an organization trail) usually lives in the account baseline.',
  remediation:
    'Terraform: `resource "aws_cloudtrail" "main" { is_multi_region_trail = true, enable_log_file_validation = true, kms_key_id = aws_kms_key.cloudtrail.arn }` (leave `enable_logging` at its default, true). CloudFormation: `AWS::CloudTrail::Trail` with `IsLogging: true`, `IsMultiRegionTrail: true`, `EnableLogFileValidation: true`, `KMSKeyId: !GetAtt TrailKey.Arn`.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) yield* tree.unit.input === 'cfn' ? checkTemplate(tree) : checkTerraform(tree);
  },
};
