// The platform spec that `guardrail generate` reads (platform.yaml): the
// cluster, its services and how alerts are routed. Types only; the JSON
// Schema and the loader that checks a document against it live beside it.

export const SPEC_API_VERSION = 'guardrail.dev/v1';
export const SPEC_KIND = 'Platform';

export interface PlatformSpec {
  apiVersion: typeof SPEC_API_VERSION;
  kind: typeof SPEC_KIND;
  cluster: ClusterSpec;
  services: ServiceSpec[];
  alerting: AlertingSpec;
}

export interface ClusterSpec {
  name: string;
  region: string;
  /** 12 digits, quoted in YAML. */
  accountId: string;
  /** "1.33" */
  kubernetesVersion: string;
  /** Issuer host and path without https://, e.g. oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE. */
  oidcProvider: string;
  /** production, staging, ...; goes into tags and alert labels. */
  environment: string;
  /** VPC CIDR for the generated network; private subnets are carved from it. */
  vpcCidr: string;
  /** Availability zones for subnets and node groups (at least two). */
  availabilityZones: string[];
  /** Istio PeerAuthentication STRICT across the service namespaces. */
  mtls?: boolean;
  /** Tracing backend the OpenTelemetry Collector exports to (OTLP endpoint). */
  tracingEndpoint?: string;
  /**
   * How admission verifies the services' image signatures (Kyverno
   * verifyImages). Added by the loader's schema; optional: without it the
   * generated policy still enforces digests and the pod rules. Read only by
   * the cluster-wide Kubernetes policies.
   */
  imageSigning?: ImageSigningSpec;
}

/** Cosign verification: a public key (PEM) or keyless (Fulcio certificate identity). Exactly one. */
export interface ImageSigningSpec {
  publicKey?: string;
  keyless?: { issuer: string; subject: string };
}

export type S3Access = 'read' | 'write' | 'read-write';

export interface AwsAccessSpec {
  s3?: Array<{ bucket: string; prefix?: string; access: S3Access }>;
  /** Key ARNs the service may use to encrypt/decrypt (never a wildcard). */
  kms?: string[];
  sqs?: Array<{ arn: string; access: 'consume' | 'produce' | 'both' }>;
  sns?: Array<{ arn: string }>;
  dynamodb?: Array<{ arn: string; access: 'read' | 'read-write' }>;
  /** Secrets Manager secret names; each becomes an ExternalSecret mounted as a file. */
  secrets?: string[];
}

export interface FlowSpec {
  /** The service the traffic comes from (its name in this spec). */
  from: string;
  port: number;
}

export interface SloSpec {
  latencyP95Ms: number;
  latencyP99Ms: number;
  /** Error-rate budget as a fraction, e.g. 0.001 for 99.9 % success. */
  errorRate: number;
}

export interface DatabaseSpec {
  engine: 'postgresql' | 'mysql';
  /** Database name; the RDS instance is named after the service. */
  name: string;
  instanceClass?: string;
  storageGb?: number;
}

export interface ServiceSpec {
  name: string;
  /** Namespace the service runs in; services of one domain may share it. */
  namespace: string;
  /** The domain (team / bounded context) the namespace belongs to; a label. */
  domain: string;
  /** Image by digest: registry/repo@sha256:<64 hex>. */
  image: string;
  ports: Array<{ name: string; port: number; protocol?: 'TCP' | 'UDP' }>;
  /** Port serving /metrics (Prometheus scrape); may be one of `ports`. */
  metricsPort: number;
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string; cpuLimit?: string; memoryLimit?: string };
  aws?: AwsAccessSpec;
  accepts?: FlowSpec[];
  /** Behind the internet-facing load balancer (and its WAF). */
  public?: boolean;
  /**
   * DNS name the public service answers on (required when `public`); the
   * load balancer picks the ACM certificate for it. Added with the loader.
   */
  hostname?: string;
  slo: SloSpec;
  database?: DatabaseSpec;
  /** An ElastiCache Redis cache with auth and encryption. */
  cache?: boolean;
  /**
   * What the service may do with the Kubernetes API, in its own namespace (a
   * Role bound to its ServiceAccount, whose token is then mounted). Absent:
   * no API access and no token.
   */
  kubernetesApi?: KubernetesApiRule[];
}

/** One RBAC rule of a service's Role: named resources and verbs, never wildcards or escalation. */
export interface KubernetesApiRule {
  /** "" for the core group. */
  apiGroups: string[];
  resources: string[];
  verbs: Array<'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete'>;
  resourceNames?: string[];
}

/** A reference to a key of a Kubernetes Secret; literals are never accepted. */
export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface ReceiverSpec {
  name: string;
  slack?: { channel: string; apiUrlSecret: SecretKeyRef };
  pagerduty?: { serviceKeySecret: SecretKeyRef };
}

export interface AlertingSpec {
  receivers: ReceiverSpec[];
  /** Receiver for severity=page alerts. */
  page: string;
  /** Receiver for severity=ticket alerts. */
  ticket: string;
}
