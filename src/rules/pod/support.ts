// Helpers shared by the pod-hardening rules (not a rule): Windows pods,
// capability names, and where to point when a setting is missing.
import type { ContainerView, PodSpecView } from '../../core/kinds.js';
import type { KeyPath } from '../../core/types.js';
import { get, record, str } from '../../core/values.js';

/**
 * A pod that runs on Windows nodes: `spec.os.name: windows` (which makes the
 * API server reject Linux-only security fields), or the older convention of a
 * `kubernetes.io/os: windows` node selector. Linux-only settings (capabilities,
 * seccomp, allowPrivilegeEscalation, readOnlyRootFilesystem, SELinux,
 * procMount) have no effect there, and Pod Security admission exempts them.
 */
export function isWindowsPod(pod: PodSpecView): boolean {
  if (str(get(pod.spec, ['os', 'name'])) === 'windows') return true;
  return str(get(pod.spec, ['nodeSelector', 'kubernetes.io/os'])) === 'windows';
}

/**
 * The deepest prefix of `path` that exists in the resource, so that a finding
 * about a missing setting points at the nearest place it should go.
 */
export function nearestPath(value: unknown, path: KeyPath): KeyPath {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    const node = get(value, prefix);
    if (node !== undefined && node !== null) return prefix;
  }
  return [];
}

/**
 * A capability name as the container runtime reads it: case-insensitive, with
 * or without the CAP_ prefix (containerd and CRI-O both normalise this way).
 */
export function capabilityName(raw: string): string {
  const upper = raw.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * A Windows security option as Kubernetes applies it: each field of
 * `windowsOptions` is merged on its own, the container's value winning.
 */
export function effectiveWindowsOption(
  pod: PodSpecView,
  c: ContainerView,
  field: string,
): { value: unknown; path: KeyPath; fromContainer: boolean } | undefined {
  const own = get(c.container, ['securityContext', 'windowsOptions', field]);
  if (own !== undefined && own !== null) {
    return { value: own, path: [...c.path, 'securityContext', 'windowsOptions', field], fromContainer: true };
  }
  const inherited = get(record(pod.spec.securityContext), ['windowsOptions', field]);
  if (inherited !== undefined && inherited !== null) {
    return { value: inherited, path: [...pod.specPath, 'securityContext', 'windowsOptions', field], fromContainer: false };
  }
  return undefined;
}

/** `ContainerType` as a message word. */
export function describe(c: ContainerView): string {
  return `${c.type} "${c.name}"`;
}
