import { applicationNamespaces, namespaceReport } from '../../core/namespaces.js';
import type { Model, Report, Rule } from '../../core/types.js';
import { get, isRecord, stringMap } from '../../core/values.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const psaRestricted: Rule = {
  id: 'psa-restricted',
  practice: 'POD-PSA-RESTRICTED',
  severity: 'medium',
  title: 'Application namespaces enforce the restricted Pod Security Standard',
  rationale:
    'Pod Security admission is the cluster\'s own backstop: with `enforce: restricted` the API server rejects privileged, host-namespace, hostPath, root or capability-adding pods however they are created (a compromised CI token, a Helm chart default, kubectl run). Without the label the namespace falls back to the cluster default, which on EKS is privileged, so nothing is enforced.',
  remediation:
    'Label every application Namespace with `pod-security.kubernetes.io/enforce: restricted` (optionally pin `pod-security.kubernetes.io/enforce-version`), and set `pod-security.kubernetes.io/warn: restricted` and `pod-security.kubernetes.io/audit: restricted` too so violations are also shown to clients and recorded in the audit log. Define the Namespace in the same repository as its workloads so the level is reviewed with them.',
  inputs: ['k8s'],
  *checkModel(model: Model): Iterable<Report> {
    for (const ns of applicationNamespaces(model)) {
      if (!ns.object) {
        yield {
          ...namespaceReport(ns, `namespace ${ns.name} is not defined in the scanned files; its Pod Security level cannot be checked`),
          severity: 'info',
        };
        continue;
      }
      const rawLabels = get(ns.object.value, ['metadata', 'labels']);
      const labels = stringMap(rawLabels);
      const level = labels[ENFORCE];
      if (level === 'restricted') continue;
      if (level === undefined) {
        const path = isRecord(rawLabels) ? ['metadata', 'labels'] : isRecord(get(ns.object.value, ['metadata'])) ? ['metadata'] : [];
        yield namespaceReport(ns, `namespace ${ns.name} has no ${ENFORCE} label, so no Pod Security level is enforced; expected restricted`, path);
        continue;
      }
      const shown = level.length > 40 ? `${level.slice(0, 40)}…` : level;
      yield namespaceReport(
        ns,
        level === 'privileged' || level === 'baseline'
          ? `namespace ${ns.name} enforces the ${shown} Pod Security level; expected restricted`
          : `namespace ${ns.name} sets ${ENFORCE} to "${shown}", which is not a Pod Security level; expected restricted`,
        ['metadata', 'labels', ENFORCE],
      );
    }
  },
};
