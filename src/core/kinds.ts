// The one place that knows where a pod spec sits in each kind of object, and
// how pod-level and container-level settings combine.
import type { KeyPath, Resource } from './types.js';
import { get, isRecord, list, record, str } from './values.js';

export interface PodSpecView {
  resource: Resource;
  spec: Record<string, unknown>;
  specPath: KeyPath;
  /** The pod (template) metadata: labels and annotations the pods get. */
  metadata: Record<string, unknown>;
  metadataPath: KeyPath;
}

export type ContainerType = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerView {
  container: Record<string, unknown>;
  path: KeyPath;
  name: string;
  type: ContainerType;
}

const CONTAINER_LISTS: ReadonlyArray<[string, ContainerType]> = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** Pod template locations tried in order; the first that holds containers wins. */
const TEMPLATE_PATHS: readonly KeyPath[] = [
  ['spec', 'template'], // Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, Rollout, ...
  ['spec', 'jobTemplate', 'spec', 'template'], // CronJob
  ['template'], // PodTemplate
];

function hasContainers(spec: unknown): spec is Record<string, unknown> {
  return isRecord(spec) && Array.isArray(spec.containers);
}

// Many rules ask for the same resource's pod spec: find it once.
const podSpecCache = new WeakMap<Resource, PodSpecView | null>();
const containerCache = new WeakMap<PodSpecView, ContainerView[]>();

/** The pod spec of any object that carries one (Pod, workloads, custom resources), or undefined. */
export function podSpecOf(resource: Resource): PodSpecView | undefined {
  let view = podSpecCache.get(resource);
  if (view === undefined) podSpecCache.set(resource, (view = findPodSpec(resource) ?? null));
  return view ?? undefined;
}

function findPodSpec(resource: Resource): PodSpecView | undefined {
  if (resource.input !== 'k8s') return undefined;
  const value = resource.value;
  if (resource.kind === 'Pod') {
    const spec = get(value, ['spec']);
    if (!hasContainers(spec)) return undefined;
    return { resource, spec, specPath: ['spec'], metadata: record(get(value, ['metadata'])), metadataPath: ['metadata'] };
  }
  for (const template of TEMPLATE_PATHS) {
    const spec = get(value, [...template, 'spec']);
    if (hasContainers(spec)) {
      return {
        resource,
        spec,
        specPath: [...template, 'spec'],
        metadata: record(get(value, [...template, 'metadata'])),
        metadataPath: [...template, 'metadata'],
      };
    }
  }
  return undefined;
}

export function isWorkload(resource: Resource): boolean {
  return podSpecOf(resource) !== undefined;
}

/** Every container of a pod: regular, init and ephemeral. */
export function containersOf(pod: PodSpecView): ContainerView[] {
  const cached = containerCache.get(pod);
  if (cached) return cached;
  const result: ContainerView[] = [];
  for (const [field, type] of CONTAINER_LISTS) {
    list(pod.spec[field]).forEach((container, index) => {
      if (!isRecord(container)) return;
      result.push({ container, path: [...pod.specPath, field, index], name: str(container.name) ?? `#${index}`, type });
    });
  }
  containerCache.set(pod, result);
  return result;
}

export interface Setting<T = unknown> {
  value: T | undefined;
  /** Where the effective value is set, or where it should be set when unset. */
  path: KeyPath;
  /** True when the value comes from the container rather than the pod. */
  fromContainer: boolean;
  set: boolean;
}

/**
 * A security-context field as Kubernetes applies it: the container's value
 * when set, else the pod's (for fields the pod-level context also has).
 */
export function effectiveSecurityField(pod: PodSpecView, c: ContainerView, field: string): Setting {
  const containerContext = record(c.container.securityContext);
  if (containerContext[field] !== undefined && containerContext[field] !== null) {
    return { value: containerContext[field], path: [...c.path, 'securityContext', field], fromContainer: true, set: true };
  }
  const podContext = record(pod.spec.securityContext);
  if (POD_LEVEL_FIELDS.has(field) && podContext[field] !== undefined && podContext[field] !== null) {
    return { value: podContext[field], path: [...pod.specPath, 'securityContext', field], fromContainer: false, set: true };
  }
  return { value: undefined, path: c.path, fromContainer: true, set: false };
}

/** Fields of the container security context that the pod-level context also sets. */
const POD_LEVEL_FIELDS = new Set([
  'runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'windowsOptions',
]);

/** Every workload's pod view in the model, in scan order. */
export function podViews(resources: readonly Resource[]): PodSpecView[] {
  const views: PodSpecView[] = [];
  for (const resource of resources) {
    const view = podSpecOf(resource);
    if (view) views.push(view);
  }
  return views;
}
