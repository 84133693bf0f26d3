import { containersOf, podSpecOf, type ContainerView } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { isRecord, str } from '../../core/values.js';

/** Kinds whose pods run to completion; probes are not required there. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);
/** Pod templates that are not themselves running workloads. */
const NOT_RUNNING = new Set(['PodTemplate']);

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

type ProbeState = 'missing' | 'no-handler' | 'ok';

function probeState(probe: unknown): ProbeState {
  if (probe === undefined || probe === null) return 'missing';
  if (!isRecord(probe)) return 'no-handler';
  return HANDLERS.some((h) => isRecord(probe[h])) ? 'ok' : 'no-handler';
}

/** Main containers and native sidecars (init containers with restartPolicy: Always) run for the pod's lifetime. */
function longRunning(c: ContainerView): boolean {
  if (c.type === 'container') return true;
  return c.type === 'initContainer' && str(c.container.restartPolicy) === 'Always';
}

export const healthProbes: Rule = {
  id: 'health-probes',
  practice: 'OBS-HEALTH-PROBES',
  severity: 'medium',
  title: 'Long-running containers have readiness and liveness probes',
  rationale:
    'Without a readiness probe a pod receives Service traffic as soon as its process starts and keeps receiving it while it is overloaded or has lost its dependencies, so a rollout or a bad node turns directly into errors for users. Without a liveness probe a deadlocked process is never restarted and the workload reports healthy while serving nothing.',
  remediation:
    'Add `readinessProbe` (e.g. `httpGet: {path: /ready, port: http}`) and `livenessProbe` (a cheaper check of the process itself, e.g. `/healthz`, with a generous `failureThreshold`) to each container and native sidecar of Deployments, StatefulSets, DaemonSets and Rollouts. A `startupProbe` only delays the other two; it does not replace readiness.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (RUN_TO_COMPLETION.has(resource.kind) || NOT_RUNNING.has(resource.kind)) return;
    const pod = podSpecOf(resource);
    if (!pod) return;
    const restartPolicy = str(pod.spec.restartPolicy);
    if (restartPolicy === 'Never' || restartPolicy === 'OnFailure') return;
    for (const c of containersOf(pod)) {
      if (!longRunning(c)) continue;
      const subject = c.type === 'initContainer' ? `sidecar "${c.name}"` : `${c.type} "${c.name}"`;
      const readiness = probeState(c.container.readinessProbe);
      if (readiness === 'missing') {
        const startup = probeState(c.container.startupProbe) === 'ok' ? ' (its startupProbe does not replace one)' : '';
        yield {
          path: c.path,
          message: `${subject} has no readinessProbe${startup}, so it receives traffic before it is ready and while it cannot serve`,
        };
      } else if (readiness === 'no-handler') {
        yield { path: [...c.path, 'readinessProbe'], message: `${subject} has a readinessProbe without a handler (exec, httpGet, tcpSocket or grpc)` };
      }
      const liveness = probeState(c.container.livenessProbe);
      if (liveness === 'missing') {
        yield { path: c.path, severity: 'low', message: `${subject} has no livenessProbe, so a hung process is never restarted` };
      } else if (liveness === 'no-handler') {
        yield {
          path: [...c.path, 'livenessProbe'],
          severity: 'low',
          message: `${subject} has a livenessProbe without a handler (exec, httpGet, tcpSocket or grpc)`,
        };
      }
    }
  },
};
