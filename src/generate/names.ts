// Names that several generated files must agree on (the ServiceAccount's
// role ARN and the Terraform role, the ServiceMonitor's port and the
// Deployment's, the alert rules' labels and Alertmanager's routes).
import { createHash } from 'node:crypto';
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
  return roleArn(cluster, serviceRoleName(cluster, service));
}

/** The ARN partition of a region: China and GovCloud have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** ARN of an IAM role of the cluster's account, in the cluster region's partition. */
export function roleArn(cluster: ClusterSpec, name: string): string {
  return `arn:${partitionOf(cluster.region)}:iam::${cluster.accountId}:role/${name}`;
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
  // A dot, which service names never have, keeps it apart from the role of a service named fluent-bit.
  return `${cluster.name}.fluent-bit`;
}

/** The regional WAF web ACL in front of public services. */
export function webAclName(cluster: ClusterSpec): string {
  return `${cluster.name}-public`;
}

/** Pods of the Prometheus that scrapes the services, in OBSERVABILITY_NAMESPACE: each service's scrape NetworkPolicy admits only these. */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };

/** Label the Prometheus Operator selects ServiceMonitors and PrometheusRules by. */
export const PROMETHEUS_SELECTOR_LABELS: Readonly<Record<string, string>> = { release: 'prometheus' };

/** The OpenTelemetry Collector's pods (in OBSERVABILITY_NAMESPACE) and OTLP ports: services' egress policies admit exactly these. */
export const OTEL_COLLECTOR_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'otel-collector' };
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
/** In-cluster address of the collector's Service, which services export traces to. */
export const OTEL_COLLECTOR_SERVICE = 'otel-collector';

/**
 * Secrets Manager secret holding a service's ElastiCache auth token (the Terraform creates it
 * and grants the service's role GetSecretValue on it; an ExternalSecret mounts it as the file
 * `redis-auth-token`).
 */
export function cacheAuthSecretName(cluster: ClusterSpec, service: ServiceSpec): string {
  return `${cluster.name}/${service.name}/redis-auth-token`;
}

/**
 * How pods reach AWS APIs (STS for IRSA, S3, KMS, SQS, SNS, DynamoDB, Secrets Manager): through
 * interface VPC endpoints with private DNS in the VPC, so the services' NetworkPolicies allow
 * egress on 443 to the VPC CIDR only, never to the internet. RDS (5432/3306) and Redis (6379)
 * are reached in the VPC CIDR as well.
 */
export const AWS_API_PORT = 443;
export const REDIS_PORT = 6379;
export function databasePort(engine: 'postgresql' | 'mysql'): number {
  return engine === 'postgresql' ? 5432 : 3306;
}

/**
 * The Terraform writes the values the manifests need from AWS (the web ACL's ARN) into
 * kubernetes/terraform-outputs.env (KEY=value lines, output `kustomize_env`:
 * `terraform output -raw kustomize_env > kubernetes/terraform-outputs.env`);
 * kustomization.yaml turns it into a ConfigMap and replaces the Ingress annotations from it.
 */
export const TERRAFORM_OUTPUTS_ENV_FILE = 'terraform-outputs.env';
export const TERRAFORM_KUSTOMIZE_ENV_OUTPUT = 'kustomize_env';
/** Key of the web ACL ARN in that file. */
export const WEB_ACL_ARN_KEY = 'WEB_ACL_ARN';

/**
 * A service's Deployment, its main container, Service, HPA and PodDisruptionBudget all carry
 * the service's name; saturation alerts select pods, containers and the HPA by it.
 */
export function workloadName(service: ServiceSpec): string {
  return service.name;
}

/** RDS instance identifier of a service's database (`database.name` is the schema inside it); RDS allows 63 characters. */
export function databaseInstanceId(cluster: ClusterSpec, service: ServiceSpec): string {
  return boundedName(`${cluster.name}-${service.name}`, 63);
}

/**
 * Security group of the internet-facing ALB (Terraform creates it, with 443/80
 * open); Ingresses attach it by this Name tag through
 * `alb.ingress.kubernetes.io/security-groups`, and pods admit the ALB from it.
 */
export function albSecurityGroupName(cluster: ClusterSpec): string {
  return `${cluster.name}-alb`;
}

/** `name` if it fits in `max` characters, else its start and a hash of the whole: deterministic, and distinct for distinct names. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

/**
 * ElastiCache user a service connects to its cache as, with IAM
 * authentication (no password: the service's IRSA role holds
 * elasticache:Connect); user id and name alike, lower-case, at most 40.
 */
export function cacheUserName(cluster: ClusterSpec, service: ServiceSpec): string {
  return boundedName(`${cluster.name}-${service.name}`.toLowerCase(), 40);
}

/** Database user a service logs in as with IAM authentication (rds-db:connect; created in the database with the rds_iam role). */
export function databaseUserName(service: ServiceSpec): string {
  return service.name.replace(/-/g, '_');
}

/**
 * Bucket the internet-facing ALB writes its access logs to (Terraform creates it; the Ingress
 * turns logging on with `alb.ingress.kubernetes.io/load-balancer-attributes`:
 * `access_logs.s3.enabled=true,access_logs.s3.bucket=<this>,access_logs.s3.prefix=<ALB_ACCESS_LOG_PREFIX>`).
 * ELB writes access logs with SSE-S3 only, so this bucket is the one not encrypted with the platform key.
 */
export function albAccessLogBucketName(cluster: ClusterSpec): string {
  return boundedName(`${cluster.name}-alb-logs-${cluster.accountId}`, 63);
}
export const ALB_ACCESS_LOG_PREFIX = 'alb';
