// OBS-TRACING: the OpenTelemetry Collector's configuration. OTLP in (gRPC and
// HTTP), memory_limiter first so a burst is refused before it exhausts the
// pod, batch last; traces exported over OTLP to the spec's tracing backend,
// metrics exposed for Prometheus to scrape; health_check for the probes.
import { yamlFile, type GeneratedFile } from '../files.js';
import { OBSERVABILITY_NAMESPACE, OTEL_COLLECTOR_POD_LABELS, OTEL_COLLECTOR_SERVICE, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../names.js';
import type { ClusterSpec, PlatformSpec } from '../spec.js';

export const COLLECTOR_CONFIG_PATH = 'observability/otel-collector/config.yaml';
/** Where the collector exposes the metrics it received, for Prometheus to scrape. */
export const COLLECTOR_METRICS_PORT = 8889;
export const COLLECTOR_HEALTH_PORT = 13133;
/** Listen on the pod's own address (set from status.podIP), not on every interface. */
const POD_IP = '${env:MY_POD_IP}';

interface TraceExport {
  endpoint: string;
  insecure: boolean;
}

/**
 * The endpoint is host:port (the spec's schema). TLS stays on unless the
 * backend is an in-cluster Service and the mesh (mTLS STRICT) encrypts the hop.
 */
export function traceExport(cluster: ClusterSpec): TraceExport | undefined {
  const endpoint = cluster.tracingEndpoint;
  if (!endpoint) return undefined;
  const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
  const inCluster = host.endsWith('.svc') || host.endsWith('.svc.cluster.local');
  return { endpoint, insecure: inCluster && cluster.mtls === true };
}

export function collectorConfig(spec: PlatformSpec): Record<string, unknown> {
  const processors = ['memory_limiter', 'resource', 'batch'];
  const traces = traceExport(spec.cluster);
  const exporters: Record<string, unknown> = {
    prometheus: {
      endpoint: `${POD_IP}:${COLLECTOR_METRICS_PORT}`,
      resource_to_telemetry_conversion: { enabled: true },
    },
  };
  const pipelines: Record<string, unknown> = {
    metrics: { receivers: ['otlp'], processors, exporters: ['prometheus'] },
  };
  if (traces) {
    exporters['otlp/traces'] = {
      endpoint: traces.endpoint,
      tls: { insecure: traces.insecure },
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 2000 },
      retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
    };
    pipelines.traces = { receivers: ['otlp'], processors, exporters: ['otlp/traces'] };
  }
  return {
    extensions: { health_check: { endpoint: `${POD_IP}:${COLLECTOR_HEALTH_PORT}` } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `${POD_IP}:${OTLP_GRPC_PORT}`, max_recv_msg_size_mib: 4 },
          http: { endpoint: `${POD_IP}:${OTLP_HTTP_PORT}` },
        },
      },
    },
    processors: {
      // Refuses data (receivers return a retryable error) above 80 % of the container's memory limit.
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      resource: {
        attributes: [
          { key: 'k8s.cluster.name', value: spec.cluster.name, action: 'upsert' },
          { key: 'deployment.environment.name', value: spec.cluster.environment, action: 'upsert' },
        ],
      },
      batch: { send_batch_size: 8192, send_batch_max_size: 10000, timeout: '5s' },
    },
    exporters,
    service: { extensions: ['health_check'], pipelines },
  };
}

export function collectorFiles(spec: PlatformSpec): GeneratedFile[] {
  const file = yamlFile(COLLECTOR_CONFIG_PATH, [collectorConfig(spec)]);
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${OTEL_COLLECTOR_SERVICE}-config`,
      namespace: OBSERVABILITY_NAMESPACE,
      labels: { ...OTEL_COLLECTOR_POD_LABELS, 'app.kubernetes.io/managed-by': 'guardrail' },
    },
    data: { 'config.yaml': file.content },
  };
  return [file, yamlFile('kubernetes/observability/otel-collector-config.yaml', [configMap])];
}
