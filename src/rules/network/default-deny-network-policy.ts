import { applicationNamespaces, namespaceReport, type NamespaceInfo } from '../../core/namespaces.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { list } from '../../core/values.js';
import { deniesAll, effectivePolicyTypes, hasNoRules, isKubernetesNetworkPolicy, policySpec, selectsAllPods, type Direction } from './network-policy.js';

const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

export const defaultDenyNetworkPolicy: Rule = {
  id: 'default-deny-network-policy',
  practice: 'NET-DEFAULT-DENY',
  severity: 'high',
  title: 'Every application namespace has a default-deny NetworkPolicy for ingress and egress',
  rationale:
    'Without a NetworkPolicy that selects a pod, Kubernetes lets every pod in the cluster reach it and lets it reach anything, so one compromised pod can scan and attack every service and exfiltrate data freely. A default deny isolates all pods of the namespace, so only the flows other policies allow explicitly get through.',
  remediation:
    'Add to each namespace a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no `ingress`/`egress` rules, then allow the needed flows (DNS egress to kube-dns first) in separate policies. List both policyTypes: a policy without `policyTypes` and without egress rules covers ingress only.',
  inputs: ['k8s'],
  *checkModel(model: Model): Iterable<Report> {
    const policies = new Map<string, Resource[]>();
    for (const policy of model.ofKind('NetworkPolicy')) {
      if (!isKubernetesNetworkPolicy(policy) || !policy.namespace) continue;
      let bucket = policies.get(policy.namespace);
      if (!bucket) policies.set(policy.namespace, (bucket = []));
      bucket.push(policy);
    }
    for (const ns of applicationNamespaces(model)) {
      const mine = policies.get(ns.name) ?? [];
      const missing = DIRECTIONS.filter((d) => !mine.some((p) => deniesAll(policySpec(p), d)));
      if (missing.length === 0) continue;
      if (!ns.object && mine.length === 0) {
        yield {
          ...namespaceReport(ns, `namespace "${ns.name}" is not defined in the scanned files and no NetworkPolicy for it was found: make sure it has a default-deny NetworkPolicy for ingress and egress`),
          severity: 'info',
        };
        continue;
      }
      yield report(ns, missing, mine);
    }
  },
};

function report(ns: NamespaceInfo, missing: Direction[], policies: Resource[]): Report {
  const what = missing.length === 2 ? 'ingress and egress' : missing[0].toLowerCase();
  const hint = missing.map((d) => near(d, policies)).find((h) => h !== undefined);
  const message =
    `namespace "${ns.name}" has no default-deny NetworkPolicy for ${what}` +
    (hint ? ` (${hint})` : '') +
    `: add one with podSelector: {}, policyTypes [Ingress, Egress] and no rules`;
  return namespaceReport(ns, message, ['metadata', 'name']);
}

/** Why a policy that selects every pod does not count as the default deny of `direction`. */
function near(direction: Direction, policies: Resource[]): string | undefined {
  const dir = direction.toLowerCase();
  for (const policy of policies) {
    const spec = policySpec(policy);
    if (!selectsAllPods(spec)) continue;
    const types = effectivePolicyTypes(spec);
    if (types.has(direction) && !hasNoRules(spec, direction)) {
      return `NetworkPolicy "${policy.name}" selects every pod for ${dir} but also allows ${dir} flows`;
    }
    if (!types.has(direction) && direction === 'Egress' && list(spec.policyTypes).length === 0) {
      return `NetworkPolicy "${policy.name}" sets no policyTypes and no egress rules, so it covers ingress only`;
    }
    if (!types.has(direction)) return `NetworkPolicy "${policy.name}" does not list ${direction} in policyTypes`;
  }
  return undefined;
}
