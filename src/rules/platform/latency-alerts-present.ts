import { applicationNamespaces, namespaceReport } from '../../core/namespaces.js';
import type { Report, Rule } from '../../core/types.js';
import { alertIndex, alertWatches, isLatencyAlert } from './prometheus-rules.js';

export const latencyAlertsPresent: Rule = {
  id: 'latency-alerts-present',
  practice: 'OBS-LATENCY',
  severity: 'info',
  title: 'p95/p99 latency of every component is alerted on',
  rationale:
    'Averages hide the slow tail that users and session establishment feel: a p99 that climbs from 50 ms to 2 s barely moves the mean. Without an alert on a high quantile, latency regressions are found by customers, after a deploy or a saturated dependency has been degrading service for hours.',
  remediation:
    'Add a `PrometheusRule` (monitoring.coreos.com/v1) with an alert such as `histogram_quantile(0.99, sum by (le, service) (rate(http_server_request_duration_seconds_bucket{namespace="core-routing"}[5m]))) > 0.5` for each component, in its namespace or naming it in a `namespace` matcher; a recording rule may compute the quantile.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const { alerts, anyRules } = alertIndex(model);
    const latency = alerts.filter(isLatencyAlert);
    const none = anyRules ? '' : '; the scanned files hold no PrometheusRule';
    for (const ns of applicationNamespaces(model)) {
      if (ns.workloads.length === 0) continue;
      if (latency.some((a) => alertWatches(a, ns))) continue;
      yield namespaceReport(
        ns,
        `no p95/p99 latency alert for namespace "${ns.name}" seen in the scanned files (looked for a PrometheusRule alert using histogram_quantile(0.95 or 0.99, …) or a quantile="0.95|0.99" summary over application metrics, in the namespace, naming it, or cluster-wide${none})`,
      );
    }
  },
};
