import type { Report, Rule } from '../../core/types.js';
import { chartsNamed, isKind, notSeen, workloadsRunning } from './support.js';

const COLLECTOR_IMAGES = new Set([
  'opentelemetry-collector', 'opentelemetry-collector-contrib', 'opentelemetry-collector-k8s', 'otel-collector', 'aws-otel-collector',
]);
const COLLECTOR_CHARTS = new Set(['opentelemetry-collector', 'adot-collector']);
const KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

export const tracingCollectorPresent: Rule = {
  id: 'tracing-collector-present',
  practice: 'OBS-TRACING',
  severity: 'info',
  title: 'An OpenTelemetry Collector receives traces',
  rationale:
    'A request through ingress parsing, routing and session management crosses several services; without traces, finding which hop added the latency or the error means correlating logs by hand under pressure. The collector is also where sampling and sensitive-attribute scrubbing happen before spans leave the cluster.',
  remediation:
    'Deploy an OpenTelemetry Collector (an `OpenTelemetryCollector` resource of the OpenTelemetry Operator, the `opentelemetry-collector` chart, or the ADOT collector) with an OTLP receiver and an exporter to X-Ray, CloudWatch or your tracing backend, and point the services\' OTLP exporters at it.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    if (workloadsRunning(model, KINDS, COLLECTOR_IMAGES).length > 0) return;
    if (chartsNamed(model, COLLECTOR_CHARTS).length > 0) return;
    if (model.resources.some((r) => isKind(r, 'OpenTelemetryCollector', ['opentelemetry.io']))) return;
    yield* notSeen(
      model,
      'no OpenTelemetry Collector seen in the scanned files (looked for a Deployment, DaemonSet or StatefulSet running an opentelemetry-collector(-contrib/-k8s) or aws-otel-collector image, an OpenTelemetryCollector resource, or an opentelemetry-collector HelmRelease or Argo CD Application)',
    );
  },
};
