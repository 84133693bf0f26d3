// The flows one service is allowed, on top of its namespace's default deny.
// Each declared flow appears at both ends: egress at the client, ingress at
// the server, both naming the peer's namespace and pods. AWS APIs (through
// interface VPC endpoints), RDS and Redis are reached inside the VPC CIDR
// only; nothing may leave for the internet.
import {
  AWS_API_PORT,
  databasePort,
  OBSERVABILITY_NAMESPACE,
  OTEL_COLLECTOR_POD_LABELS,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
  PROMETHEUS_POD_LABELS,
  REDIS_PORT,
  selectorLabels,
} from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { activePods, dnsName, mainPort, podsOf, serviceMetadata } from './common.js';

type PolicyType = 'Ingress' | 'Egress';

function policy(spec: PlatformSpec, service: ServiceSpec, suffix: string, type: PolicyType, rules: unknown[]): unknown {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: serviceMetadata(spec, service, dnsName(service.name, suffix)),
    spec: {
      podSelector: activePods(selectorLabels(service)),
      policyTypes: [type],
      [type === 'Ingress' ? 'ingress' : 'egress']: rules,
    },
  };
}

const tcp = (port: number) => ({ port, protocol: 'TCP' });

function observabilityPods(labels: Readonly<Record<string, string>>): unknown {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': OBSERVABILITY_NAMESPACE } },
    podSelector: { matchLabels: { ...labels } },
  };
}

/** Ports of `server` that `client` may call, from the server's `accepts`. */
function flowPorts(client: ServiceSpec, server: ServiceSpec): Array<{ port: number; protocol: string }> {
  return (server.accepts ?? [])
    .filter((f) => f.from === client.name)
    .map((f) => ({ port: f.port, protocol: server.ports.find((p) => p.port === f.port)?.protocol ?? 'TCP' }))
    .sort((a, b) => a.port - b.port);
}

export function networkPolicies(spec: PlatformSpec, service: ServiceSpec): unknown[] {
  const byName = new Map(spec.services.map((s) => [s.name, s]));
  const policies: unknown[] = [policy(spec, service, 'prometheus-scrape', 'Ingress', [{ from: [observabilityPods(PROMETHEUS_POD_LABELS)], ports: [tcp(service.metricsPort)] }])];

  const clients = [...new Set((service.accepts ?? []).map((f) => f.from))].sort();
  for (const name of clients) {
    const client = byName.get(name);
    if (client) policies.push(policy(spec, service, `from-${client.name}`, 'Ingress', [{ from: [podsOf(client)], ports: flowPorts(client, service) }]));
  }
  if (service.public) {
    // The ALB (target type ip) reaches the pods from its interfaces in the VPC's public subnets.
    policies.push(policy(spec, service, 'from-load-balancer', 'Ingress', [{ from: [{ ipBlock: { cidr: spec.cluster.vpcCidr } }], ports: [tcp(mainPort(service).port)] }]));
  }

  const servers = spec.services.filter((s) => (s.accepts ?? []).some((f) => f.from === service.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const server of servers) policies.push(policy(spec, service, `to-${server.name}`, 'Egress', [{ to: [podsOf(server)], ports: flowPorts(service, server) }]));

  policies.push(policy(spec, service, 'otlp-egress', 'Egress', [{ to: [observabilityPods(OTEL_COLLECTOR_POD_LABELS)], ports: [tcp(OTLP_GRPC_PORT), tcp(OTLP_HTTP_PORT)] }]));

  // STS (IRSA) is always needed; the other AWS APIs, RDS and Redis as the spec declares.
  const vpcPorts = [AWS_API_PORT];
  if (service.database) vpcPorts.push(databasePort(service.database.engine));
  if (service.cache) vpcPorts.push(REDIS_PORT);
  policies.push(policy(spec, service, 'vpc-egress', 'Egress', [{ to: [{ ipBlock: { cidr: spec.cluster.vpcCidr } }], ports: vpcPorts.map(tcp) }]));
  return policies;
}
