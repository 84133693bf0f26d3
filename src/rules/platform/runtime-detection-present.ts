import type { Report, Rule } from '../../core/types.js';
import { chartsNamed, notSeen, workloadsRunning } from './support.js';

const FALCO_IMAGES = new Set(['falco', 'falco-no-driver', 'falco-distroless']);
const GUARDDUTY_IMAGES = new Set(['aws-guardduty-agent']);
const FALCO_CHARTS = new Set(['falco']);
const DAEMONSET = new Set(['DaemonSet']);

export const runtimeDetectionPresent: Rule = {
  id: 'runtime-detection-present',
  practice: 'DET-RUNTIME',
  severity: 'info',
  title: 'Runtime threat detection runs in the cluster',
  rationale:
    'Admission checks stop bad configurations, not a compromised process: a shell spawned in a container, a crypto miner, a read of /etc/shadow or of the service-account token only show up to a runtime sensor on every node. Without one, a breach is found from its bill or its data leaving.',
  remediation:
    'Run Falco as a DaemonSet (the `falco` Helm chart, via a Flux `HelmRelease` or Argo CD `Application`) with alerts routed to people, or enable GuardDuty EKS Runtime Monitoring, which runs the `aws-guardduty-agent` DaemonSet (managed add-on `aws-guardduty-agent`).',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    if (workloadsRunning(model, DAEMONSET, FALCO_IMAGES).length > 0) return;
    if (chartsNamed(model, FALCO_CHARTS).length > 0) return;
    const guardduty = model.ofKind('DaemonSet').some((d) => d.name === 'aws-guardduty-agent');
    if (guardduty || workloadsRunning(model, DAEMONSET, GUARDDUTY_IMAGES).length > 0) return;
    yield* notSeen(
      model,
      'no runtime threat detection seen in the scanned files (looked for a Falco DaemonSet, a falco HelmRelease or Argo CD Application, or the GuardDuty EKS runtime agent DaemonSet aws-guardduty-agent)',
    );
  },
};
