// What every service namespace gets once: the Namespace with the restricted
// Pod Security Standard, a token-less default ServiceAccount, default-deny
// NetworkPolicy for both directions and the egress every pod needs (DNS, and
// istiod when the mesh is on).
import { yamlFile, type GeneratedFile } from '../files.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { ACTIVE_PODS_OF_NAMESPACE, metadata } from './common.js';

const PSS_MODES = ['enforce', 'warn', 'audit'] as const;

function namespaceLabels(spec: PlatformSpec, domain: string): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/managed-by': 'guardrail',
    'app.kubernetes.io/part-of': spec.cluster.name,
    'guardrail.dev/domain': domain,
  };
  if (spec.cluster.mtls) labels['istio-injection'] = 'enabled';
  // Pinned to the cluster's minor version, so an upgrade does not tighten the profile unannounced.
  for (const mode of PSS_MODES) {
    labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    labels[`pod-security.kubernetes.io/${mode}-version`] = `v${spec.cluster.kubernetesVersion}`;
  }
  return labels;
}

function namespaceObjects(spec: PlatformSpec, namespace: string, domain: string): unknown[] {
  const labels = { 'app.kubernetes.io/managed-by': 'guardrail', 'app.kubernetes.io/part-of': spec.cluster.name };
  const objects: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: namespaceLabels(spec, domain) } },
    // Every workload runs as its own ServiceAccount; the default one mounts nothing.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata('default', namespace, labels), automountServiceAccountToken: false },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata('default-deny-all', namespace, labels),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata('allow-dns-egress', namespace, labels),
      spec: {
        podSelector: ACTIVE_PODS_OF_NAMESPACE,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
    },
  ];
  if (spec.cluster.mtls) {
    // The sidecar fetches its configuration and workload certificate from istiod.
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata('allow-istiod-egress', namespace, labels),
      spec: {
        podSelector: ACTIVE_PODS_OF_NAMESPACE,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
                podSelector: { matchLabels: { app: 'istiod' } },
              },
            ],
            ports: [{ port: 15012, protocol: 'TCP' }],
          },
        ],
      },
    });
  }
  return objects;
}

/** kubernetes/namespaces/<namespace>.yaml for each namespace the services use. */
export function namespaceFiles(spec: PlatformSpec): GeneratedFile[] {
  const domains = new Map<string, string>();
  for (const service of spec.services as ServiceSpec[]) if (!domains.has(service.namespace)) domains.set(service.namespace, service.domain);
  return [...domains].map(([namespace, domain]) => yamlFile(`kubernetes/namespaces/${namespace}.yaml`, namespaceObjects(spec, namespace, domain)));
}
