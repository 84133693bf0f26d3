import type { Report, Rule } from '../../core/types.js';
import { describe, policyRules } from './rbac-model.js';

const FIELDS = [
  ['verbs', 'every verb'],
  ['resources', 'every resource'],
  ['apiGroups', 'every API group'],
] as const;

export const rbacNoWildcards: Rule = {
  id: 'rbac-no-wildcards',
  practice: 'K8S-RBAC-LEAST-PRIVILEGE',
  severity: 'high',
  title: 'RBAC rules name their verbs, resources and API groups',
  rationale:
    'A `*` grants everything that exists now and everything added later: `verbs: ["*"]` includes escalate, bind and impersonate, `resources: ["*"]` includes secrets, pods/exec and every custom resource a future operator installs. Whoever holds the role, or steals a token bound to it, gets far more than the workload was meant to do.',
  remediation:
    'List the exact `verbs` (e.g. get, list, watch), `resources` and `apiGroups` the subject uses; `kubectl auth can-i --list --as system:serviceaccount:NS:NAME` or the audit log shows what it actually calls.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    for (const rule of policyRules(resource)) {
      for (const [field, meaning] of FIELDS) {
        for (const item of rule[field]) {
          if (item.value === '*') {
            yield { path: item.path, message: `${describe(resource)} rule #${rule.index} grants ${meaning} (${field}: "*"): list the ones it needs` };
          } else if (field === 'resources' && item.value.startsWith('*/')) {
            yield {
              path: item.path,
              severity: 'medium',
              message: `${describe(resource)} rule #${rule.index} grants the ${item.value.slice(2)} subresource of every resource ("${item.value}"): name the resources`,
            };
          }
        }
      }
    }
  },
};
