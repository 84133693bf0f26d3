import { PRIVILEGE_ESCALATION_ACTIONS, readsConfigurationOnly, supportsResourceLevel } from '../../core/iam/actions.js';
import { allowStatements } from '../../core/policies.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { coversWholeService, describeStatement, grantedActions, isKeyPolicy, isScoped, serviceOf, shortList, viewsOf, isWildcardPattern } from './policy-support.js';

/** Services and actions that the scoped rules judge at a higher severity: left to them to keep one finding per mistake. */
const COVERED_SERVICES = new Set(['kms', 's3', 'ec2']);
const ESCALATION = new Set<string>(PRIVILEGE_ESCALATION_ACTIONS.map((a) => a.toLowerCase()));
const ASSUME = /^sts:assumerole/;

/** Conditions that narrow the resources besides policy.ts's scoping keys: the service a service-linked role is for. */
const EXTRA_SCOPING_KEYS = ['iam:awsservicename'];

function coveredElsewhere(action: string): boolean {
  const key = action.toLowerCase();
  return COVERED_SERVICES.has(serviceOf(key)) || ASSUME.test(key) || ESCALATION.has(key);
}

/** The service a wildcard resource belongs to: `*` for `*` or a service wildcard. */
function resourceService(resource: string): string {
  if (!resource.startsWith('arn:')) return '*';
  const service = resource.split(':')[2] ?? '';
  return service.includes('*') || service.includes('?') || service === '' ? '*' : service.toLowerCase();
}

export const iamNoWildcardResource: Rule = {
  id: 'iam-no-wildcard-resource',
  practice: 'IAM-NO-WILDCARD-RESOURCE',
  severity: 'medium',
  title: 'Actions that support resource-level permissions name their resources',
  rationale:
    '`Resource: "*"` on an action that can be limited to named resources gives the workload that action on every queue, table, secret or topic in the account, today\'s and tomorrow\'s: a compromised pod reaches other services\' data. `NotResource` and `NotAction` in an Allow statement grant everything not listed, including what AWS and the account add later. Whether an action supports resource-level permissions comes from the AWS service-authorization data; actions that only work on `*` are fine, and so are reads of configuration (List and Read access levels, except reads of stored data such as secretsmanager:GetSecretValue, ssm:GetParameter, dynamodb:Query or logs:GetLogEvents), which is what an auditor needs on every resource. KMS, S3, EC2, sts:AssumeRole* and IAM privilege-escalation actions (and `iam:*`) are left to iam-kms-scoped, iam-s3-scoped, iam-ec2-scoped, iam-no-assume-any-role and iam-no-iam-admin, which judge them at their own severity. Trust policies, KMS key policies and other resource policies are skipped for `Resource: "*"`, which there means the resource the policy is attached to.',
  remediation:
    'Name the ARNs in `Resource` (e.g. `arn:aws:sqs:eu-west-1:111122223333:core-routing-events`, `arn:aws:secretsmanager:eu-west-1:111122223333:secret:core-routing/*`), or add a condition that limits the resources such as `aws:ResourceTag/service`; replace `NotResource`/`NotAction` with explicit `Resource`/`Action` lists.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role === 'trust' || isKeyPolicy(view)) continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        if (statement.notActions !== undefined) {
          yield {
            path: statement.paths.NotAction as KeyPath,
            severity: 'high',
            message: `${where} uses NotAction in an Allow statement, which grants every action not listed: list the allowed actions in Action`,
          };
        }
        if (statement.notResources !== undefined) {
          yield {
            path: statement.paths.NotResource as KeyPath,
            severity: 'high',
            message: `${where} uses NotResource in an Allow statement, which grants its actions on every resource not listed: name the resources in Resource`,
          };
          continue;
        }
        if (view.role !== 'identity' || isScoped(statement, EXTRA_SCOPING_KEYS)) continue;
        const resources = statement.resources ?? [];
        const wildcards = resources.map((r, i) => ({ r, i })).filter(({ r }) => isWildcardPattern(r));
        if (wildcards.length === 0) continue;
        const iamAdmin = new Set((statement.actions ?? []).flatMap((p, i) => (coversWholeService(index, p, 'iam') ? [i] : [])));
        const actions = grantedActions(index, statement)
          .filter((g) => !iamAdmin.has(g.at))
          .map((g) => g.action)
          .filter((a) => !coveredElsewhere(a) && supportsResourceLevel(index, a) && !readsConfigurationOnly(index, a));
        for (const { r, i } of wildcards) {
          const service = resourceService(r);
          const reached = service === '*' ? actions : actions.filter((a) => serviceOf(a) === service);
          if (reached.length === 0) continue;
          yield {
            path: statement.valuePaths.Resource[i],
            message: `${where} allows ${shortList(reached)} on every resource ("${r}"), though ${reached.length > 1 ? 'these actions support' : 'it supports'} resource-level permissions: name the resource ARNs`,
          };
        }
      }
    }
  },
};
