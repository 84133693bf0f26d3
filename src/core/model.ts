import type { IamIndex } from './iam/actions.js';
import type { Model, Resource } from './types.js';

export function buildModel(resources: readonly Resource[], iam?: IamIndex): Model {
  const byKind = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  const byName = new Map<string, Resource[]>();
  for (const resource of resources) {
    let bucket = byKind.get(resource.kind);
    if (!bucket) byKind.set(resource.kind, (bucket = []));
    bucket.push(resource);
    const key = resourceKey(resource.kind, resource.namespace, resource.name);
    if (!byKey.has(key)) byKey.set(key, resource);
    const nameKey = resourceKey(resource.kind, undefined, resource.name);
    const named = byName.get(nameKey);
    if (named) named.push(resource);
    else byName.set(nameKey, [resource]);
  }
  return {
    resources,
    iam,
    ofKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, namespace, name) => byKey.get(resourceKey(kind, namespace, name)),
    findNear: (kind, namespace, name) =>
      byKey.get(resourceKey(kind, namespace, name)) ??
      byName.get(resourceKey(kind, undefined, name))?.find((r) => r.namespace === undefined || namespace === undefined),
  };
}

function resourceKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
