import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, record } from '../../core/values.js';

export const noPrivileged: Rule = {
  id: 'no-privileged',
  practice: 'POD-NO-PRIVILEGED',
  severity: 'critical',
  title: 'No privileged containers',
  rationale:
    'A privileged container has every capability and all host devices; it is root on the node in all but name. Windows host-process containers are the same on Windows nodes.',
  remediation: 'Remove `privileged: true` (and `windowsOptions.hostProcess: true`); grant the one capability the workload needs instead, if any.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    if (get(pod.spec, ['securityContext', 'windowsOptions', 'hostProcess']) === true) {
      yield { path: [...pod.specPath, 'securityContext', 'windowsOptions', 'hostProcess'], message: 'pod runs as a Windows host process' };
    }
    for (const c of containersOf(pod)) {
      const context = record(c.container.securityContext);
      if (context.privileged === true) {
        yield { path: [...c.path, 'securityContext', 'privileged'], message: `${c.type} "${c.name}" is privileged` };
      }
      if (get(context, ['windowsOptions', 'hostProcess']) === true) {
        yield { path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'], message: `${c.type} "${c.name}" runs as a Windows host process` };
      }
    }
  },
};
