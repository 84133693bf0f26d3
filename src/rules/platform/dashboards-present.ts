import type { Report, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';
import { isKind, notSeen } from './support.js';

export const dashboardsPresent: Rule = {
  id: 'dashboards-present',
  practice: 'OBS-DASHBOARDS',
  severity: 'info',
  title: 'Dashboards for the golden signals are provisioned as code',
  rationale:
    'During an incident the on-call engineer needs request rate, latency, errors and saturation per component on one screen, not PromQL typed from memory. Dashboards kept as code survive a Grafana rebuild and are reviewed with the services they describe.',
  remediation:
    'Ship Grafana dashboards with the platform: a `ConfigMap` labelled `grafana_dashboard: "1"` (picked up by the Grafana sidecar) holding the dashboard JSON, or a `GrafanaDashboard` resource of the Grafana Operator, with panels for requests per second, p95/p99 latency, error ratio and CPU/memory saturation.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const found = model.resources.some(
      (r) =>
        (r.input === 'k8s' && r.kind === 'ConfigMap' && get(r.value, ['metadata', 'labels', 'grafana_dashboard']) !== undefined) ||
        isKind(r, 'GrafanaDashboard', ['integreatly.org']),
    );
    if (found) return;
    yield* notSeen(
      model,
      'no Grafana dashboard seen in the scanned files (looked for a ConfigMap labelled grafana_dashboard or a GrafanaDashboard resource)',
    );
  },
};
