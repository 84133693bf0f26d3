import type { IamIndex } from './iam/actions.js';
import type { Model, Resource } from './types.js';

export function buildModel(resources: readonly Resource[], iam?: IamIndex): Model {
  const byKind = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  for (const resource of resources) {
    let bucket = byKind.get(resource.kind);
    if (!bucket) byKind.set(resource.kind, (bucket = []));
    bucket.push(resource);
    const key = resourceKey(resource.kind, resource.namespace, resource.name);
    if (!byKey.has(key)) byKey.set(key, resource);
  }
  return {
    resources,
    iam,
    ofKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, namespace, name) => byKey.get(resourceKey(kind, namespace, name)),
  };
}

function resourceKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
