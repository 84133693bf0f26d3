// The JSON Schema (draft-07) of the platform spec: the one source of truth
// for its shape. load-spec.ts validates with it; `guardrail init --schema`
// prints it and docs/platform-spec.schema.json is written from it.
// Every object refuses unknown properties; every string pattern carries a
// `description` that error messages quote ("must be <description>").
import { SPEC_API_VERSION, SPEC_KIND } from './spec.js';

type Schema = Record<string, unknown>;

function object(properties: Record<string, Schema>, required: string[], description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}), properties, required, additionalProperties: false };
}

function text(pattern: string, description: string, maxLength = 253): Schema {
  return { type: 'string', pattern, maxLength, description };
}

function integer(minimum: number, maximum: number, description?: string): Schema {
  return { type: 'integer', minimum, maximum, ...(description ? { description } : {}) };
}

const DNS_LABEL = text('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)', 63);
const DNS_SUBDOMAIN = text(
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
);
const PORT = integer(1, 65535, 'a TCP/UDP port');
const QUANTITY_CPU = text('^([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)$', 'a CPU quantity such as 250m or 1', 16);
const QUANTITY_MEMORY = text('^[0-9]+(Ki|Mi|Gi|Ti)$', 'a memory quantity such as 256Mi or 1Gi', 16);
/** No `*` or `?` anywhere: an ARN names exactly one resource. */
const arn = (service: string, what: string): Schema =>
  text(`^arn:aws(-cn|-us-gov)?:${service}:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_./:+=@-]+$`, `the ARN of one ${what}, without wildcards`, 2048);

const SECRET_REF = object(
  {
    name: { ...DNS_SUBDOMAIN, description: 'name of a Kubernetes Secret in the observability namespace' },
    key: text('^[-._a-zA-Z0-9]+$', 'a key of that Secret', 253),
  },
  ['name', 'key'],
  'A reference to a key of a Kubernetes Secret; the value itself never appears in the spec.',
);

const CLUSTER = object(
  {
    name: { ...DNS_LABEL, maxLength: 38, description: 'the cluster name: a DNS-1123 label of at most 38 characters (it prefixes IAM role names)' },
    region: text('^[a-z]{2}(-gov)?-[a-z]+-[0-9]$', 'an AWS region such as eu-west-1', 32),
    accountId: text('^[0-9]{12}$', 'a 12-digit AWS account id (quoted in YAML)', 12),
    kubernetesVersion: text('^1\\.[0-9]{2}$', 'a Kubernetes minor version such as "1.35" (quoted in YAML)', 8),
    oidcProvider: text(
      '^oidc\\.eks\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/id/[A-Za-z0-9]{8,64}$',
      'the EKS OIDC issuer without https://, e.g. oidc.eks.eu-west-1.amazonaws.com/id/<id>',
      200,
    ),
    environment: { ...DNS_LABEL, maxLength: 32, description: 'the environment (production, staging, ...), a DNS-1123 label' },
    vpcCidr: text(
      '^(10|172|192)\\.[0-9]{1,3}\\.[0-9]{1,3}\\.0/(1[6-9]|2[0-2])$',
      'a private IPv4 CIDR between /16 and /22, such as 10.0.0.0/16',
      18,
    ),
    availabilityZones: {
      type: 'array',
      description: 'availability zones of the region (at least two)',
      minItems: 2,
      maxItems: 6,
      uniqueItems: true,
      items: text('^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$', 'an availability zone such as eu-west-1a', 32),
    },
    mtls: { type: 'boolean', description: 'Istio PeerAuthentication STRICT in every service namespace' },
    tracingEndpoint: text('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[0-9]{1,5}$', 'an OTLP gRPC endpoint as host:port', 253),
    imageSigning: {
      ...object(
        {
          publicKey: text('^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\s]+-----END PUBLIC KEY-----\\s*$', 'a PEM cosign public key', 4096),
          keyless: object(
            {
              issuer: text('^https://[^\\s*]+$', 'the OIDC issuer URL of the signing identity (https://...)', 512),
              subject: text('^[^\\s*]+$', 'the exact certificate subject (e.g. the CI workflow URL), without wildcards', 1024),
            },
            ['issuer', 'subject'],
          ),
        },
        [],
        'How admission verifies image signatures: exactly one of publicKey or keyless.',
      ),
      minProperties: 1,
      maxProperties: 1,
    },
  },
  ['name', 'region', 'accountId', 'kubernetesVersion', 'oidcProvider', 'environment', 'vpcCidr', 'availabilityZones'],
);

const AWS_ACCESS = object(
  {
    s3: {
      type: 'array',
      maxItems: 50,
      items: object(
        {
          bucket: text('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', 'an S3 bucket name (3-63 lower-case letters, digits, "." and "-"; no wildcards)', 63),
          prefix: text('^[A-Za-z0-9!_.\'()-][A-Za-z0-9!_.\'()/-]*$', 'a key prefix such as incoming/ (no leading "/", no wildcards)', 512),
          access: { enum: ['read', 'write', 'read-write'] },
        },
        ['bucket', 'access'],
      ),
    },
    kms: { type: 'array', maxItems: 50, uniqueItems: true, items: arn('kms', 'KMS key (key/<id>)') },
    sqs: {
      type: 'array',
      maxItems: 50,
      items: object({ arn: arn('sqs', 'SQS queue'), access: { enum: ['consume', 'produce', 'both'] } }, ['arn', 'access']),
    },
    sns: { type: 'array', maxItems: 50, items: object({ arn: arn('sns', 'SNS topic') }, ['arn']) },
    dynamodb: {
      type: 'array',
      maxItems: 50,
      items: object({ arn: arn('dynamodb', 'DynamoDB table (table/<name>)'), access: { enum: ['read', 'read-write'] } }, ['arn', 'access']),
    },
    secrets: {
      type: 'array',
      description: 'Secrets Manager secret names (not values); each is mounted as a file',
      maxItems: 50,
      uniqueItems: true,
      items: text('^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*$', 'a Secrets Manager secret name such as team/service/name (no wildcards)', 512),
    },
  },
  [],
  'The AWS resources the service may use; its IAM policy is scoped to exactly these.',
);

const SERVICE = object(
  {
    name: { ...DNS_LABEL, maxLength: 40, description: 'the service name: a DNS-1123 label of at most 40 characters' },
    namespace: DNS_LABEL,
    domain: DNS_LABEL,
    image: { type: 'string', maxLength: 512, description: 'the image by digest: registry/repository@sha256:<64 hex digits>' },
    ports: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: object(
        {
          name: text('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'a port name (IANA service name: lower-case, at most 15 characters)', 15),
          port: PORT,
          protocol: { enum: ['TCP', 'UDP'] },
        },
        ['name', 'port'],
      ),
    },
    metricsPort: PORT,
    replicas: object({ min: integer(1, 1000), max: integer(1, 1000) }, ['min', 'max']),
    resources: object(
      { cpu: QUANTITY_CPU, memory: QUANTITY_MEMORY, cpuLimit: QUANTITY_CPU, memoryLimit: QUANTITY_MEMORY },
      ['cpu', 'memory'],
      'Requests; limits default to twice the requests.',
    ),
    aws: AWS_ACCESS,
    accepts: {
      type: 'array',
      description: 'the flows this service accepts: from another service of the spec, to one of its ports',
      maxItems: 100,
      items: object({ from: DNS_LABEL, port: PORT }, ['from', 'port']),
    },
    public: { type: 'boolean', description: 'behind the internet-facing load balancer and its WAF' },
    hostname: { ...DNS_SUBDOMAIN, description: 'the DNS name a public service answers on (an ACM certificate for it must exist)' },
    slo: object(
      {
        latencyP95Ms: integer(1, 600000),
        latencyP99Ms: integer(1, 600000),
        errorRate: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, description: 'error budget as a fraction, e.g. 0.001' },
      },
      ['latencyP95Ms', 'latencyP99Ms', 'errorRate'],
    ),
    database: object(
      {
        engine: { enum: ['postgresql', 'mysql'] },
        name: text('^[a-zA-Z][a-zA-Z0-9_]{0,62}$', 'a database name (a letter, then letters, digits or "_"; at most 63)', 63),
        instanceClass: text('^db\\.[a-z0-9]+\\.[a-z0-9]+$', 'an RDS instance class such as db.r6g.large', 32),
        storageGb: integer(20, 65536),
      },
      ['engine', 'name'],
    ),
    cache: { type: 'boolean', description: 'an ElastiCache Redis cache with auth token and encryption' },
    kubernetesApi: {
      type: 'array',
      description: 'RBAC rules of a Role in the service namespace bound to its ServiceAccount (the token is mounted only then)',
      minItems: 1,
      maxItems: 20,
      items: object(
        {
          apiGroups: { type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: text('^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$', 'an API group ("" for the core group; no wildcards)', 253) },
          resources: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: text('^[a-z][a-z0-9]*(/[a-z]+)?$', 'a resource such as configmaps or leases (no wildcards)', 100) },
          verbs: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { enum: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] } },
          resourceNames: { type: 'array', maxItems: 50, uniqueItems: true, items: DNS_SUBDOMAIN },
        },
        ['apiGroups', 'resources', 'verbs'],
      ),
    },
  },
  ['name', 'namespace', 'domain', 'image', 'ports', 'metricsPort', 'replicas', 'resources', 'slo'],
);

const RECEIVER = object(
  {
    name: DNS_LABEL,
    slack: object(
      { channel: text('^#?[a-z0-9][a-z0-9._-]{0,79}$', 'a Slack channel such as #platform-alerts', 81), apiUrlSecret: SECRET_REF },
      ['channel', 'apiUrlSecret'],
    ),
    pagerduty: object({ serviceKeySecret: SECRET_REF }, ['serviceKeySecret']),
  },
  ['name'],
);

export const PLATFORM_SPEC_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://guardrail.dev/schemas/platform-spec.schema.json',
  title: 'guardrail platform spec',
  ...object(
    {
      apiVersion: { const: SPEC_API_VERSION },
      kind: { const: SPEC_KIND },
      cluster: CLUSTER,
      services: { type: 'array', minItems: 1, maxItems: 200, items: SERVICE },
      alerting: object(
        {
          receivers: { type: 'array', minItems: 1, maxItems: 50, items: RECEIVER },
          page: { ...DNS_LABEL, description: 'the receiver of severity=page alerts' },
          ticket: { ...DNS_LABEL, description: 'the receiver of severity=ticket alerts' },
        },
        ['receivers', 'page', 'ticket'],
      ),
    },
    ['apiVersion', 'kind', 'cluster', 'services', 'alerting'],
  ),
};
