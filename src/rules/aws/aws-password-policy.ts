import { KIND, type AccountFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

const MIN_LENGTH = 14;
const MIN_REUSE = 24;
const MAX_AGE = 365;

export const awsPasswordPolicy: Rule = {
  id: 'aws-password-policy',
  practice: 'IAM-PASSWORD-POLICY',
  severity: 'medium',
  title: 'The account password policy is strong',
  rationale:
    `Without a policy IAM accepts 8-character passwords of any make-up, reused forever. The CIS AWS Foundations Benchmark asks for at least ${MIN_LENGTH} characters and no reuse of the last ${MIN_REUSE}; character classes and an expiry limit guessing and the life of a leaked password.`,
  remediation:
    `Set the account password policy (IAM → Account settings, or \`aws iam update-account-password-policy\`): minimum length ${MIN_LENGTH} or more, require upper and lower case, numbers and symbols, password reuse prevention ${MIN_REUSE}, maximum age ${MAX_AGE} days or less.`,
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const account = factsOf<AccountFacts>(resource, KIND.account);
    if (!account || account.passwordPolicy === undefined) return;
    const policy = account.passwordPolicy;
    if (policy === null) {
      yield { message: `account ${account.accountId} has no IAM password policy, so 8-character passwords are accepted: set one (length ${MIN_LENGTH}+, all character classes, reuse prevention ${MIN_REUSE})` };
      return;
    }
    const weak: string[] = [];
    if ((policy.minimumLength ?? 8) < MIN_LENGTH) weak.push(`minimum length ${policy.minimumLength ?? 8} (< ${MIN_LENGTH})`);
    const classes = [
      ['uppercase', policy.requireUppercase],
      ['lowercase', policy.requireLowercase],
      ['numbers', policy.requireNumbers],
      ['symbols', policy.requireSymbols],
    ] as const;
    const missing = classes.filter(([, on]) => !on).map(([name]) => name);
    if (missing.length > 0) weak.push(`does not require ${missing.join(', ')}`);
    if ((policy.reusePrevention ?? 0) < MIN_REUSE) weak.push(policy.reusePrevention ? `remembers only ${policy.reusePrevention} passwords (< ${MIN_REUSE})` : 'allows password reuse');
    if (weak.length > 0) yield { message: `the IAM password policy of account ${account.accountId} is weak: ${weak.join('; ')}` };
    if (policy.maxAge === undefined || policy.maxAge > MAX_AGE) {
      yield { severity: 'low', message: `the IAM password policy of account ${account.accountId} ${policy.maxAge === undefined ? 'never expires passwords' : `expires passwords only after ${policy.maxAge} days`}: set a maximum age of ${MAX_AGE} days or less` };
    }
  },
};
