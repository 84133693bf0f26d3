import { podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';

/** Sysctls the Pod Security Standard "baseline" allows: namespaced and isolated from the node. */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/**
 * Kubernetes accepts both `.` and `/` as separators; with `/`, dots are part
 * of a name component (net/ipv4/conf/eth0.100/...), so only the separators
 * are swapped.
 */
function canonical(name: string): string {
  return name.includes('/') ? name.replace(/[./]/g, (ch) => (ch === '/' ? '.' : '/')) : name;
}

export const noUnsafeSysctls: Rule = {
  id: 'no-unsafe-sysctls',
  practice: 'POD-MAC-PROFILES',
  severity: 'high',
  title: 'Pods set only safe sysctls',
  rationale:
    'Sysctls outside the safe set are either node-wide (a pod could change kernel behaviour for every workload on the node, e.g. kernel.core_pattern runs a program as root on the host) or namespaced but able to exhaust node resources. The kubelet refuses them unless explicitly allowed, and Pod Security admission (baseline) rejects them.',
  remediation:
    'Remove `securityContext.sysctls` entries other than kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports and net.ipv4.tcp_keepalive_time/_intvl/_probes, net.ipv4.tcp_fin_timeout; tune node-wide settings on the node group (launch template user data) instead.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    const sysctlsPath = [...pod.specPath, 'securityContext', 'sysctls'];
    for (const [index, sysctl] of list(get(pod.spec, ['securityContext', 'sysctls'])).entries()) {
      const name = str(get(sysctl, ['name']));
      if (name !== undefined && SAFE.has(canonical(name.trim()))) continue;
      const shown = name === undefined ? 'without a name' : `"${name.length > 80 ? `${name.slice(0, 80)}…` : name}"`;
      yield {
        path: name === undefined ? [...sysctlsPath, index] : [...sysctlsPath, index, 'name'],
        message: `pod sets unsafe sysctl ${shown}; only the Pod Security baseline's safe sysctls are allowed`,
      };
    }
  },
};
