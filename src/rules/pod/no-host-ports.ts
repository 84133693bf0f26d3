import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { list, record } from '../../core/values.js';
import { describe } from './support.js';

function portNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d{1,5}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export const noHostPorts: Rule = {
  id: 'no-host-ports',
  practice: 'POD-NO-HOST-NAMESPACES',
  severity: 'high',
  title: 'Containers do not bind host ports',
  rationale:
    'A hostPort opens the port on the node\'s own address: it bypasses the Service and often the security groups meant for the load balancer, is invisible to NetworkPolicies in some CNIs, and pins the pod to nodes where the port is free. It is the usual way a debug or metrics endpoint ends up reachable from the whole VPC.',
  remediation:
    'Remove `hostPort` from `ports` and expose the port through a Service (ClusterIP, or a LoadBalancer/Ingress for external traffic).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const [index, port] of list(c.container.ports).entries()) {
        const hostPort = record(port).hostPort;
        if (hostPort === undefined || hostPort === null) continue;
        const number = portNumber(hostPort);
        if (number === 0) continue;
        yield {
          path: [...c.path, 'ports', index, 'hostPort'],
          message:
            number === undefined
              ? `${describe(c)} sets a hostPort; expose the port through a Service instead`
              : `${describe(c)} binds host port ${number}; expose it through a Service instead`,
        };
      }
    }
  },
};
