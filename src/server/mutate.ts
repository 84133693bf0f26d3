// The mutating endpoint's safe defaults, as a JSON Patch (RFC 6902) that only
// adds what is missing: a value the user set, even an unsafe one, is left
// alone for the validating endpoint to judge.
import { containersOf, podSpecOf } from '../core/kinds.js';
import type { KeyPath } from '../core/types.js';
import { get, isRecord, list, record, str } from '../core/values.js';
import { AdmissionObject } from './admission-object.js';
import type { AdmissionRequest } from './review.js';

export interface PatchOperation {
  op: 'add';
  path: string;
  value: unknown;
}

/**
 * Declares that a workload calls the Kubernetes API, so its token stays
 * mounted: `guardrail.dev/api-access: "true"` on the object or its pod template.
 */
export const API_ACCESS_ANNOTATION = 'guardrail.dev/api-access';

/** Kinds whose pod template cannot change after creation: mutated on CREATE only. */
const IMMUTABLE_TEMPLATE = new Set(['Pod', 'Job']);

/** RFC 6901: `~` and `/` in a key are escaped. */
export function pointer(path: KeyPath): string {
  return path.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The patch that adds missing safe defaults to the request's object; empty when nothing is missing. */
export function safeDefaults(request: AdmissionRequest): PatchOperation[] {
  if (!isRecord(request.object) || request.subResource) return [];
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return [];
  const resource = new AdmissionObject(request.object, request);
  if (request.operation === 'UPDATE' && IMMUTABLE_TEMPLATE.has(resource.kind)) return [];
  if (get(request.object, ['metadata', 'deletionTimestamp'])) return [];
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const patch: PatchOperation[] = [];
  // Add a field at `path` inside the map at `base`, creating the map when it is missing.
  const add = (base: KeyPath, map: unknown, field: string, value: unknown): void => {
    if (isRecord(map)) {
      if (map[field] === undefined || map[field] === null) patch.push({ op: 'add', path: pointer([...base, field]), value });
    } else patch.push({ op: 'add', path: pointer(base), value: { [field]: value } });
  };
  // Windows pods reject seccomp, privilege-escalation and capability settings.
  const windows = str(get(pod.spec, ['os', 'name'])) === 'windows';
  if (!windows) {
    add([...pod.specPath, 'securityContext'], pod.spec.securityContext, 'seccompProfile', { type: 'RuntimeDefault' });
    for (const c of containersOf(pod)) {
      // Ephemeral containers arrive through their own subresource, not in a CREATE.
      if (c.type === 'ephemeralContainer') continue;
      patch.push(...containerDefaults(c.container, [...c.path, 'securityContext']));
    }
  }
  if (pod.spec.automountServiceAccountToken === undefined && !declaresApiAccess(request.object, pod.metadata, pod.spec)) {
    patch.push({ op: 'add', path: pointer([...pod.specPath, 'automountServiceAccountToken']), value: false });
  }
  return patch;
}

function containerDefaults(container: Record<string, unknown>, contextPath: KeyPath): PatchOperation[] {
  const context = container.securityContext;
  const settings = record(context);
  // The API server rejects allowPrivilegeEscalation: false beside privileged or CAP_SYS_ADMIN.
  if (settings.privileged === true) return [];
  const capabilities = record(settings.capabilities);
  const added = list(capabilities.add).map(String);
  const missing: Record<string, unknown> = {};
  if (settings.allowPrivilegeEscalation == null && !added.some((c) => /^(CAP_)?SYS_ADMIN$/i.test(c))) missing.allowPrivilegeEscalation = false;
  const dropAll = capabilities.drop == null && added.length === 0;
  if (!isRecord(context)) {
    if (dropAll) missing.capabilities = { drop: ['ALL'] };
    return Object.keys(missing).length > 0 ? [{ op: 'add', path: pointer(contextPath), value: missing }] : [];
  }
  const patch: PatchOperation[] = Object.entries(missing).map(([field, value]) => ({ op: 'add' as const, path: pointer([...contextPath, field]), value }));
  if (dropAll) {
    patch.push(
      isRecord(settings.capabilities)
        ? { op: 'add', path: pointer([...contextPath, 'capabilities', 'drop']), value: ['ALL'] }
        : { op: 'add', path: pointer([...contextPath, 'capabilities']), value: { drop: ['ALL'] } },
    );
  }
  return patch;
}

/**
 * A workload declares API use with the annotation, or by naming a
 * ServiceAccount of its own: the usual way to give a workload RBAC.
 */
function declaresApiAccess(object: Record<string, unknown>, podMetadata: Record<string, unknown>, spec: Record<string, unknown>): boolean {
  const annotated = [get(object, ['metadata', 'annotations', API_ACCESS_ANNOTATION]), get(podMetadata, ['annotations', API_ACCESS_ANNOTATION])];
  if (annotated.some((v) => v === 'true')) return true;
  const account = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  return account !== undefined && account !== '' && account !== 'default';
}
