import { isWorkload } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';

/** Application objects (besides workloads) that belong in the application's own namespace. */
const APPLICATION_KINDS = new Set(['Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Ingress']);

export const namespacePerDomain: Rule = {
  id: 'namespace-per-domain',
  practice: 'NET-NAMESPACE-PER-DOMAIN',
  severity: 'medium',
  title: 'Workloads run in a dedicated namespace, never in default',
  rationale:
    'The default namespace is shared by everything deployed without thought: RBAC grants, NetworkPolicies, Pod Security labels and quotas cannot be scoped to one component there, so a compromise of one workload reaches its neighbours\' Secrets and service accounts. A workload without metadata.namespace lands wherever the deploying context points, often default.',
  remediation:
    'Create one namespace per component domain (e.g. `core-routing`) and set `metadata.namespace: core-routing` on every workload, Service, ConfigMap, Secret, ServiceAccount and Ingress of that component.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (resource.input !== 'k8s') return;
    const workload = isWorkload(resource);
    if (!workload && !APPLICATION_KINDS.has(resource.kind)) return;
    const namespace = get(resource.value, ['metadata', 'namespace']);
    const what = `${resource.kind} "${resource.name}"`;
    if (namespace === 'default') {
      // Hardening the default namespace's own service account is not deploying into it.
      if (resource.kind === 'ServiceAccount' && resource.name === 'default') return;
      yield {
        path: ['metadata', 'namespace'],
        message: `${what} is in the default namespace: move it to the namespace of its component domain`,
      };
    } else if (workload && (namespace === undefined || namespace === null || namespace === '')) {
      yield {
        path: ['metadata', 'namespace'],
        severity: 'low',
        message: `${what} sets no namespace and will land in the namespace of the deploying context: set metadata.namespace`,
      };
    }
  },
};
