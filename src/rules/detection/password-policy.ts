import { absentReport, boolOf, mayBeProvidedBy, moduleTrees, numberOf, ofKinds, read, type ModuleTree } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';

/** CIS AWS Foundations Benchmark thresholds. */
const MIN_LENGTH = 14;
const MIN_REUSE_PREVENTION = 24;
const MAX_AGE_DAYS = 90;

const CLASSES = [
  ['require_lowercase_characters', 'lowercase letters'],
  ['require_uppercase_characters', 'uppercase letters'],
  ['require_numbers', 'numbers'],
  ['require_symbols', 'symbols'],
] as const;

function* checkPolicy(policy: Resource): Iterable<Report> {
  const at = (key: string): KeyPath => (read(policy, [key], numberOf) === 'absent' ? [] : [key]);
  const length = read(policy, ['minimum_password_length'], numberOf);
  if (length === 'absent' || (typeof length === 'number' && length < MIN_LENGTH)) {
    yield {
      resource: policy,
      path: at('minimum_password_length'),
      severity: 'medium',
      message: `${policy.name} allows passwords of ${length === 'absent' ? '6 (the default)' : length} characters: set minimum_password_length to at least ${MIN_LENGTH}`,
    };
  }
  const missing = CLASSES.filter(([key]) => { const f = read(policy, [key], boolOf); return f === false || f === 'absent'; });
  if (missing.length > 0) {
    const written = missing.find(([key]) => read(policy, [key], boolOf) === false);
    yield {
      resource: policy,
      path: written ? [written[0]] : [],
      severity: 'medium',
      message: `${policy.name} does not require ${missing.map(([, what]) => what).join(', ')}: set ${missing.map(([key]) => key).join(', ')} to true`,
    };
  }
  const reuse = read(policy, ['password_reuse_prevention'], numberOf);
  if (reuse === 'absent' || (typeof reuse === 'number' && reuse < MIN_REUSE_PREVENTION)) {
    yield {
      resource: policy,
      path: at('password_reuse_prevention'),
      severity: 'medium',
      message: `${policy.name} ${reuse === 'absent' ? 'lets users reuse any earlier password' : `remembers only ${reuse} earlier passwords`}: set password_reuse_prevention to ${MIN_REUSE_PREVENTION}`,
    };
  }
  const age = read(policy, ['max_password_age'], numberOf);
  if (age === 'absent' || age === 0 || (typeof age === 'number' && age > MAX_AGE_DAYS)) {
    yield {
      resource: policy,
      path: at('max_password_age'),
      severity: 'low',
      message: `${policy.name} ${typeof age === 'number' && age > 0 ? `lets passwords live ${age} days` : 'never expires passwords'}: set max_password_age to ${MAX_AGE_DAYS} or less, as the CIS AWS Foundations Benchmark asks`,
    };
  }
}

function* checkTerraform(tree: ModuleTree): Iterable<Report> {
  const policies = ofKinds(tree, 'aws_iam_account_password_policy');
  if (policies.length === 0) {
    if (mayBeProvidedBy(tree, /password-policy|iam-account/)) return;
    yield absentReport(tree, 'sets no account password policy (aws_iam_account_password_policy)');
    return;
  }
  for (const policy of policies) yield* checkPolicy(policy);
}

export const passwordPolicy: Rule = {
  id: 'password-policy',
  practice: 'IAM-PASSWORD-POLICY',
  severity: 'medium',
  title: 'The account password policy is strong',
  rationale:
    'Without an account password policy, IAM console passwords may be six characters, without variety, reused forever: as weak as the weakest user\'s choice, and open to guessing and credential stuffing. The CIS AWS Foundations Benchmark asks for at least 14 characters, prevention of the last 24 passwords, and (in its 1.x versions) all four character classes and expiry within 90 days; expiry is reported at low severity, since current CIS versions and NIST SP 800-63B no longer ask for forced rotation. CloudFormation has no resource type for the account password policy, so the rule reads Terraform only. Absence is reported once per Terraform root module at low severity, because the account baseline often lives elsewhere.',
  remediation:
    'Terraform: `resource "aws_iam_account_password_policy" "strict" { minimum_password_length = 14, require_lowercase_characters = true, require_uppercase_characters = true, require_numbers = true, require_symbols = true, password_reuse_prevention = 24, max_password_age = 90, allow_users_to_change_password = true }`. Better still, give people AWS access through IAM Identity Center and no IAM user passwords at all.',
  inputs: ['terraform'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) if (tree.unit.input === 'terraform') yield* checkTerraform(tree);
  },
};
