import { allowStatements } from '../../core/policies.js';
import type { Report, Rule, Severity } from '../../core/types.js';
import { describeStatement, grantsEveryAction, viewsOf, isWildcardPattern } from './policy-support.js';

export const iamNoFullWildcard: Rule = {
  id: 'iam-no-full-wildcard',
  practice: 'IAM-NO-FULL-WILDCARD',
  severity: 'critical',
  title: 'No Allow statement grants every action',
  rationale:
    '`Action: "*"` (or `"*:*"`) is administrator access: whoever holds the role, or steals its credentials from a compromised pod, can create users, read every secret and delete the account\'s data. `NotAction` in an Allow statement is nearly the same: it grants every action that exists, and every one AWS adds later, except the few it names. On named resources the grant is smaller but still includes deleting them and changing their policies.',
  remediation:
    'List the actions the workload calls (CloudTrail or IAM Access Analyzer policy generation show them), e.g. `Action: ["s3:GetObject", "s3:PutObject"]`, and replace `NotAction` with an explicit `Action` list; keep broad access for break-glass roles outside workload policies.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    for (const view of found.views) {
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        // Resource and trust policies only grant on their own resource; an identity policy's wildcard is everything.
        const everywhere =
          view.role === 'identity' &&
          ((statement.resources ?? []).some(isWildcardPattern) || statement.notResources !== undefined);
        const severity: Severity = everywhere ? 'critical' : 'high';
        const scope =
          everywhere ? 'on every resource'
          : view.role === 'resource' ? 'on this resource'
          : view.role === 'trust' ? 'on this role'
          : 'on the resources it names';
        const actions = statement.actions ?? [];
        for (let i = 0; i < actions.length; i++) {
          if (!grantsEveryAction(actions[i])) continue;
          yield {
            path: statement.valuePaths.Action[i],
            severity,
            message: `${where} allows every action ("${actions[i]}") ${scope}: list the actions it needs`,
          };
        }
        if (statement.notActions !== undefined) {
          yield {
            path: statement.paths.NotAction,
            severity,
            message: `${where} uses NotAction in an Allow statement, which grants every other action ${scope}, including ones AWS adds later: list the allowed actions in Action`,
          };
        }
      }
    }
  },
};
