import type { Report, Rule, Severity } from '../../core/types.js';
import { bindingOf, boundRole, describe, isFullWildcard, policyRules, serviceAccountSubject, type SubjectView } from './rbac-model.js';

/** Groups that stand for every service account, every caller or anonymous callers. */
function broadGroup(name: string): boolean {
  return (
    name === 'system:serviceaccounts' ||
    name.startsWith('system:serviceaccounts:') ||
    name === 'system:authenticated' ||
    name === 'system:unauthenticated'
  );
}

/** How the subject reads in a message, when it is one this rule protects; else undefined. */
function riskySubject(subject: SubjectView): string | undefined {
  const sa = serviceAccountSubject(subject);
  if (sa) return `ServiceAccount "${sa.namespace ? `${sa.namespace}/` : ''}${sa.name}"`;
  if (subject.kind === 'Group' && broadGroup(subject.name)) return `group "${subject.name}"`;
  if (subject.kind === 'User' && subject.name === 'system:anonymous') return 'user "system:anonymous"';
  return undefined;
}

export const noClusterAdminBinding: Rule = {
  id: 'no-cluster-admin-binding',
  practice: 'K8S-RBAC-NO-CLUSTER-ADMIN',
  severity: 'critical',
  title: 'Service accounts are never bound to cluster-admin',
  rationale:
    'A service account bound to cluster-admin turns any compromise of a pod that runs as it (an RCE, a leaked token) into full control of the cluster: every Secret, every node through privileged pods, and the RBAC itself. Binding it to groups such as system:serviceaccounts or system:authenticated hands the same power to every pod, or every caller, at once.',
  remediation:
    'Delete the binding, or bind the ServiceAccount to a Role listing only the verbs and resources it uses (`roleRef.kind: Role`); human administrators get cluster-admin through an IAM-mapped group, never through a workload identity.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    const view = bindingOf(resource);
    if (!view) return;
    let grant: string | undefined;
    let severity: Severity = 'critical';
    if (view.roleKind === 'ClusterRole' && view.roleName === 'cluster-admin') {
      grant = resource.kind === 'RoleBinding' ? `cluster-admin over namespace "${resource.namespace ?? 'default'}"` : 'cluster-admin';
    } else if (view.roleKind === 'ClusterRole' && (view.roleName === 'admin' || view.roleName === 'edit') && resource.kind === 'ClusterRoleBinding') {
      grant = `${view.roleName} in every namespace`;
      severity = 'high';
    } else {
      const role = boundRole(model, view);
      if (role && policyRules(role).some(isFullWildcard)) {
        grant = `${describe(role)} (every verb on every resource, like cluster-admin)`;
      }
    }
    if (!grant) return;
    for (const subject of view.subjects) {
      const who = riskySubject(subject);
      if (!who) continue;
      yield {
        path: subject.path,
        severity,
        message: `${describe(resource)} grants ${grant} to ${who}: bind a least-privilege Role instead`,
      };
    }
  },
};
