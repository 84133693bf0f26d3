import type { InputError, KeyPath, Position, Resource } from '../../core/types.js';
import { entryOf, locateIn, positionAt, subTable, type PositionTable } from '../yaml/positions.js';
import type { ParsedDocument } from '../yaml/parse.js';
import { isRecord } from '../../core/values.js';

/** Kinds that live outside namespaces; everything else is namespaced. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'APIService',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'CSIDriver', 'CSINode', 'VolumeSnapshotClass',
  'ClusterIssuer', 'ClusterSecretStore', 'ClusterExternalSecret', 'ClusterPolicy', 'ClusterPolicyReport',
  'PodSecurityPolicy', 'ClusterServiceVersion', 'ENIConfig', 'IngressClassParams', 'GatewayClass',
  'GlobalNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy',
  'ClusterImagePolicy', 'ConstraintTemplate',
]);

export function isClusterScoped(kind: string, apiVersion = ''): boolean {
  // Gatekeeper constraints are cluster-scoped whatever their kind.
  return CLUSTER_SCOPED.has(kind) || apiVersion.startsWith('constraints.gatekeeper.sh/');
}

/**
 * Configuration files that carry apiVersion and kind but are not API objects
 * (kustomization.yaml, kubeconfig, kubelet and kubeadm configs, kind clusters,
 * guardrail's own platform spec).
 */
const CONFIG_FILE_GROUP = /^(?:guardrail\.dev|kustomize\.config\.k8s\.io|[a-z.]*config\.k8s\.io|kubeadm\.k8s\.io|kind\.x-k8s\.io|k3d\.io|eksctl\.io|audit\.k8s\.io)\//;

function isConfigFile(value: Record<string, unknown>): boolean {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string') return false;
  return CONFIG_FILE_GROUP.test(apiVersion) || (apiVersion === 'v1' && kind === 'Config');
}

/** A document is taken for Kubernetes when it is a map with apiVersion and kind. */
export function looksLikeKubernetes(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && 'apiVersion' in value && 'kind' in value && !isConfigFile(value);
}

class K8sResource implements Resource {
  readonly input = 'k8s' as const;
  readonly position: Position;

  constructor(
    readonly kind: string,
    readonly apiVersion: string,
    readonly name: string,
    readonly namespace: string | undefined,
    readonly value: Record<string, unknown>,
    readonly file: string,
    private readonly positions: PositionTable,
  ) {
    this.position = locateIn(value, positions, ['kind']);
  }

  locate(path: KeyPath): Position {
    return locateIn(this.value, this.positions, path);
  }
}

export interface K8sLoadResult {
  resources: Resource[];
  errors: InputError[];
}

/**
 * Turns parsed documents into Kubernetes resources, expanding `kind: List`.
 * Documents that are not Kubernetes are skipped; ones that claim to be but are
 * malformed become errors.
 */
export function kubernetesResources(documents: ParsedDocument[], file: string): K8sLoadResult {
  const resources: Resource[] = [];
  const errors: InputError[] = [];
  const add = (value: unknown, positions: PositionTable): void => {
    if (!looksLikeKubernetes(value)) return;
    const problem = malformation(value);
    if (problem) {
      errors.push({ file, line: positionAt(positions, 0).line, message: problem });
      return;
    }
    if (isList(value)) {
      const items = value.items as unknown[];
      items.forEach((item, i) => add(item, subTable(positions, entryOf(value, positions, ['items', i]))));
      return;
    }
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const kind = value.kind as string;
    const name = (metadata.name ?? metadata.generateName ?? '') as string;
    const namespace = isClusterScoped(kind, value.apiVersion as string) ? undefined : (metadata.namespace as string | undefined);
    resources.push(new K8sResource(kind, value.apiVersion as string, name, namespace, value, file, positions));
  };
  for (const doc of documents) add(doc.value, doc.positions);
  return { resources, errors };
}

function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

/** Why an object that claims to be Kubernetes is not a valid one, if it is not. */
function malformation(value: Record<string, unknown>): string | undefined {
  const { apiVersion, kind, metadata } = value;
  if (typeof kind !== 'string' || kind === '') return 'Kubernetes object has no valid `kind` (a non-empty string)';
  if (typeof apiVersion !== 'string' || apiVersion === '') return `${kind}: \`apiVersion\` must be a non-empty string`;
  if (isList(value)) return undefined;
  if (kind.endsWith('List') && 'items' in value) return `${kind}: \`items\` must be a list`;
  if (metadata === undefined || metadata === null) return `${kind}: missing \`metadata\``;
  if (!isRecord(metadata)) return `${kind}: \`metadata\` must be a map`;
  const { name, generateName, namespace, labels, annotations } = metadata;
  if (typeof name !== 'string' && typeof generateName !== 'string') return `${kind}: \`metadata.name\` must be a string`;
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') return `${kind} ${String(name)}: \`metadata.namespace\` must be a string`;
  for (const [field, map] of [['labels', labels], ['annotations', annotations]] as const) {
    if (map !== undefined && map !== null && !isRecord(map)) return `${kind} ${String(name)}: \`metadata.${field}\` must be a map`;
  }
  if ('spec' in value && value.spec !== null && !isRecord(value.spec)) return `${kind} ${String(name)}: \`spec\` must be a map`;
  return undefined;
}
