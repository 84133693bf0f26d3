import { KIND, type AccountFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsRootAccessKeys: Rule = {
  id: 'aws-root-access-keys',
  practice: 'IAM-ROLES-NOT-KEYS',
  severity: 'critical',
  title: 'The root user has no access keys',
  rationale:
    'A root access key is a permanent credential with unrestricted power over the account that no IAM policy or permission boundary can limit; once it leaks from a laptop, script or CI variable, the account is lost.',
  remediation:
    'Find what uses the key (its last-used service in the credential report), move that to an IAM role, then deactivate and delete the root access keys under the root user\'s Security credentials.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const root = factsOf<AccountFacts>(resource, KIND.account)?.root;
    if (root && root.activeAccessKeys > 0) {
      yield { message: `the root user has ${root.activeAccessKeys} active access key${root.activeAccessKeys > 1 ? 's' : ''}: delete ${root.activeAccessKeys > 1 ? 'them' : 'it'} and use IAM roles` };
    }
  },
};
