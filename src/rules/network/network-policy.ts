// Kubernetes NetworkPolicy semantics shared by the network rules (not a rule).
// Only networking.k8s.io policies: Calico's projectcalico.org NetworkPolicy
// reuses the kind name with other semantics (selector expressions, actions, order).
import type { Resource } from '../../core/types.js';
import { parseLabelSelector, selectsEverything } from '../../core/selectors.js';
import { get, list, record } from '../../core/values.js';

export type Direction = 'Ingress' | 'Egress';

/** The rules field of a direction: `ingress` or `egress`. */
export function rulesField(direction: Direction): 'ingress' | 'egress' {
  return direction === 'Ingress' ? 'ingress' : 'egress';
}

/** A Kubernetes (networking.k8s.io, or legacy extensions) NetworkPolicy. */
export function isKubernetesNetworkPolicy(resource: Resource): boolean {
  if (resource.input !== 'k8s' || resource.kind !== 'NetworkPolicy') return false;
  const apiVersion = resource.apiVersion ?? '';
  return apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/');
}

/**
 * The directions a policy applies to, as the API server defaults them: the
 * listed policyTypes when non-empty; otherwise Ingress always, and Egress
 * only when the policy has at least one egress rule.
 */
export function effectivePolicyTypes(spec: Record<string, unknown>): Set<Direction> {
  const listed = list(spec.policyTypes);
  const types = new Set<Direction>();
  if (listed.length > 0) {
    for (const t of listed) if (t === 'Ingress' || t === 'Egress') types.add(t);
    return types;
  }
  types.add('Ingress');
  if (list(spec.egress).length > 0) types.add('Egress');
  return types;
}

/** True for a valid label selector that matches every object (`{}`); null, absent or invalid ones do not. */
export function isMatchAll(value: unknown): boolean {
  const parsed = parseLabelSelector(value);
  return parsed.ok && selectsEverything(parsed.selector);
}

/**
 * True when a namespaceSelector matches every namespace: empty, or only
 * requiring the `kubernetes.io/metadata.name` label that every namespace has.
 */
export function selectsAllNamespaces(value: unknown): boolean {
  const parsed = parseLabelSelector(value);
  if (!parsed.ok || parsed.selector === null) return false;
  return parsed.selector.requirements.every((r) => r.key === 'kubernetes.io/metadata.name' && r.operator === 'Exists');
}

/** The policy's spec (empty when missing or malformed). */
export function policySpec(resource: Resource): Record<string, unknown> {
  return record(get(resource.value, ['spec']));
}

/**
 * True when the policy selects every pod of its namespace. `podSelector` is
 * not optional in the API: a missing or null one decodes as `{}`.
 */
export function selectsAllPods(spec: Record<string, unknown>): boolean {
  return spec.podSelector === undefined || spec.podSelector === null || isMatchAll(spec.podSelector);
}

/** True when the rules field of a direction holds no rule at all (missing, null or `[]`). */
export function hasNoRules(spec: Record<string, unknown>, direction: Direction): boolean {
  const rules = spec[rulesField(direction)];
  return rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0);
}

/**
 * True when the policy isolates every pod of its namespace for `direction` and
 * allows nothing in that direction: a default deny.
 */
export function deniesAll(spec: Record<string, unknown>, direction: Direction): boolean {
  return selectsAllPods(spec) && effectivePolicyTypes(spec).has(direction) && hasNoRules(spec, direction);
}

