// What the schema cannot say: references between services, clashes of
// names and ports, bounds that depend on each other, and images pinned by
// digest. Runs on a spec that already matches the schema.
import { pinningProblem } from '../core/images.js';
import { cacheAuthSecretName, METRICS_PORT_NAME, OBSERVABILITY_NAMESPACE, serviceRoleName } from './names.js';
import { dnsName, secretFileName } from './kubernetes/common.js';
import type { PlatformSpec, ServiceSpec } from './spec.js';

export interface SpecProblem {
  path: Array<string | number>;
  /** Point at the key rather than the value. */
  key?: boolean;
  message: string;
}

/** Namespaces the platform's own components or Kubernetes use. */
const RESERVED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'istio-system', 'kyverno', 'external-secrets', OBSERVABILITY_NAMESPACE]);

const PINNING_MESSAGES: Record<string, string> = {
  'no-tag': 'is not pinned: give the image by digest (repository@sha256:<64 hex digits>)',
  latest: 'uses :latest; give the image by digest (repository@sha256:<64 hex digits>)',
  tag: 'is pinned by tag only; tags move: give the image by digest (repository@sha256:<64 hex digits>)',
  'malformed-digest': 'has a malformed digest: expected @sha256: followed by 64 lower-case hex digits',
  'other-algorithm': 'must be pinned by a sha256 digest',
  invalid: 'is not a valid image reference',
};

/** Millicores of a CPU quantity; bytes of a memory quantity (both already match the schema). */
function millicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

function bytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(quantity.slice(0, -2)) * units[quantity.slice(-2)];
}

/** Subresources and resources that let a service escalate beyond its Role. */
const RISKY_RESOURCES: Record<string, string> = {
  'pods/exec': 'runs commands in other pods; not granted to services',
  'pods/attach': 'attaches to other pods; not granted to services',
  'pods/portforward': 'tunnels into other pods; not granted to services',
  'pods/ephemeralcontainers': 'injects containers into other pods; not granted to services',
  'serviceaccounts/token': 'mints tokens of other ServiceAccounts; not granted to services',
  roles: 'lets the service change its own permissions; not granted to services',
  rolebindings: 'lets the service change its own permissions; not granted to services',
};

function checkService(spec: PlatformSpec, service: ServiceSpec, index: number, byName: Map<string, ServiceSpec>): SpecProblem[] {
  const at = (...path: Array<string | number>) => ['services', index, ...path];
  const problems: SpecProblem[] = [];
  const add = (path: Array<string | number>, message: string) => problems.push({ path, message });

  const pinning = pinningProblem(service.image);
  if (pinning) add(at('image'), `image ${PINNING_MESSAGES[pinning.kind]}`);

  if (RESERVED_NAMESPACES.has(service.namespace)) add(at('namespace'), `"${service.namespace}" is reserved for the cluster or the platform's own components`);
  if (serviceRoleName(spec.cluster, service).length > 64) add(at('name'), 'cluster name and service name together exceed the 64 characters of an IAM role name');

  const names = new Set<string>();
  const numbers = new Map<number, number>();
  service.ports.forEach((port, i) => {
    if (names.has(port.name)) add(at('ports', i, 'name'), `port name "${port.name}" is used twice`);
    names.add(port.name);
    if (numbers.has(port.port)) add(at('ports', i, 'port'), `port ${port.port} clashes with ports[${numbers.get(port.port)}]`);
    else numbers.set(port.port, i);
    if (port.name === METRICS_PORT_NAME && port.port !== service.metricsPort) {
      add(at('ports', i, 'name'), `the port name "${METRICS_PORT_NAME}" is reserved for metricsPort (${service.metricsPort})`);
    }
  });
  const metricsOwner = service.ports.find((p) => p.port === service.metricsPort);
  if (metricsOwner && (metricsOwner.protocol ?? 'TCP') !== 'TCP') add(at('metricsPort'), 'metricsPort must be a TCP port');
  if (!service.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && p.port !== service.metricsPort)) {
    add(at('ports'), 'needs at least one TCP port besides metricsPort (health probes and flows use it)');
  }

  if (service.replicas.min > service.replicas.max) add(at('replicas', 'min'), `min (${service.replicas.min}) is greater than max (${service.replicas.max})`);
  if (service.replicas.max < 2) add(at('replicas', 'max'), 'max must be at least 2 so that a disruption budget leaves a pod running');

  const { cpu, memory, cpuLimit, memoryLimit } = service.resources;
  if (cpuLimit && millicores(cpuLimit) < millicores(cpu)) add(at('resources', 'cpuLimit'), `cpuLimit (${cpuLimit}) is below the request (${cpu})`);
  if (memoryLimit && bytes(memoryLimit) < bytes(memory)) add(at('resources', 'memoryLimit'), `memoryLimit (${memoryLimit}) is below the request (${memory})`);
  if (millicores(cpu) === 0) add(at('resources', 'cpu'), 'the CPU request must be above 0');
  if (bytes(memory) < 16 * 2 ** 20) add(at('resources', 'memory'), 'the memory request must be at least 16Mi');

  if (service.slo.latencyP95Ms > service.slo.latencyP99Ms) add(at('slo', 'latencyP95Ms'), `p95 (${service.slo.latencyP95Ms} ms) is above p99 (${service.slo.latencyP99Ms} ms)`);

  if (service.public && !service.hostname) add(at('public'), 'a public service needs a hostname (the load balancer serves it over HTTPS with the ACM certificate for that name)');
  if (!service.public && service.hostname) add(at('hostname'), 'hostname is used only by public services (set public: true)');
  if (service.hostname && !service.hostname.includes('.')) add(at('hostname'), 'must be a fully qualified DNS name such as api.example.com');

  const flows = new Set<string>();
  (service.accepts ?? []).forEach((flow, i) => {
    if (!byName.has(flow.from)) {
      const known = [...byName.keys()].join(', ');
      add(at('accepts', i, 'from'), `no service named "${flow.from}" in this spec (services: ${known})`);
    }
    const servicePort = service.ports.find((p) => p.port === flow.port);
    if (!servicePort) add(at('accepts', i, 'port'), `${service.name} has no port ${flow.port} (ports: ${service.ports.map((p) => p.port).join(', ')})`);
    const key = `${flow.from}:${flow.port}`;
    if (flows.has(key)) add(at('accepts', i), `the flow from ${flow.from} to port ${flow.port} is declared twice`);
    flows.add(key);
  });

  const secretFiles = new Map<string, number>();
  // Compared as the Kubernetes Secret name each becomes, which folds case and punctuation.
  const secretKey = (name: string) => dnsName(service.name, secretFileName(name));
  const cacheFile = service.cache ? secretKey(cacheAuthSecretName(spec.cluster, service)) : undefined;
  (service.aws?.secrets ?? []).forEach((name, i) => {
    const file = secretKey(name);
    if (secretFiles.has(file)) add(at('aws', 'secrets', i), `mounts like secrets[${secretFiles.get(file)}] (as "${secretFileName(name)}"); the last path segments must differ`);
    else if (file === cacheFile) add(at('aws', 'secrets', i), `mounts as "${secretFileName(name)}", the file that holds the cache's auth token`);
    else secretFiles.set(file, i);
  });
  (service.aws?.s3 ?? []).forEach((grant, i) => {
    if (grant.bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(grant.bucket)) add(at('aws', 's3', i, 'bucket'), 'is not a valid S3 bucket name');
  });
  (service.aws?.kms ?? []).forEach((arn, i) => {
    if (!/:key\/[A-Za-z0-9-]+$/.test(arn)) add(at('aws', 'kms', i), 'must be a key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias or other resource');
  });
  (service.aws?.dynamodb ?? []).forEach((table, i) => {
    if (!/:table\/[A-Za-z0-9_.-]{3,255}$/.test(table.arn)) add(at('aws', 'dynamodb', i, 'arn'), 'must be a table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>)');
  });

  (service.kubernetesApi ?? []).forEach((rule, i) => {
    rule.resources.forEach((resource, j) => {
      const why = RISKY_RESOURCES[resource];
      if (why) add(at('kubernetesApi', i, 'resources', j), `${resource}: ${why}`);
      else if (resource === 'secrets' && rule.verbs.some((v) => v === 'list' || v === 'watch')) {
        add(at('kubernetesApi', i, 'verbs'), 'listing or watching secrets reads every Secret of the namespace: name them with resourceNames and use get');
      } else if (resource === 'secrets' && !rule.resourceNames) add(at('kubernetesApi', i, 'resources', j), 'secrets need resourceNames: a service reads only its own');
    });
  });

  if (service.database) {
    const reserved = service.database.engine === 'postgresql' ? ['postgres', 'template0', 'template1', 'rdsadmin'] : ['mysql', 'information_schema', 'performance_schema', 'sys'];
    if (reserved.includes(service.database.name.toLowerCase())) add(at('database', 'name'), `"${service.database.name}" is reserved by ${service.database.engine}`);
    if (service.database.engine === 'mysql' && service.database.name.length > 64) add(at('database', 'name'), 'MySQL database names have at most 64 characters');
    if (service.name.includes('--')) add(at('name'), 'RDS instance identifiers may not contain "--"');
  }
  if (service.cache && service.name.includes('--')) add(at('name'), 'ElastiCache identifiers may not contain "--"');
  return problems;
}

function checkCluster(spec: PlatformSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const { cluster } = spec;
  cluster.availabilityZones.forEach((zone, i) => {
    if (!zone.startsWith(cluster.region)) problems.push({ path: ['cluster', 'availabilityZones', i], message: `${zone} is not in ${cluster.region}` });
  });
  const issuerRegion = /^oidc\.eks\.([a-z0-9-]+)\./.exec(cluster.oidcProvider)?.[1];
  if (issuerRegion && issuerRegion !== cluster.region) {
    problems.push({ path: ['cluster', 'oidcProvider'], message: `the issuer is in ${issuerRegion}, the cluster in ${cluster.region}` });
  }
  const octets = cluster.vpcCidr.split('/')[0].split('.').map(Number);
  const privateRange = octets[0] === 10 || (octets[0] === 172 && octets[1] >= 16 && octets[1] <= 31) || (octets[0] === 192 && octets[1] === 168);
  if (octets.some((o) => o > 255) || !privateRange) problems.push({ path: ['cluster', 'vpcCidr'], message: 'must be a private (RFC 1918) IPv4 range' });
  if (cluster.tracingEndpoint && Number(cluster.tracingEndpoint.split(':').pop()) > 65535) {
    problems.push({ path: ['cluster', 'tracingEndpoint'], message: 'the port must be at most 65535' });
  }
  return problems;
}

function checkAlerting(spec: PlatformSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const names = new Set<string>();
  spec.alerting.receivers.forEach((receiver, i) => {
    if (names.has(receiver.name)) problems.push({ path: ['alerting', 'receivers', i, 'name'], message: `receiver "${receiver.name}" is defined twice` });
    names.add(receiver.name);
    if (!receiver.slack && !receiver.pagerduty) problems.push({ path: ['alerting', 'receivers', i], message: 'a receiver needs slack or pagerduty (or both)' });
  });
  for (const field of ['page', 'ticket'] as const) {
    if (!names.has(spec.alerting[field])) {
      problems.push({ path: ['alerting', field], message: `no receiver named "${spec.alerting[field]}" (receivers: ${[...names].join(', ')})` });
    }
  }
  return problems;
}

/**
 * The checks of one part of the spec. On a spec that fails the schema, a
 * part whose shape is broken may throw: its problems are the schema's, and
 * the other parts are still checked.
 */
function safely(check: () => SpecProblem[]): SpecProblem[] {
  try {
    return check();
  } catch {
    return [];
  }
}

/** Every problem beyond the schema's; empty when the spec can be generated. */
export function checkSpec(spec: PlatformSpec): SpecProblem[] {
  const problems: SpecProblem[] = [...safely(() => checkCluster(spec))];
  const services = Array.isArray(spec.services) ? spec.services : [];
  const byName = new Map<string, ServiceSpec>();
  const domains = new Map<string, string>();
  services.forEach((service, i) => {
    if (service === null || typeof service !== 'object') return;
    const domain = domains.get(service.namespace);
    if (domain !== undefined && domain !== service.domain) {
      problems.push({ path: ['services', i, 'domain'], message: `namespace ${service.namespace} belongs to domain ${domain}; services sharing a namespace share its domain` });
    }
    domains.set(service.namespace, service.domain);
    if (byName.has(service.name)) problems.push({ path: ['services', i, 'name'], message: `service "${service.name}" is defined twice` });
    else byName.set(service.name, service);
  });
  services.forEach((service, i) => problems.push(...safely(() => checkService(spec, service, i, byName))));
  problems.push(...safely(() => checkAlerting(spec)));
  return problems;
}
