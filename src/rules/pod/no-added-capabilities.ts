import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';
import { capabilityName, describe, isWindowsPod } from './support.js';

/** Capabilities that amount to (or lead straight to) root on the node, and why. */
const DANGEROUS: ReadonlyMap<string, string> = new Map([
  ['ALL', 'every capability'],
  ['SYS_ADMIN', 'near-root: mounts, namespaces, many kernel interfaces'],
  ['NET_ADMIN', 'reconfigures interfaces, routes and iptables'],
  ['SYS_PTRACE', 'traces and injects code into other processes'],
  ['SYS_MODULE', 'loads kernel modules'],
  ['NET_RAW', 'crafts raw packets for ARP/DNS spoofing'],
  ['DAC_READ_SEARCH', 'bypasses read permissions and open_by_handle_at escapes'],
  ['BPF', 'loads BPF programs into the kernel'],
  ['PERFMON', 'traces the kernel and, with BPF, reads its memory'],
  ['SYS_RAWIO', 'raw access to devices and I/O ports'],
  ['SYS_BOOT', 'reboots the node or loads a new kernel'],
  ['SYS_TIME', 'sets the node clock'],
  ['MAC_ADMIN', 'changes AppArmor/SELinux policy'],
  ['MAC_OVERRIDE', 'bypasses AppArmor/SELinux policy'],
  ['SYSLOG', 'reads the kernel log and kernel addresses'],
]);

export const noAddedCapabilities: Rule = {
  id: 'no-added-capabilities',
  practice: 'POD-DROP-ALL-CAPABILITIES',
  severity: 'high',
  title: 'Containers add no Linux capabilities beyond NET_BIND_SERVICE',
  rationale:
    'Every added capability is kernel privilege an attacker inherits on compromise: SYS_ADMIN or SYS_MODULE are a container escape, NET_ADMIN rewrites the pod network, SYS_PTRACE reads other processes\' memory. Pod Security admission (restricted) allows adding NET_BIND_SERVICE only.',
  remediation:
    'Remove entries from `securityContext.capabilities.add`; at most keep `NET_BIND_SERVICE` (or listen on a port >= 1024 instead). Workloads that truly need more belong in a separate, privileged namespace with a documented exception.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod || isWindowsPod(pod)) return;
    for (const c of containersOf(pod)) {
      const addPath = [...c.path, 'securityContext', 'capabilities', 'add'];
      const added = list(get(c.container, ['securityContext', 'capabilities', 'add']));
      for (const [index, item] of added.entries()) {
        const raw = str(item);
        if (raw === 'NET_BIND_SERVICE') continue;
        const path = [...addPath, index];
        if (raw === undefined) {
          yield { path, severity: 'medium', message: `${describe(c)} adds a capability that is not a string; only NET_BIND_SERVICE may be added` };
          continue;
        }
        const name = capabilityName(raw);
        const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
        if (name === 'NET_BIND_SERVICE') {
          yield {
            path,
            severity: 'low',
            message: `${describe(c)} adds "${raw.slice(0, 40)}": write NET_BIND_SERVICE exactly, as Pod Security admission (restricted) compares the spelling`,
          };
          continue;
        }
        const danger = DANGEROUS.get(name);
        yield danger !== undefined
          ? { path, severity: 'high', message: `${describe(c)} adds capability ${shown} (${danger}); only NET_BIND_SERVICE may be added` }
          : { path, severity: 'medium', message: `${describe(c)} adds capability ${shown}; only NET_BIND_SERVICE may be added` };
      }
    }
  },
};
