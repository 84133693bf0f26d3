// OBS-ALERT-ROUTING: Alertmanager's configuration. severity=page goes to the
// spec's page receiver, severity=ticket to its ticket receiver; a page
// silences tickets of the same service and signal, and a service that is
// down silences its own latency and error alerts. Credentials are only ever
// file paths where the referenced Kubernetes Secrets are mounted.
import { yamlFile, type GeneratedFile } from '../files.js';
import { OBSERVABILITY_NAMESPACE, PAGE, TICKET } from '../names.js';
import type { PlatformSpec, ReceiverSpec, SecretKeyRef } from '../spec.js';

export const ALERTMANAGER_CONFIG_PATH = 'observability/alertmanager/alertmanager.yaml';
/** Where the Prometheus Operator mounts the Secrets listed in an Alertmanager's spec.secrets (and where a chart should mount them). */
export const SECRETS_DIR = '/etc/alertmanager/secrets';

export function secretFile(ref: SecretKeyRef): string {
  return `${SECRETS_DIR}/${ref.name}/${ref.key}`;
}

const GROUP_BY = ['alertname', 'namespace', 'service'];

const SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.service }}';
const SLACK_TEXT =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}';

function receiver(spec: ReceiverSpec): Record<string, unknown> {
  const result: Record<string, unknown> = { name: spec.name };
  if (spec.pagerduty) {
    result.pagerduty_configs = [
      {
        // Events API v2 integration key, read from the mounted Secret at send time.
        routing_key_file: secretFile(spec.pagerduty.serviceKeySecret),
        send_resolved: true,
        description: '{{ .CommonLabels.alertname }} {{ .CommonLabels.service }}: {{ .CommonAnnotations.summary }}',
        links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }],
      },
    ];
  }
  if (spec.slack) {
    result.slack_configs = [
      {
        api_url_file: secretFile(spec.slack.apiUrlSecret),
        channel: spec.slack.channel,
        send_resolved: true,
        title: SLACK_TITLE,
        text: SLACK_TEXT,
      },
    ];
  }
  return result;
}

export function alertmanagerConfig(spec: PlatformSpec): Record<string, unknown> {
  const { page, ticket } = spec.alerting;
  return {
    route: {
      // Anything without a known severity still reaches people: the ticket receiver.
      receiver: ticket,
      group_by: GROUP_BY,
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: page, matchers: [`severity="${PAGE}"`], group_wait: '10s', repeat_interval: '1h' },
        { receiver: ticket, matchers: [`severity="${TICKET}"`] },
      ],
    },
    inhibit_rules: [
      { source_matchers: [`severity="${PAGE}"`], target_matchers: [`severity="${TICKET}"`], equal: ['namespace', 'service', 'signal'] },
      { source_matchers: ['alertname="ServiceDown"'], target_matchers: ['signal=~"latency|errors"'], equal: ['namespace', 'service'] },
    ],
    receivers: [...spec.alerting.receivers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(receiver),
  };
}

export function alertmanagerFiles(spec: PlatformSpec): GeneratedFile[] {
  const config = alertmanagerConfig(spec);
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'alertmanager-config',
      namespace: OBSERVABILITY_NAMESPACE,
      labels: { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/managed-by': 'guardrail' },
    },
    data: { 'alertmanager.yaml': yamlFile(ALERTMANAGER_CONFIG_PATH, [config]).content },
  };
  return [yamlFile(ALERTMANAGER_CONFIG_PATH, [config]), yamlFile('kubernetes/observability/alertmanager-config.yaml', [configMap])];
}
