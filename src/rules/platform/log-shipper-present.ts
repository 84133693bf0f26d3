import type { Report, Rule } from '../../core/types.js';
import { chartsNamed, isKind, notSeen, workloadsRunning } from './support.js';

/** Image repository names of node log collectors. */
const SHIPPER_IMAGES = new Set([
  'fluent-bit', 'aws-for-fluent-bit', 'fluentd', 'fluentd-kubernetes-daemonset', 'vector', 'cloudwatch-agent', 'promtail', 'alloy',
]);
const SHIPPER_CHARTS = new Set(['fluent-bit', 'aws-for-fluent-bit', 'fluentd', 'vector', 'vector-agent', 'promtail', 'alloy', 'amazon-cloudwatch-observability']);
const DAEMONSET = new Set(['DaemonSet']);

export const logShipperPresent: Rule = {
  id: 'log-shipper-present',
  practice: 'OBS-LOGS-SHIPPED',
  severity: 'info',
  title: 'Container logs are shipped to a central store',
  rationale:
    'Container logs live on the node and are rotated away or lost with the node; during an incident, or an investigation weeks later, they are gone. A node-level shipper sends them to a store (CloudWatch Logs, Loki, OpenSearch) where they can be searched, retained and alerted on, and where an intruder on the node cannot erase them.',
  remediation:
    'Run a log collector as a DaemonSet: Fluent Bit (`aws-for-fluent-bit` or the `fluent-bit` chart) or Vector shipping to CloudWatch Logs, or the CloudWatch agent (Container Insights), e.g. through a Flux `HelmRelease`.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    if (workloadsRunning(model, DAEMONSET, SHIPPER_IMAGES).length > 0) return;
    if (chartsNamed(model, SHIPPER_CHARTS).length > 0) return;
    if (model.resources.some((r) => isKind(r, 'FluentBit', ['fluentbit.fluent.io']) || isKind(r, 'FluentbitAgent', ['logging.banzaicloud.io']))) return;
    yield* notSeen(
      model,
      'no log shipper seen in the scanned files (looked for a DaemonSet running a fluent-bit, aws-for-fluent-bit, fluentd, vector, cloudwatch-agent, promtail or alloy image, a HelmRelease or Argo CD Application of such a chart, or a Fluent Operator FluentBit)',
    );
  },
};
