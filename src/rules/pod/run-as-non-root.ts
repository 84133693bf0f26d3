import { containersOf, effectiveSecurityField, podSpecOf } from '../../core/kinds.js';
import type { PodSpecView } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { effectiveWindowsOption, isWindowsPod } from './support.js';

/** Windows containers: root is the ContainerAdministrator account, chosen with windowsOptions.runAsUserName. */
function* checkWindows(pod: PodSpecView): Iterable<Report> {
  for (const c of containersOf(pod)) {
    // Host-process containers run as a host account; no-privileged reports them.
    if (effectiveWindowsOption(pod, c, 'hostProcess')?.value === true) continue;
    const userName = effectiveWindowsOption(pod, c, 'runAsUserName');
    const nonRoot = effectiveSecurityField(pod, c, 'runAsNonRoot');
    if (typeof userName?.value === 'string' && userName.value.trim().toLowerCase() === 'containeradministrator') {
      const who = userName.fromContainer ? `${c.type} "${c.name}"` : 'pod';
      yield { path: userName.path, message: `${who} runs as ContainerAdministrator; expected a non-administrator user such as ContainerUser` };
    } else if (typeof userName?.value === 'string' && userName.value.trim() !== '') {
      continue;
    } else if (nonRoot.value === false) {
      yield {
        path: nonRoot.path,
        message: `${c.type} "${c.name}" allows ContainerAdministrator (runAsNonRoot: false) and sets no windowsOptions.runAsUserName`,
      };
    } else if (nonRoot.value !== true) {
      yield {
        path: c.path,
        message: `${c.type} "${c.name}" may run as ContainerAdministrator: set windowsOptions.runAsUserName: ContainerUser or runAsNonRoot: true`,
      };
    }
  }
}

export const runAsNonRoot: Rule = {
  id: 'run-as-non-root',
  practice: 'POD-NON-ROOT',
  severity: 'high',
  title: 'Containers run as a non-root user',
  rationale:
    'A process running as UID 0 inside a container is root on the node as soon as it escapes the container boundary, and can write anywhere the image allows. runAsNonRoot makes the kubelet refuse to start a container whose user is root.',
  remediation:
    'Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (e.g. 10001) on the pod, or on every container; build the image with a numeric non-root USER. For Windows pods set `securityContext.windowsOptions.runAsUserName: ContainerUser` (runAsUser does not apply there).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    if (isWindowsPod(pod)) {
      yield* checkWindows(pod);
      return;
    }
    for (const c of containersOf(pod)) {
      const nonRoot = effectiveSecurityField(pod, c, 'runAsNonRoot');
      const user = effectiveSecurityField(pod, c, 'runAsUser');
      if (user.value === 0) {
        // A pod-level setting is reported once, at the pod, not once per container that inherits it.
        const who = user.fromContainer ? `${c.type} "${c.name}"` : 'pod';
        yield { path: user.path, message: `${who} runs as root (runAsUser: 0)` };
      } else if (nonRoot.value === false && !(typeof user.value === 'number' && user.value > 0)) {
        const who = nonRoot.fromContainer ? `${c.type} "${c.name}"` : 'pod';
        yield { path: nonRoot.path, message: `${who} allows root (runAsNonRoot: false) and sets no non-zero runAsUser` };
      } else if (nonRoot.value !== true && !(typeof user.value === 'number' && user.value > 0)) {
        yield { path: c.path, message: `${c.type} "${c.name}" may run as root: set runAsNonRoot: true and a non-zero runAsUser` };
      }
    }
  },
};
