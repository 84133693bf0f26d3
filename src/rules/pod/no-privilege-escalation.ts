import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, list, record, str } from '../../core/values.js';
import { capabilityName, describe, isWindowsPod, nearestPath } from './support.js';

export const noPrivilegeEscalation: Rule = {
  id: 'no-privilege-escalation',
  practice: 'POD-NO-PRIVILEGE-ESCALATION',
  severity: 'high',
  title: 'Containers set allowPrivilegeEscalation: false',
  rationale:
    'Unless allowPrivilegeEscalation is false, the kubelet does not set no_new_privs, so a setuid-root binary in the image (or one an attacker drops into a writable path) lifts a compromised non-root process back to root and its capabilities. The field defaults to true when unset, and is always true for privileged containers and containers with CAP_SYS_ADMIN.',
  remediation:
    'Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container (it is a container-level field only), and do not combine it with `privileged: true` or an added `SYS_ADMIN` capability.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod || isWindowsPod(pod)) return;
    for (const c of containersOf(pod)) {
      const context = record(c.container.securityContext);
      const setting = context.allowPrivilegeEscalation;
      const settingPath = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
      if (setting === false) {
        if (context.privileged === true) {
          yield {
            path: settingPath,
            message: `${describe(c)} sets allowPrivilegeEscalation: false but is privileged, which always allows escalation`,
          };
        } else {
          const escalating = list(get(context, ['capabilities', 'add']))
            .map((cap) => str(cap))
            .find((cap) => cap !== undefined && ['SYS_ADMIN', 'ALL'].includes(capabilityName(cap)));
          if (escalating !== undefined) {
            yield {
              path: settingPath,
              message: `${describe(c)} sets allowPrivilegeEscalation: false but adds capability ${escalating}, which always allows escalation`,
            };
          }
        }
      } else if (setting === true) {
        yield { path: settingPath, message: `${describe(c)} allows privilege escalation (allowPrivilegeEscalation: true); expected false` };
      } else if (setting !== undefined && setting !== null) {
        yield { path: settingPath, message: `${describe(c)} sets allowPrivilegeEscalation to a non-boolean value; expected false` };
      } else {
        yield {
          path: nearestPath(resource.value, [...c.path, 'securityContext']),
          message: `${describe(c)} does not set allowPrivilegeEscalation: false, so escalation is allowed by default`,
        };
      }
    }
  },
};
