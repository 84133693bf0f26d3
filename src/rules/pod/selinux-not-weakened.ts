import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';
import { describe } from './support.js';

/** SELinux types the Pod Security Standard "baseline" allows (besides unset/empty). */
const ALLOWED_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function* checkOptions(options: unknown, optionsPath: KeyPath, who: string): Iterable<Report> {
  if (!isRecord(options)) return;
  for (const field of ['user', 'role'] as const) {
    const value = options[field];
    if (value === undefined || value === null || value === '') continue;
    yield {
      path: [...optionsPath, field],
      message: `${who} sets a custom SELinux ${field} "${short(value)}"; leave seLinuxOptions.${field} unset`,
    };
  }
  const type = options.type;
  if (type !== undefined && type !== null && type !== '' && !(typeof type === 'string' && ALLOWED_TYPES.has(type))) {
    yield {
      path: [...optionsPath, 'type'],
      message: `${who} sets SELinux type "${short(type)}"; expected container_t, container_init_t, container_kvm_t or container_engine_t`,
    };
  }
}

export const selinuxNotWeakened: Rule = {
  id: 'selinux-not-weakened',
  practice: 'POD-MAC-PROFILES',
  severity: 'high',
  title: 'SELinux options do not weaken the container policy',
  rationale:
    'On SELinux nodes the container_t type is what stops a container process from touching host files and other containers even after an escape; a custom user or role, or a type such as spc_t or unconfined_t, switches that confinement off. Pod Security admission (baseline) allows only the container_* types and an MCS level.',
  remediation:
    'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and leave `seLinuxOptions.type` unset or one of container_t, container_init_t, container_kvm_t, container_engine_t, in both the pod and container `securityContext`; setting `level` is fine.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    yield* checkOptions(get(pod.spec, ['securityContext', 'seLinuxOptions']), [...pod.specPath, 'securityContext', 'seLinuxOptions'], 'pod');
    for (const c of containersOf(pod)) {
      yield* checkOptions(get(c.container, ['securityContext', 'seLinuxOptions']), [...c.path, 'securityContext', 'seLinuxOptions'], describe(c));
    }
  },
};
