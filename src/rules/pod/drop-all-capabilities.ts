import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';
import { describe, isWindowsPod, nearestPath } from './support.js';

export const dropAllCapabilities: Rule = {
  id: 'drop-all-capabilities',
  practice: 'POD-DROP-ALL-CAPABILITIES',
  severity: 'medium',
  title: 'Containers drop ALL Linux capabilities',
  rationale:
    'Container runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_BIND_SERVICE, KILL, MKNOD, NET_RAW in some runtimes, …) that most services never use; each is a lever for an attacker inside the container, e.g. NET_RAW for ARP/DNS spoofing on the node network or DAC_OVERRIDE to ignore file permissions. Dropping ALL removes them, and Pod Security admission (restricted) requires it.',
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` on every container (capabilities are a container-level field), spelled exactly `ALL`; add back only `NET_BIND_SERVICE` if the process binds a port below 1024.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod || isWindowsPod(pod)) return;
    for (const c of containersOf(pod)) {
      const dropPath = [...c.path, 'securityContext', 'capabilities', 'drop'];
      const drop = list(get(c.container, ['securityContext', 'capabilities', 'drop']));
      if (drop.includes('ALL')) continue;
      const variant = drop.findIndex((cap) => str(cap)?.trim().toUpperCase() === 'ALL');
      if (variant >= 0) {
        yield {
          path: [...dropPath, variant],
          severity: 'low',
          message: `${describe(c)} drops "${String(drop[variant])}": the runtime drops all capabilities, but Pod Security admission (restricted) only accepts the exact spelling ALL`,
        };
        continue;
      }
      const dropped = drop.map((cap) => str(cap)).filter((cap): cap is string => cap !== undefined);
      yield {
        path: nearestPath(resource.value, dropPath),
        message:
          dropped.length > 0
            ? `${describe(c)} drops only ${dropped.slice(0, 5).join(', ')}${dropped.length > 5 ? ', …' : ''}; expected capabilities.drop: [ALL]`
            : `${describe(c)} does not drop ALL capabilities; expected capabilities.drop: [ALL]`,
      };
    }
  },
};
