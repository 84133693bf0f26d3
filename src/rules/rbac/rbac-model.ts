// RBAC as Kubernetes evaluates it, for the rbac and iam rules: the policy rules
// of Roles and ClusterRoles with the request-matching semantics of the
// authorizer, the subjects of bindings, and the ServiceAccount a pod runs as.
// Not a rule: helpers only.
import type { PodSpecView } from '../../core/kinds.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { isRecord, list, record, str } from '../../core/values.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

function isRbacKind(resource: Resource, kinds: readonly string[]): boolean {
  return resource.input === 'k8s' && kinds.includes(resource.kind) && (resource.apiVersion ?? '').startsWith(`${RBAC_GROUP}/`);
}

export function isRole(resource: Resource): boolean {
  return isRbacKind(resource, ['Role', 'ClusterRole']);
}

export function isBinding(resource: Resource): boolean {
  return isRbacKind(resource, ['RoleBinding', 'ClusterRoleBinding']);
}

/** `Kind "namespace/name"` (or `Kind "name"` when cluster-scoped or unnamespaced). */
export function describe(resource: { kind: string; namespace?: string; name: string }): string {
  return resource.namespace ? `${resource.kind} "${resource.namespace}/${resource.name}"` : `${resource.kind} "${resource.name}"`;
}

export interface Item {
  value: string;
  path: KeyPath;
}

export interface PolicyRuleView {
  role: Resource;
  index: number;
  path: KeyPath;
  verbs: Item[];
  apiGroups: Item[];
  resources: Item[];
  resourceNames: string[];
}

function items(rule: Record<string, unknown>, path: KeyPath, field: string): Item[] {
  const result: Item[] = [];
  list(rule[field]).forEach((value, i) => {
    if (typeof value === 'string') result.push({ value, path: [...path, field, i] });
  });
  return result;
}

/** True for a ClusterRole whose rules the aggregation controller writes. */
export function isAggregated(role: Resource): boolean {
  return role.kind === 'ClusterRole' && isRecord(record(role.value).aggregationRule);
}

/**
 * The resource rules of a Role or ClusterRole; none for other objects and for
 * aggregated ClusterRoles (their rules are computed in the cluster).
 */
export function policyRules(role: Resource): PolicyRuleView[] {
  if (!isRole(role) || isAggregated(role)) return [];
  const result: PolicyRuleView[] = [];
  list(record(role.value).rules).forEach((rule, index) => {
    if (!isRecord(rule)) return;
    const path: KeyPath = ['rules', index];
    const apiGroups = items(rule, path, 'apiGroups');
    const resources = items(rule, path, 'resources');
    if (resources.length === 0) return; // a nonResourceURLs rule
    result.push({
      role,
      index,
      path,
      verbs: items(rule, path, 'verbs'),
      // The API server refuses resource rules without apiGroups; read them as the core group.
      apiGroups: apiGroups.length > 0 || Array.isArray(rule.apiGroups) ? apiGroups : [{ value: '', path }],
      resources,
      resourceNames: list(rule.resourceNames).filter((n): n is string => typeof n === 'string'),
    });
  });
  return result;
}

/** A rule resource entry matches `resource` (`name` or `name/subresource`) as the authorizer does. */
export function resourceMatches(entry: string, resource: string): boolean {
  if (entry === '*' || entry === resource) return true;
  const slash = resource.indexOf('/');
  return slash > 0 && entry === `*${resource.slice(slash)}`;
}

export interface Match {
  verb: Item;
  apiGroup: Item;
  resource: Item;
}

/** The entries of `rule` that grant any of `verbs` on any of `resources` in `group`, if it does. */
export function grants(rule: PolicyRuleView, verbs: readonly string[], group: string, resources: readonly string[]): Match | undefined {
  const verb = rule.verbs.find((v) => v.value === '*' || verbs.includes(v.value));
  const apiGroup = rule.apiGroups.find((g) => g.value === '*' || g.value === group);
  const resource = rule.resources.find((r) => resources.some((wanted) => resourceMatches(r.value, wanted)));
  return verb && apiGroup && resource ? { verb, apiGroup, resource } : undefined;
}

/** Verbs of `rule` among `verbs` (all of them when the rule says `*`). */
export function grantedVerbs(rule: PolicyRuleView, verbs: readonly string[]): string[] {
  if (rule.verbs.some((v) => v.value === '*')) return [...verbs];
  return verbs.filter((verb) => rule.verbs.some((v) => v.value === verb));
}

/** The most telling entry of a match: a wildcard if the grant comes from one, else the resource. */
export function anchorOf(match: Match): Item {
  if (match.resource.value.startsWith('*')) return match.resource;
  if (match.verb.value === '*') return match.verb;
  if (match.apiGroup.value === '*') return match.apiGroup;
  return match.resource;
}

/** A rule that grants every verb on every resource of every group. */
export function isFullWildcard(rule: PolicyRuleView): boolean {
  return rule.verbs.some((v) => v.value === '*') && rule.apiGroups.some((g) => g.value === '*') && rule.resources.some((r) => r.value === '*');
}

export interface SubjectView {
  kind: string;
  name: string;
  /** For ServiceAccount subjects: their namespace (a RoleBinding's own by default). */
  namespace?: string;
  path: KeyPath;
}

export interface BindingView {
  binding: Resource;
  roleKind: string;
  roleName: string;
  subjects: SubjectView[];
}

export function bindingOf(resource: Resource): BindingView | undefined {
  if (!isBinding(resource)) return undefined;
  const value = record(resource.value);
  const roleRef = record(value.roleRef);
  const roleKind = str(roleRef.kind);
  const roleName = str(roleRef.name);
  if (!roleKind || !roleName) return undefined;
  const subjects: SubjectView[] = [];
  list(value.subjects).forEach((subject, i) => {
    if (!isRecord(subject)) return;
    const kind = str(subject.kind);
    const name = str(subject.name);
    if (!kind || !name) return;
    const namespace = str(subject.namespace) || (resource.kind === 'RoleBinding' ? resource.namespace : undefined);
    subjects.push({ kind, name, namespace: kind === 'ServiceAccount' ? namespace : undefined, path: ['subjects', i] });
  });
  return { binding: resource, roleKind, roleName, subjects };
}

/** The Role or ClusterRole a binding refers to, when the scan has it. */
export function boundRole(model: Model, view: BindingView): Resource | undefined {
  const candidate =
    view.roleKind === 'ClusterRole'
      ? model.find('ClusterRole', undefined, view.roleName)
      : view.roleKind === 'Role' && view.binding.kind === 'RoleBinding'
        ? model.find('Role', view.binding.namespace, view.roleName)
        : undefined;
  return candidate && isRole(candidate) ? candidate : undefined;
}

/** The service account a subject names: a ServiceAccount, or a User `system:serviceaccount:NS:NAME`. */
export function serviceAccountSubject(subject: SubjectView): { namespace?: string; name: string } | undefined {
  if (subject.kind === 'ServiceAccount') return { namespace: subject.namespace, name: subject.name };
  if (subject.kind === 'User') {
    const parts = subject.name.split(':');
    if (parts.length === 4 && parts[0] === 'system' && parts[1] === 'serviceaccount' && parts[2] && parts[3]) {
      return { namespace: parts[2], name: parts[3] };
    }
  }
  return undefined;
}

/**
 * Two namespaces may be the same one: equal, or either left to the deploy
 * tool (unset in the manifest, as in most Helm charts and kustomize bases).
 */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export interface ServiceAccountRef {
  name: string;
  /** The `serviceAccountName` (or deprecated `serviceAccount`) key, or the pod spec when unset. */
  path: KeyPath;
  set: boolean;
}

/** The ServiceAccount a pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
export function serviceAccountOf(pod: PodSpecView): ServiceAccountRef {
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const name = str(pod.spec[field]);
    if (name) return { name, path: [...pod.specPath, field], set: true };
  }
  return { name: 'default', path: pod.specPath, set: false };
}

/** The ServiceAccount object in the scan, preferring one in exactly `namespace`. */
export function findServiceAccount(model: Model, namespace: string | undefined, name: string): Resource | undefined {
  const found = model.findNear('ServiceAccount', namespace, name);
  return found?.input === 'k8s' ? found : undefined;
}

const bindingIndex = new WeakMap<Model, Map<string, Array<{ view: BindingView; namespace?: string }>>>();

/** Bindings by the name of each ServiceAccount they name, built once per model. */
function bindingsByServiceAccount(model: Model): Map<string, Array<{ view: BindingView; namespace?: string }>> {
  let index = bindingIndex.get(model);
  if (index) return index;
  index = new Map();
  for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
    for (const resource of model.ofKind(kind)) {
      const view = bindingOf(resource);
      if (!view) continue;
      for (const subject of view.subjects) {
        const sa = serviceAccountSubject(subject);
        if (!sa) continue;
        const entries = index.get(sa.name) ?? [];
        if (!entries.some((e) => e.view === view && e.namespace === sa.namespace)) entries.push({ view, namespace: sa.namespace });
        index.set(sa.name, entries);
      }
    }
  }
  bindingIndex.set(model, index);
  return index;
}

/** Bindings in the scan that name the service account as a subject. */
export function bindingsOfServiceAccount(model: Model, namespace: string | undefined, name: string): BindingView[] {
  const result: BindingView[] = [];
  for (const entry of bindingsByServiceAccount(model).get(name) ?? []) {
    if (sameNamespace(entry.namespace, namespace) && !result.includes(entry.view)) result.push(entry.view);
  }
  return result;
}
