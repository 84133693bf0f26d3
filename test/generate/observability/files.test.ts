import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { containerLogGroupName, fluentBitRoleName, OBSERVABILITY_NAMESPACE } from '../../../src/generate/names.js';
import { generateObservability, serviceRuleGroups } from '../../../src/generate/observability/index.js';
import { isAlert } from '../../../src/generate/observability/model.js';
import { traceExport } from '../../../src/generate/observability/otel-collector.js';
import { atLeast } from '../../../src/core/severity.js';
import { scanSources } from '../../../src/scan/scan.js';
import { variedSpecs, writeTree } from './support.js';

function amtool(args: string[]): { status: number | null; stdout: string; output: string } {
  const run = spawnSync('amtool', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
}

function content(files: ReturnType<typeof generateObservability>, file: string): string {
  const found = files.find((f) => f.path === file);
  if (!found) throw new Error(`${file} not generated`);
  return found.content;
}

describe.each(variedSpecs())('observability files for %s', (_name, spec) => {
  const files = generateObservability(spec);

  it('is deterministic and sorted by path', () => {
    expect(generateObservability(spec)).toEqual(files);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('writes YAML that parses and Kubernetes objects in the observability namespace', () => {
    for (const file of files.filter((f) => f.path.endsWith('.yaml'))) {
      const documents = parseAllDocuments(file.content);
      for (const doc of documents) expect(doc.errors, file.path).toEqual([]);
      if (!file.path.startsWith('kubernetes/')) continue;
      for (const doc of documents) {
        const object = doc.toJS();
        expect(object.apiVersion, file.path).toBeTruthy();
        if (object.kind !== 'ClusterRole' && object.kind !== 'ClusterRoleBinding') {
          expect(object.metadata.namespace, file.path).toBe(OBSERVABILITY_NAMESPACE);
        }
      }
    }
  });

  it('scans clean with guardrail: nothing at medium or above', async () => {
    const result = await scanSources(files.map((f) => ({ file: f.path, text: f.content })));
    expect(result.errors).toEqual([]);
    const serious = result.findings.filter((f) => atLeast(f.severity, 'medium'));
    expect(serious.map((f) => `${f.rule} ${f.file}: ${f.message}`)).toEqual([]);
  });

  it("satisfies guardrail's own platform checks for alerts, routing and dashboards", async () => {
    // A stand-in workload per service namespace, so the namespace-level checks have something to judge.
    const workloads = spec.services.map((service) => ({
      file: `workloads/${service.name}.yaml`,
      text: [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: ${service.name}, namespace: ${service.namespace}}`,
        'spec:',
        `  selector: {matchLabels: {app: ${service.name}}}`,
        '  template:',
        `    metadata: {labels: {app: ${service.name}}}`,
        `    spec: {containers: [{name: ${service.name}, image: registry.example/app:1}]}`,
      ].join('\n'),
    }));
    const result = await scanSources([...files.map((f) => ({ file: f.path, text: f.content })), ...workloads]);
    const platform = ['latency-alerts-present', 'error-rate-alerts-present', 'alert-routing-present', 'dashboards-present'];
    expect(result.findings.filter((f) => platform.includes(f.rule)).map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  it('documents every alert it writes', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/generate-observability.md'), 'utf8');
    for (const service of spec.services) {
      for (const rule of serviceRuleGroups(spec, service).flatMap((g) => g.rules).filter(isAlert)) {
        expect(docs, rule.alert).toContain(`\`${rule.alert}\``);
      }
    }
  });

  it('writes one well-formed dashboard per service, with a sidecar ConfigMap', () => {
    const uids = new Set<string>();
    for (const service of spec.services) {
      const json = content(files, `observability/grafana/dashboards/${service.name}.json`);
      const dashboard = JSON.parse(json);
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      uids.add(dashboard.uid);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
      const ids = dashboard.panels.map((p: { id: number }) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const queries: string[] = dashboard.panels.flatMap((p: { targets?: Array<{ expr: string }> }) => (p.targets ?? []).map((t) => t.expr));
      for (const wanted of ['http_server_request_duration_seconds_count', ':p99_5m', 'container_cpu_cfs_throttled_periods_total', 'container_memory_working_set_bytes', 'container_network_receive_bytes_total', 'container_fs_writes_bytes_total']) {
        expect(queries.some((q) => q.includes(wanted)), wanted).toBe(true);
      }
      for (const panel of dashboard.panels.filter((p: { type: string }) => p.type !== 'row')) {
        expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
      const configMap = parse(content(files, `kubernetes/observability/${service.name}-dashboard.yaml`));
      expect(configMap.metadata.labels.grafana_dashboard).toBe('1');
      expect(configMap.data[`${service.name}.json`]).toBe(json);
    }
    expect(uids.size).toBe(spec.services.length);
  });

  it('routes pages and tickets with amtool, reading credentials only from mounted files', () => {
    const root = writeTree(files);
    const config = path.join(root, 'observability/alertmanager/alertmanager.yaml');
    const check = amtool(['check-config', config]);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.status).toBe(0);
    const route = (labels: string[]) => amtool(['config', 'routes', 'test', `--config.file=${config}`, ...labels]).stdout.trim().split('\n').pop();
    expect(route(['severity=page', 'service=x', 'alertname=ServiceDown'])).toBe(spec.alerting.page);
    expect(route(['severity=ticket', 'service=x', 'alertname=ServiceCPUThrottled'])).toBe(spec.alerting.ticket);
    expect(route(['alertname=Unlabelled'])).toBe(spec.alerting.ticket);

    const text = content(files, 'observability/alertmanager/alertmanager.yaml');
    expect(text).not.toMatch(/^\s*(api_url|routing_key|service_key):/m);
    const parsed = parse(text);
    for (const receiver of parsed.receivers) {
      for (const pd of receiver.pagerduty_configs ?? []) expect(pd.routing_key_file).toMatch(/^\/etc\/alertmanager\/secrets\/[^/]+\/[^/]+$/);
      for (const slack of receiver.slack_configs ?? []) expect(slack.api_url_file).toMatch(/^\/etc\/alertmanager\/secrets\/[^/]+\/[^/]+$/);
    }
    const pageReceiver = spec.alerting.receivers.find((r) => r.name === spec.alerting.page);
    if (pageReceiver?.pagerduty) {
      const { name, key } = pageReceiver.pagerduty.serviceKeySecret;
      expect(parsed.receivers.find((r: { name: string }) => r.name === spec.alerting.page).pagerduty_configs[0].routing_key_file).toBe(`/etc/alertmanager/secrets/${name}/${key}`);
    }
    expect(parsed.inhibit_rules).toContainEqual({ source_matchers: ['severity="page"'], target_matchers: ['severity="ticket"'], equal: ['namespace', 'service', 'signal'] });
  });

  it('bounds the collector: memory_limiter first and batch last in every pipeline, traces to the spec backend', () => {
    const config = parse(content(files, 'observability/otel-collector/config.yaml'));
    expect(config.service.extensions).toContain('health_check');
    expect(config.processors.memory_limiter.limit_percentage).toBeLessThan(100);
    for (const pipeline of Object.values(config.service.pipelines) as Array<{ processors: string[] }>) {
      expect(pipeline.processors[0]).toBe('memory_limiter');
      expect(pipeline.processors.at(-1)).toBe('batch');
    }
    expect(Object.keys(config.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    expect(config.service.pipelines.metrics.exporters).toEqual(['prometheus']);
    if (spec.cluster.tracingEndpoint) {
      expect(config.exporters['otlp/traces'].endpoint).toBe(spec.cluster.tracingEndpoint);
      expect(config.service.pipelines.traces.exporters).toEqual(['otlp/traces']);
    } else {
      expect(config.service.pipelines.traces).toBeUndefined();
    }
    const configMap = parse(content(files, 'kubernetes/observability/otel-collector-config.yaml'));
    expect(configMap.data['config.yaml']).toBe(content(files, 'observability/otel-collector/config.yaml'));
  });

  it('ships container logs to the Terraform-made log group with an IRSA ServiceAccount', () => {
    const conf = parse(content(files, 'observability/fluent-bit/fluent-bit.yaml'));
    expect(conf.pipeline.inputs[0]).toMatchObject({ name: 'tail', path: '/var/log/containers/*.log', 'multiline.parser': 'cri' });
    expect(conf.pipeline.filters[0]).toMatchObject({ name: 'kubernetes', match: 'kube.*' });
    expect(conf.pipeline.outputs).toEqual([
      expect.objectContaining({
        name: 'cloudwatch_logs',
        region: spec.cluster.region,
        log_group_name: containerLogGroupName(spec.cluster),
        auto_create_group: 'off',
      }),
    ]);
    const objects = parseAllDocuments(content(files, 'kubernetes/observability/fluent-bit.yaml')).map((d) => d.toJS());
    const sa = objects.find((o) => o.kind === 'ServiceAccount');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::${spec.cluster.accountId}:role/${fluentBitRoleName(spec.cluster)}`);
    const role = objects.find((o) => o.kind === 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
  });
});

describe('trace export', () => {
  const cluster = variedSpecs()[0][1].cluster;

  it('keeps TLS on unless the backend is in the cluster behind STRICT mTLS', () => {
    expect(traceExport({ ...cluster, tracingEndpoint: 'tempo.observability.svc.cluster.local:4317', mtls: true })).toEqual({
      endpoint: 'tempo.observability.svc.cluster.local:4317',
      insecure: true,
    });
    expect(traceExport({ ...cluster, tracingEndpoint: 'tempo.observability.svc:4317', mtls: false })?.insecure).toBe(false);
    expect(traceExport({ ...cluster, tracingEndpoint: 'otlp.tracing.example.com:4317', mtls: true })?.insecure).toBe(false);
    expect(traceExport({ ...cluster, tracingEndpoint: undefined })).toBeUndefined();
  });
});
