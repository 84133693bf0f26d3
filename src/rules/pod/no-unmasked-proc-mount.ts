import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { record } from '../../core/values.js';
import { describe } from './support.js';

export const noUnmaskedProcMount: Rule = {
  id: 'no-unmasked-proc-mount',
  practice: 'POD-MAC-PROFILES',
  severity: 'high',
  title: 'Containers keep the default masked /proc',
  rationale:
    'The runtime masks and makes read-only sensitive /proc paths (/proc/kcore, /proc/sys, /proc/sysrq-trigger, …) that expose kernel memory and node-wide kernel settings; procMount: Unmasked removes that, which in a container sharing the node\'s user namespace is a direct route to the host kernel. Pod Security admission (baseline) requires Default.',
  remediation:
    'Remove `securityContext.procMount` or set it to `Default`. Unmasked /proc is only meant for nested container runtimes, and then only with `hostUsers: false` (a user namespace).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    const userNamespace = pod.spec.hostUsers === false;
    for (const c of containersOf(pod)) {
      const procMount = record(c.container.securityContext).procMount;
      if (procMount === undefined || procMount === null || procMount === 'Default') continue;
      const shown = typeof procMount === 'string' ? (procMount.length > 40 ? `${procMount.slice(0, 40)}…` : procMount) : 'a non-string value';
      yield {
        path: [...c.path, 'securityContext', 'procMount'],
        // In a user namespace the unmasked /proc is owned by an unprivileged host user.
        ...(userNamespace ? { severity: 'medium' as const } : {}),
        message: `${describe(c)} sets procMount: ${shown}; expected Default${userNamespace ? ' (the pod does run in a user namespace, which limits the impact)' : ''}`,
      };
    }
  },
};
