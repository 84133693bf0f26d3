import { expandActions, PRIVILEGE_ESCALATION_ACTIONS } from '../../core/iam/actions.js';
import type { StatementView } from '../../core/iam/policy.js';
import { allowStatements, isReference } from '../../core/policies.js';
import type { Report, Rule } from '../../core/types.js';
import { coversWholeService, describeStatement, grantsEveryAction, positiveConditions, shortList, viewsOf, isWildcardPattern } from './policy-support.js';

/** sts:AssumeRole belongs to iam-no-assume-any-role; iam:PassRole is judged with its resource and condition. */
const ESCALATION = new Set(
  PRIVILEGE_ESCALATION_ACTIONS.filter((a) => a !== 'sts:AssumeRole' && a !== 'iam:PassRole').map((a) => a.toLowerCase()),
);
/** Escalation through code that runs under an existing role: scoping to named functions/endpoints limits it. */
const RUNS_EXISTING_ROLE = new Set(['lambda:updatefunctioncode', 'glue:updatedevendpoint']);

function onWildcardResource(statement: StatementView): boolean {
  return (
    statement.notResources !== undefined ||
    (statement.resources ?? []).some(isWildcardPattern)
  );
}

export const iamNoIamAdmin: Rule = {
  id: 'iam-no-iam-admin',
  practice: 'IAM-NO-IAM-ADMIN',
  severity: 'critical',
  title: 'No IAM administration or privilege-escalation actions',
  rationale:
    'A principal that may write IAM policies can make itself administrator: iam:PutRolePolicy or iam:AttachRolePolicy on its own role, iam:CreatePolicyVersion on a policy it holds, iam:CreateAccessKey for a more privileged user, iam:UpdateAssumeRolePolicy on an admin role, or iam:PassRole of any role to a service it controls (Rhino Security Labs\' escalation methods). A workload never needs these. Patterns are expanded with the AWS service-authorization data, so `iam:Put*` or `iam:*Policy*` count; `*`/`*:*` and NotAction are reported by iam-no-full-wildcard and sts:AssumeRole by iam-no-assume-any-role.',
  remediation:
    'Remove `iam:*` and the escalation actions from workload policies; manage IAM through the IaC pipeline\'s own role. If a controller must pass a role, name the role ARN in `Resource` and add `Condition: {StringEquals: {"iam:PassedToService": "ec2.amazonaws.com"}}`.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role === 'trust') continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        const wildcard = onWildcardResource(statement);
        const passRoleScoped = positiveConditions(statement, ['iam:passedtoservice', 'iam:associatedresourcearn']).length > 0;
        const actions = statement.actions ?? [];
        for (let i = 0; i < actions.length; i++) {
          const pattern = actions[i];
          if (grantsEveryAction(pattern) || isReference(pattern)) continue;
          const path = statement.valuePaths.Action[i];
          if (coversWholeService(index, pattern, 'iam')) {
            yield { path, message: `${where} grants every IAM action ("${pattern}"): a workload must not administer IAM` };
            continue;
          }
          const expanded = expandActions(index, pattern);
          const escalation = expanded.filter((a) => ESCALATION.has(a.toLowerCase()));
          const passRole = expanded.find((a) => a.toLowerCase() === 'iam:passrole');
          if (passRole && wildcard && !passRoleScoped) escalation.push(passRole);
          if (escalation.length === 0) continue;
          const via = escalation.length === 1 && escalation[0].toLowerCase() === pattern.toLowerCase() ? '' : ` (through "${pattern}")`;
          if (escalation.length === 1 && escalation[0] === passRole) {
            yield {
              path,
              severity: 'high',
              message: `${where} grants iam:PassRole${via} on any role without an iam:PassedToService condition: name the role ARNs and the service it is passed to`,
            };
            continue;
          }
          const limited = !wildcard && escalation.every((a) => RUNS_EXISTING_ROLE.has(a.toLowerCase()));
          const plural = escalation.length > 1;
          yield {
            path,
            severity: limited ? 'medium' : 'high',
            message: `${where} grants the privilege-escalation action${plural ? 's' : ''} ${shortList(escalation)}${via}${limited ? ' on named resources' : ''}: remove ${plural ? 'them' : 'it'} from the workload's policy`,
          };
        }
      }
    }
  },
};
