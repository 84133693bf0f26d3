import { expandActions } from '../../core/iam/actions.js';
import { allowStatements, isReference } from '../../core/policies.js';
import type { KeyPath, Report, Rule, Severity } from '../../core/types.js';
import { describeStatement, grantsEveryAction, positiveConditions, shortList, viewsOf, isWildcardPattern } from './policy-support.js';

/** sts actions that take on a role: AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, as the data lists them. */
const ASSUME = /^sts:assumerole/;

/** Conditions that limit which roles: the role's tags, or named role ARNs through a condition. */
const ROLE_TAG_PREFIXES = ['aws:resourcetag/', 'iam:resourcetag/'];

/** An IAM ARN; partition and account may be references (`${AWS::AccountId}`): the role name alone then decides. */
const IAM_ARN = /^arn:(?:aws[a-z-]{0,20}|\$\{[^}]{1,100}\}):iam::(\$\{[^}]{1,100}\}|[^:]*):(.{1,1000})$/;

/** What is wrong with a role ARN pattern in Resource, if anything. */
function judgeRoleArn(resource: string): { severity: Severity; what: string } | undefined {
  if (isWildcardPattern(resource)) return { severity: 'high', what: `every role ("${resource}")` };
  const match = IAM_ARN.exec(resource);
  if (!match) return undefined;
  const [, account, name] = match;
  if (isReference(name)) return undefined;
  if (!isReference(account) && (account.includes('*') || account.includes('?'))) {
    return { severity: 'high', what: `roles of any account ("${resource}")` };
  }
  if (!name.startsWith('role/')) return undefined;
  if (/^role\/[*/]+$/.test(name)) return { severity: 'high', what: `every role ("${resource}")` };
  if (name.includes('*') || name.includes('?')) return { severity: 'medium', what: `every role matching "${resource}"` };
  return undefined;
}

export const iamNoAssumeAnyRole: Rule = {
  id: 'iam-no-assume-any-role',
  practice: 'IAM-NO-ASSUME-ANY-ROLE',
  severity: 'high',
  title: 'sts:AssumeRole names the roles it may assume',
  rationale:
    'sts:AssumeRole on `*` lets a workload become any role whose trust policy admits its account, which is every role trusting the account root, including administrator and break-glass roles; a role pattern such as `role/*` is the same. Any compromise of the pod then reaches everything those roles can do. AssumeRole* patterns are expanded with the AWS service-authorization data; `*` and NotAction are reported by iam-no-full-wildcard.',
  remediation:
    'Name the role ARNs in `Resource`, e.g. `arn:aws:iam::111122223333:role/core-routing-reader`; for attribute-based access, add a `Condition` on `aws:ResourceTag/<key>`. Make the target roles\' trust policies name the calling role instead of the account root.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role !== 'identity') continue;
      for (const statement of allowStatements(view)) {
        const assumes: string[] = [];
        for (const pattern of statement.actions ?? []) {
          if (grantsEveryAction(pattern) || isReference(pattern)) continue;
          for (const action of expandActions(index, pattern)) {
            if (ASSUME.test(action.toLowerCase()) && !assumes.includes(action)) assumes.push(action);
          }
        }
        if (assumes.length === 0) continue;
        if (positiveConditions(statement, [], ROLE_TAG_PREFIXES).length > 0) continue;
        const where = describeStatement(view, statement);
        const granted = shortList(assumes);
        if (statement.notResources !== undefined) {
          yield {
            path: statement.paths.NotResource as KeyPath,
            message: `${where} allows ${granted} on every role except those in NotResource: name the roles in Resource`,
          };
          continue;
        }
        const resources = statement.resources ?? [];
        for (let i = 0; i < resources.length; i++) {
          const judged = judgeRoleArn(resources[i]);
          if (!judged) continue;
          yield {
            path: statement.valuePaths.Resource[i],
            severity: judged.severity,
            message: `${where} allows ${granted} on ${judged.what}: name the role ARNs it may assume`,
          };
        }
      }
    }
  },
};
