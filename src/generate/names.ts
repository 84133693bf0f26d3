// Names that several generated files must agree on (the ServiceAccount's
// role ARN and the Terraform role, the ServiceMonitor's port and the
// Deployment's, the alert rules' labels and Alertmanager's routes).
import type { ClusterSpec, PlatformSpec, ServiceSpec } from './spec.js';

/** Each service runs under a ServiceAccount of its own name. */
export function serviceAccountName(service: ServiceSpec): string {
  return service.name;
}

/** IAM role of a service (IRSA): one per service, never shared. */
export function serviceRoleName(cluster: ClusterSpec, service: ServiceSpec): string {
  return `${cluster.name}-${service.name}`;
}

export function serviceRoleArn(cluster: ClusterSpec, service: ServiceSpec): string {
  return `arn:aws:iam::${cluster.accountId}:role/${serviceRoleName(cluster, service)}`;
}

/** Alias of the platform's customer-managed KMS key. */
export function platformKeyAlias(cluster: ClusterSpec): string {
  return `alias/${cluster.name}-platform`;
}

/** Container and Service port name Prometheus scrapes. */
export const METRICS_PORT_NAME = 'metrics';

/** Labels every object of a service carries; selectors use the first two. */
export function serviceLabels(spec: PlatformSpec, service: ServiceSpec): Record<string, string> {
  return {
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/part-of': spec.cluster.name,
    'app.kubernetes.io/managed-by': 'guardrail',
    'guardrail.dev/domain': service.domain,
  };
}

export function selectorLabels(service: ServiceSpec): Record<string, string> {
  return { 'app.kubernetes.io/name': service.name };
}

/** Namespace the platform's observability stack runs in (Prometheus, Alertmanager, collectors). */
export const OBSERVABILITY_NAMESPACE = 'observability';

/**
 * Metrics the generated services are expected to expose (OpenTelemetry HTTP
 * semantic conventions as exported to Prometheus), which alerts and
 * dashboards query. Labels: `service` (set by the ServiceMonitor to the
 * service name), `namespace`, `http_response_status_code`.
 */
export const REQUEST_DURATION_METRIC = 'http_server_request_duration_seconds';

/** Alert severities Alertmanager routes on. */
export const PAGE = 'page';
export const TICKET = 'ticket';

/** CloudWatch Logs group Fluent Bit ships container logs to (KMS-encrypted by the Terraform). */
export function containerLogGroupName(cluster: ClusterSpec): string {
  return `/aws/eks/${cluster.name}/containers`;
}

/** Fluent Bit's ServiceAccount (in OBSERVABILITY_NAMESPACE) and its IRSA role, which may only write to that log group. */
export const FLUENT_BIT_SERVICE_ACCOUNT = 'fluent-bit';

export function fluentBitRoleName(cluster: ClusterSpec): string {
  return `${cluster.name}-fluent-bit`;
}

/** The regional WAF web ACL in front of public services. */
export function webAclName(cluster: ClusterSpec): string {
  return `${cluster.name}-public`;
}
