import { applicationNamespaces, namespaceReport } from '../../core/namespaces.js';
import type { Report, Rule } from '../../core/types.js';
import { alertIndex, alertWatches, isErrorRateAlert } from './prometheus-rules.js';

export const errorRateAlertsPresent: Rule = {
  id: 'error-rate-alerts-present',
  practice: 'OBS-ERROR-RATE',
  severity: 'info',
  title: 'The error rate of every component is alerted on',
  rationale:
    'A component can be up, ready and fast while failing a large share of its requests (5xx responses, failed session establishments, dropped packets); only an error-rate alert notices. Without one, a bad release or a broken dependency shows up as customer complaints rather than a page.',
  remediation:
    'Add a `PrometheusRule` (monitoring.coreos.com/v1) with an error-ratio alert per component, e.g. `sum(rate(http_requests_total{namespace="core-routing",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="core-routing"}[5m])) > 0.01`, or on a failure counter such as `session_establishment_failed_total`; place it in the namespace or name the namespace in a matcher.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const { alerts, anyRules } = alertIndex(model);
    const errors = alerts.filter(isErrorRateAlert);
    const none = anyRules ? '' : '; the scanned files hold no PrometheusRule';
    for (const ns of applicationNamespaces(model)) {
      if (ns.workloads.length === 0) continue;
      if (errors.some((a) => alertWatches(a, ns))) continue;
      yield namespaceReport(
        ns,
        `no error-rate alert for namespace "${ns.name}" seen in the scanned files (looked for a PrometheusRule alert on 5xx or non-OK gRPC codes, or on an application error/failure/drop metric, in the namespace, naming it, or cluster-wide${none})`,
      );
    }
  },
};
