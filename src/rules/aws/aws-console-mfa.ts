import { KIND, type UserFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsConsoleMfa: Rule = {
  id: 'aws-console-mfa',
  practice: 'IAM-MFA-HUMANS',
  severity: 'high',
  title: 'IAM users with a console password have MFA',
  rationale:
    'A console password is a human credential: it is phished, reused and guessed. MFA makes a stolen password alone useless; without it one leaked password gives the user\'s whole console access.',
  remediation:
    'Assign an MFA device to the user (or delete the login profile if the user needs no console), and deny actions without `aws:MultiFactorAuthPresent` to users; better, move people to IAM Identity Center with MFA enforced.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const user = factsOf<UserFacts>(resource, KIND.user);
    if (user?.passwordEnabled && !user.mfaActive) yield { message: `IAM user ${user.userName} can sign in to the console with a password but has no MFA device: assign one` };
  },
};
