import type { KeyPath, Report, Rule } from '../../core/types.js';
import { isRecord, list, record, str } from '../../core/values.js';
import { effectivePolicyTypes, isKubernetesNetworkPolicy, policySpec, isMatchAll, selectsAllNamespaces } from './network-policy.js';

export const noBroadCrossNamespacePolicy: Rule = {
  id: 'no-broad-cross-namespace-policy',
  practice: 'NET-NO-BROAD-CROSS-NAMESPACE',
  severity: 'medium',
  title: 'NetworkPolicies name their cross-namespace peers',
  rationale:
    'A policy peer `namespaceSelector: {}` matches every pod in every namespace, and an ingress rule without `from` admits every source, including other tenants and the internet behind a load balancer. Such a rule quietly undoes the default deny: a compromised pod anywhere in the cluster can reach the workload.',
  remediation:
    'Name each peer: a `namespaceSelector` on `kubernetes.io/metadata.name: <namespace>` combined with a `podSelector` on the client\'s labels (in the same peer item), or an `ipBlock` with the load balancer\'s subnets instead of `0.0.0.0/0`. Give every ingress rule a `from` and drop allow-all rules (`- {}`).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (!isKubernetesNetworkPolicy(resource)) return;
    const spec = policySpec(resource);
    const types = effectivePolicyTypes(spec);
    const policy = `NetworkPolicy "${resource.name}"`;
    if (types.has('Ingress')) {
      for (const [i, rule] of list(spec.ingress).entries()) {
        const rulePath: KeyPath = ['spec', 'ingress', i];
        const body = record(rule);
        const from = list(body.from);
        if (from.length === 0) {
          const ports = list(body.ports).length > 0 ? 'on its ports' : 'on every port';
          yield {
            path: Array.isArray(body.from) ? [...rulePath, 'from'] : rulePath,
            message: `${policy} has an ingress rule without from, which admits every source (all pods in all namespaces and outside addresses) ${ports}: list the allowed peers`,
          };
          continue;
        }
        yield* peers(from, [...rulePath, 'from'], `${policy} admits ingress from`);
        for (const [j, peer] of from.entries()) {
          const cidr = str(record(record(peer).ipBlock).cidr);
          if (cidr !== undefined && /\/0+$/.test(cidr.trim())) {
            yield {
              path: [...rulePath, 'from', j, 'ipBlock', 'cidr'],
              message: `${policy} admits ingress from any address (ipBlock ${cidr.trim()}): narrow the CIDR to the load balancer's or client's subnets`,
            };
          }
        }
      }
    }
    if (types.has('Egress')) {
      for (const [i, rule] of list(spec.egress).entries()) {
        const rulePath: KeyPath = ['spec', 'egress', i];
        const body = record(rule);
        const to = list(body.to);
        if (to.length === 0) {
          if (list(body.ports).length === 0) {
            yield {
              path: rulePath,
              message: `${policy} has an egress rule with neither to nor ports, which allows traffic to every destination: list the destinations and ports`,
            };
          }
          continue;
        }
        yield* peers(to, [...rulePath, 'to'], `${policy} allows egress to`);
      }
    }
  },
};

function* peers(items: unknown[], path: KeyPath, prefix: string): Iterable<Report> {
  for (const [j, peer] of items.entries()) {
    if (!isRecord(peer) || !('namespaceSelector' in peer) || !selectsAllNamespaces(peer.namespaceSelector)) continue;
    // A podSelector in the same peer narrows it, unless it is `{}` (every pod).
    if (isRecord(peer.podSelector) && !isMatchAll(peer.podSelector)) continue;
    yield {
      path: [...path, j, 'namespaceSelector'],
      message: `${prefix} every pod in every namespace (namespaceSelector matches all namespaces and no podSelector narrows it): select the peer namespace by kubernetes.io/metadata.name and the peer pods by label`,
    };
  }
}
