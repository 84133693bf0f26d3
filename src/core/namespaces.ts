// Namespace-level view of the model, for cross-resource checks: which
// namespaces the scan saw (declared, or used by namespaced objects), and where
// a namespace-level finding is reported.
import { isWorkload } from './kinds.js';
import type { KeyPath, Model, Report, Resource } from './types.js';

export interface NamespaceInfo {
  name: string;
  /** The Namespace object, when the scan saw it. */
  object?: Resource;
  /** Namespaced objects that name this namespace, in scan order. */
  resources: Resource[];
  workloads: Resource[];
}

/** Namespaces that belong to Kubernetes itself; application practices do not apply. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

const cache = new WeakMap<Model, Map<string, NamespaceInfo>>();

export function namespacesOf(model: Model): Map<string, NamespaceInfo> {
  const cached = cache.get(model);
  if (cached) return cached;
  const result = new Map<string, NamespaceInfo>();
  const entry = (name: string): NamespaceInfo => {
    let info = result.get(name);
    if (!info) result.set(name, (info = { name, resources: [], workloads: [] }));
    return info;
  };
  for (const resource of model.resources) {
    if (resource.input !== 'k8s') continue;
    if (resource.kind === 'Namespace') {
      const info = entry(resource.name);
      info.object ??= resource;
    } else if (resource.namespace) {
      const info = entry(resource.namespace);
      info.resources.push(resource);
      if (isWorkload(resource)) info.workloads.push(resource);
    }
  }
  cache.set(model, result);
  return result;
}

/** Application namespaces: declared or holding workloads, minus Kubernetes' own. */
export function applicationNamespaces(model: Model): NamespaceInfo[] {
  return [...namespacesOf(model).values()].filter(
    (ns) => !SYSTEM_NAMESPACES.has(ns.name) && (ns.object !== undefined || ns.workloads.length > 0),
  );
}

/**
 * A finding about a namespace: at the Namespace object (at `path` in it) when
 * the scan saw it, else at the first workload in the namespace.
 */
export function namespaceReport(ns: NamespaceInfo, message: string, path: KeyPath = []): Report {
  if (ns.object) return { resource: ns.object, path, message };
  const anchor = ns.workloads[0] ?? ns.resources[0];
  return { resource: anchor, path: ['metadata', 'namespace'], message };
}
