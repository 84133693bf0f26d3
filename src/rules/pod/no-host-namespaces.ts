import { podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';

const NAMESPACES: ReadonlyArray<[field: string, what: string]> = [
  ['hostNetwork', 'the node network namespace'],
  ['hostPID', 'the node process namespace'],
  ['hostIPC', 'the node IPC namespace'],
];

export const noHostNamespaces: Rule = {
  id: 'no-host-namespaces',
  practice: 'POD-NO-HOST-NAMESPACES',
  severity: 'high',
  title: 'Pods do not share the node\'s network, PID or IPC namespace',
  rationale:
    'hostNetwork puts the pod on the node\'s interfaces: it can reach the instance metadata service and the kubelet on localhost, sniff node traffic and bypasses NetworkPolicies. hostPID lets it see and signal every process on the node (and read their environment and memory with ptrace); hostIPC exposes the node\'s shared memory.',
  remediation:
    'Remove `hostNetwork: true`, `hostPID: true` and `hostIPC: true` from the pod spec (false is the default). Expose ports through a Service. `hostUsers: false` (user namespaces) is encouraged and not a finding.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const [field, what] of NAMESPACES) {
      if (pod.spec[field] === true) {
        yield { path: [...pod.specPath, field], message: `pod shares ${what} (${field}: true); expected false` };
      }
    }
  },
};
