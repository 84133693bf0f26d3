import { accessLevel, supportsResourceLevel } from '../../core/iam/actions.js';
import { allowStatements } from '../../core/policies.js';
import type { KeyPath, Report, Rule, Severity } from '../../core/types.js';
import { coversWholeService, describeStatement, grantedActions, isScoped, serviceOf, shortList, viewsOf, isWildcardPattern } from './policy-support.js';

/**
 * Conditions that narrow EC2 changes besides policy.ts's scoping keys
 * (resource tags): request tags on create, the creating action for
 * CreateTags, and the VPC, subnet or instance profile the call is limited to.
 */
const EC2_SCOPING_KEYS = ['ec2:createaction', 'ec2:vpc', 'ec2:subnet', 'ec2:instanceprofile', 'ec2:launchtemplate'];
const EC2_SCOPING_PREFIXES = ['aws:requesttag/', 'ec2:requesttag/'];

export const iamEc2Scoped: Rule = {
  id: 'iam-ec2-scoped',
  practice: 'IAM-EC2-SCOPED',
  severity: 'high',
  title: 'EC2 changes are limited to tagged or named resources',
  rationale:
    'ec2:* lets a workload start instances with any instance profile, open security groups, snapshot and share volumes, and terminate the cluster\'s own nodes. Write and permissions-management actions on `Resource: "*"` without a tag condition reach every instance, volume and security group in the account. Read-only actions (Describe*) need `*` and are fine. Actions are expanded with the AWS service-authorization data; `*` and NotAction are reported by iam-no-full-wildcard.',
  remediation:
    'Grant only the actions the controller documents and limit changes with a tag condition, e.g. `Condition: {StringEquals: {"aws:ResourceTag/k8s.io/cluster-autoscaler/core-eks": "owned"}}`, or name the resource ARNs. The cluster autoscaler\'s documented policy is fine: autoscaling:SetDesiredCapacity and autoscaling:TerminateInstanceInAutoScalingGroup (tag-conditioned) plus read-only ec2:Describe* actions.',
  inputs: ['iam', 'terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    const found = viewsOf(resource, model);
    if (!found) return;
    const { index } = found;
    for (const view of found.views) {
      if (view.role !== 'identity') continue;
      for (const statement of allowStatements(view)) {
        const where = describeStatement(view, statement);
        const actions = statement.actions ?? [];
        const whole = new Set<number>();
        for (let i = 0; i < actions.length; i++) {
          if (!coversWholeService(index, actions[i], 'ec2')) continue;
          whole.add(i);
          yield {
            path: statement.valuePaths.Action[i],
            message: `${where} grants every EC2 action ("${actions[i]}"): name the actions the controller documents`,
          };
        }
        if (isScoped(statement, EC2_SCOPING_KEYS, EC2_SCOPING_PREFIXES)) continue;
        const changes = grantedActions(index, statement).filter((g) => {
          if (whole.has(g.at) || serviceOf(g.action) !== 'ec2' || !supportsResourceLevel(index, g.action)) return false;
          const level = accessLevel(index, g.action);
          return level === 'Write' || level === 'Permissions management' || level === 'Tagging';
        });
        if (changes.length === 0) continue;
        // Tagging alone (CreateTags, DeleteTags) is less than changing resources.
        const severity: Severity = changes.every((g) => accessLevel(index, g.action) === 'Tagging') ? 'medium' : 'high';
        const granted = shortList(changes.map((g) => g.action));
        if (statement.notResources !== undefined) {
          yield {
            path: statement.paths.NotResource as KeyPath,
            severity,
            message: `${where} allows ${granted} on every EC2 resource except those in NotResource: limit it with a tag condition or name the resources`,
          };
          continue;
        }
        const resources = statement.resources ?? [];
        for (let i = 0; i < resources.length; i++) {
          const r = resources[i];
          if (!isWildcardPattern(r) || !coversEc2(r)) continue;
          yield {
            path: statement.valuePaths.Resource[i],
            severity,
            message: `${where} allows ${granted} on every EC2 resource ("${r}") without a tag condition: add an aws:ResourceTag condition or name the resources`,
          };
        }
      }
    }
  },
};

/** A wildcard resource that can hold EC2 resources: `*`, or an EC2 ARN pattern. */
function coversEc2(resource: string): boolean {
  if (!resource.startsWith('arn:')) return true;
  const service = resource.split(':')[2] ?? '';
  return service === 'ec2' || service.includes('*');
}
