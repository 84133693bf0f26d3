import type { Report, Rule, Severity } from '../../core/types.js';
import { anchorOf, describe, grantedVerbs, grants, policyRules } from './rbac-model.js';

const READ_VERBS = ['get', 'list', 'watch'] as const;

export const rbacNoSecretsRead: Rule = {
  id: 'rbac-no-secrets-read',
  practice: 'K8S-RBAC-LEAST-PRIVILEGE',
  severity: 'high',
  title: 'Roles do not read Secrets broadly',
  rationale:
    'list and watch on secrets return every Secret in scope with its data, including other workloads\' credentials and service-account tokens, so one compromised pod holding such a role reads them all; in a ClusterRole bound cluster-wide that is every Secret in the cluster. get without resourceNames is narrower but still reads any Secret whose name is known or guessed.',
  remediation:
    'Mount the Secrets the workload needs instead of reading them through the API; if it must read them, grant only `get` with `resourceNames: [the-secret]` in a namespaced Role.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const cluster = resource.kind === 'ClusterRole';
    for (const rule of policyRules(resource)) {
      if (rule.resourceNames.length > 0) continue; // limited to named Secrets
      const match = grants(rule, READ_VERBS, '', ['secrets']);
      if (!match) continue;
      const verbs = grantedVerbs(rule, READ_VERBS);
      const bulk = verbs.includes('list') || verbs.includes('watch');
      // list/watch read every Secret at once; get needs names. A ClusterRole reaches every namespace.
      const severity: Severity = bulk ? (cluster ? 'high' : 'medium') : cluster ? 'medium' : 'low';
      const scope = cluster ? '(cluster-wide through a ClusterRoleBinding)' : `in namespace "${resource.namespace ?? 'default'}"`;
      yield {
        path: anchorOf(match).path,
        severity,
        message: bulk
          ? `${describe(resource)} rule #${rule.index} can ${verbs.join('/')} all secrets ${scope}: grant get on named secrets (resourceNames) only`
          : `${describe(resource)} rule #${rule.index} can get any secret by name ${scope}: restrict it with resourceNames`,
      };
    }
  },
};
