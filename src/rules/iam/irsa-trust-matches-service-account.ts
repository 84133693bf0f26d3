import type { Report, Rule } from '../../core/types.js';
import { IRSA_ANNOTATION } from './irsa-role-per-service-account.js';
import { parseSubject, rolesByName, serviceAccountRole, trustedSubjects, trustPolicies } from './irsa-support.js';

/** Joins Kubernetes ServiceAccounts to the IAM roles Terraform or CloudFormation define in the same scan. */
export const irsaTrustMatchesServiceAccount: Rule = {
  id: 'irsa-trust-matches-service-account',
  practice: 'IAM-IRSA-TRUST-SCOPED',
  severity: 'high',
  title: "An IRSA role trusts exactly the ServiceAccount that uses it",
  rationale:
    'The ServiceAccount annotation and the role’s trust policy live in different repositories and drift apart: a role that trusts another service account (or several) either breaks the workload or lets another workload assume its permissions. Only a join of the Kubernetes manifests and the infrastructure code, scanned together, shows the mismatch before deployment.',
  remediation:
    'In the role’s trust policy, use `StringEquals` on `<oidc-provider>:sub` with exactly `system:serviceaccount:<namespace>:<name>` of the ServiceAccount annotated with the role, and `<oidc-provider>:aud` = `sts.amazonaws.com`; give every service its own role.',
  inputs: ['k8s', 'terraform', 'cfn'],
  *checkModel(model): Iterable<Report> {
    const roles = rolesByName(model);
    const serviceAccounts = model.ofKind('ServiceAccount').filter((sa) => sa.input === 'k8s');
    const users = new Map<string, typeof serviceAccounts>();
    for (const sa of serviceAccounts) {
      const role = serviceAccountRole(sa);
      if (!role) continue;
      const sharing = users.get(role);
      if (sharing) sharing.push(sa);
      else users.set(role, [sa]);
    }

    for (const [roleName, accounts] of users) {
      const defined = roles.get(roleName);
      if (!defined) {
        if (roles.size === 0) continue; // no infrastructure code in this scan: nothing to join
        for (const sa of accounts) {
          yield {
            resource: sa,
            path: ['metadata', 'annotations', IRSA_ANNOTATION],
            severity: 'info',
            message: `ServiceAccount ${sa.namespace ?? ''}/${sa.name} uses role ${roleName}, which is not defined in the scanned infrastructure code; its trust policy cannot be checked`,
          };
        }
        continue;
      }
      for (const role of defined) {
        if (trustPolicies(role, model) === undefined) continue; // a trust the scan cannot follow: unknown, not wrong
        const trusts = trustedSubjects(role, model);
        const known = trusts.flatMap((t) => t.subjects.filter((s) => !s.includes('${')).map((s) => ({ trust: t, subject: s })));
        if (trusts.length > 0 && known.length === 0) continue; // subjects are references: unknown, not wrong
        for (const sa of accounts) {
          const subject = `system:serviceaccount:${sa.namespace ?? 'default'}:${sa.name}`;
          if (known.some((k) => k.subject === subject && k.trust.operator === 'StringEquals')) continue;
          const first = trusts[0];
          const admitted = known.map((k) => k.subject).join(', ');
          yield {
            resource: first ? first.resource : role,
            path: first ? first.path : [],
            message: first
              ? `role ${roleName} is used by ServiceAccount ${sa.namespace ?? ''}/${sa.name}, but its trust policy admits ${admitted || 'no service account'} instead of exactly ${subject}`
              : `role ${roleName} is used by ServiceAccount ${sa.namespace ?? ''}/${sa.name}, but its trust policy has no web-identity statement with a \`:sub\` condition for ${subject}`,
          };
        }
      }
    }

    // Roles that trust service accounts the scan does not contain.
    if (serviceAccounts.length === 0) return;
    for (const [roleName, defined] of roles) {
      for (const role of defined) {
        for (const trust of trustedSubjects(role, model)) {
          for (const subject of trust.subjects) {
            const parsed = parseSubject(subject);
            if (!parsed || subject.includes('*') || subject.includes('${')) continue;
            const exists = serviceAccounts.some((sa) => sa.name === parsed.name && (sa.namespace ?? 'default') === parsed.namespace);
            if (!exists) {
              yield {
                resource: trust.resource,
                path: trust.path,
                severity: 'info',
                message: `role ${roleName} trusts ${subject}, but no such ServiceAccount is in the scanned manifests`,
              };
            }
          }
        }
      }
    }
  },
};
