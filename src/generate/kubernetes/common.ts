// Helpers the Kubernetes generators share: object metadata, the ports a
// service exposes, and the label that takes a pod out of every allow policy.
import { METRICS_PORT_NAME, serviceLabels } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';

/**
 * Set on pods (kubectl label) to quarantine them: every generated allow
 * policy skips pods that carry it, and the quarantine policy isolates them.
 */
export const QUARANTINE_LABEL = 'guardrail.dev/quarantine';

/** Pods of the service that are not quarantined: the subject of every allow rule. */
export function activePods(labels: Record<string, string>): Record<string, unknown> {
  return { matchLabels: labels, matchExpressions: [{ key: QUARANTINE_LABEL, operator: 'DoesNotExist' }] };
}

/** Every pod of a namespace that is not quarantined. */
export const ACTIVE_PODS_OF_NAMESPACE = { matchExpressions: [{ key: QUARANTINE_LABEL, operator: 'DoesNotExist' }] };

export function metadata(name: string, namespace: string | undefined, labels: Record<string, string>, annotations?: Record<string, string>) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels,
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

export function serviceMetadata(spec: PlatformSpec, service: ServiceSpec, name = service.name, annotations?: Record<string, string>) {
  return metadata(name, service.namespace, serviceLabels(spec, service), annotations);
}

/** Peer that matches the service's (active) pods in its namespace. */
export function podsOf(service: ServiceSpec): Record<string, unknown> {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': service.namespace } },
    podSelector: activePods({ 'app.kubernetes.io/name': service.name }),
  };
}

export interface ContainerPort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

/** The service's ports plus the metrics port (named `metrics` unless it is one of them). */
export function containerPorts(service: ServiceSpec): ContainerPort[] {
  const ports: ContainerPort[] = service.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' }));
  if (!ports.some((p) => p.port === service.metricsPort)) ports.push({ name: METRICS_PORT_NAME, port: service.metricsPort, protocol: 'TCP' });
  return ports;
}

export function metricsPortName(service: ServiceSpec): string {
  return service.ports.find((p) => p.port === service.metricsPort)?.name ?? METRICS_PORT_NAME;
}

/** The port health probes and the load balancer use: the first TCP port that is not the metrics port. */
export function mainPort(service: ServiceSpec): ContainerPort {
  const port = service.ports.find((p) => (p.protocol ?? 'TCP') === 'TCP' && p.port !== service.metricsPort);
  if (!port) throw new Error(`service ${service.name} has no TCP port besides its metrics port`);
  return { name: port.name, port: port.port, protocol: 'TCP' };
}

/** Mount path of the service's secrets: one file per secret. */
export function secretsMountPath(service: ServiceSpec): string {
  return `/var/run/secrets/${service.name}`;
}

/** File (and Secret key) a Secrets Manager secret is mounted as: its last path segment, in Secret-key characters. */
export function secretFileName(secretName: string): string {
  return secretName
    .slice(secretName.lastIndexOf('/') + 1)
    .toLowerCase()
    .replace(/[^-._a-z0-9]/g, '-');
}

/** A DNS-1123 name from parts, shortened with a stable suffix when too long. */
export function dnsName(...parts: string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (name.length <= 63) return name;
  let hash = 0;
  for (const c of name) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) >>> 0;
  return `${name.slice(0, 54).replace(/-$/, '')}-${hash.toString(16).padStart(8, '0')}`;
}

/** Limits: the spec's, else twice the request. */
export function limits(service: ServiceSpec): { cpu: string; memory: string } {
  const { cpu, memory, cpuLimit, memoryLimit } = service.resources;
  const doubleCpu = cpu.endsWith('m') ? `${Number(cpu.slice(0, -1)) * 2}m` : String(Number(cpu) * 2);
  const doubleMemory = `${Number(memory.slice(0, -2)) * 2}${memory.slice(-2)}`;
  return { cpu: cpuLimit ?? doubleCpu, memory: memoryLimit ?? doubleMemory };
}
