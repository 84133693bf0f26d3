import { KIND, type AccountFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsRootMfa: Rule = {
  id: 'aws-root-mfa',
  practice: 'IAM-MFA-HUMANS',
  severity: 'critical',
  title: 'The root user has MFA',
  rationale:
    'The root user can do everything in the account, including closing it and changing its contact details, and no policy can restrict it. Without MFA a phished or reused root password is a complete takeover.',
  remediation:
    'Sign in as root, open Security credentials and assign an MFA device (a hardware key for production accounts); keep the device in a safe with the recovery procedure. In AWS Organizations, consider centralised root access management, which removes root credentials from member accounts.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const account = factsOf<AccountFacts>(resource, KIND.account);
    if (account?.root && !account.root.mfaActive) yield { message: `the root user of account ${account.accountId} has no MFA device: assign one` };
  },
};
