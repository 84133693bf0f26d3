// The Kubernetes manifests for variations of the example spec: what each
// spec field turns into.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateKubernetes } from '../../src/generate/kubernetes/index.js';
import { generatePlatform } from '../../src/generate/platform.js';
import type { PlatformSpec } from '../../src/generate/spec.js';
import { exampleSpec } from './support.js';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: unknown };

function objects(spec: PlatformSpec): Array<K8sObject & { file: string }> {
  return generateKubernetes(spec).flatMap((f) => parseAllDocuments(f.content).map((d) => ({ ...(d.toJS() as K8sObject), file: f.path })));
}

function find(all: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = all.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  expect(found, `${kind} ${namespace ?? ''}/${name}`).toBeDefined();
  return found as K8sObject;
}

/** Reads a nested field by dotted path (tests only; fixed shapes). */
function at(value: unknown, path: string): any {
  return path.split('.').reduce<any>((v, k) => (v === undefined ? undefined : v[/^\d+$/.test(k) ? Number(k) : k]), value);
}

describe('Kubernetes manifests', () => {
  it('namespaces: restricted Pod Security in all three modes, pinned to the cluster version; mesh label with mTLS', () => {
    const all = objects(exampleSpec());
    const ns = find(all, 'Namespace', 'core-routing');
    for (const mode of ['enforce', 'warn', 'audit']) {
      expect(ns.metadata.labels?.[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(ns.metadata.labels?.[`pod-security.kubernetes.io/${mode}-version`]).toBe('v1.35');
    }
    expect(ns.metadata.labels?.['istio-injection']).toBe('enabled');
    expect(at(find(all, 'NetworkPolicy', 'default-deny-all', 'core-routing'), 'spec')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(all, 'ServiceAccount', 'default', 'core-routing').automountServiceAccountToken).toBe(false);
  });

  it('without mTLS: no mesh label, istiod egress, sidecar annotation or PeerAuthentication', () => {
    const spec = exampleSpec();
    delete spec.cluster.mtls;
    const all = objects(spec);
    expect(find(all, 'Namespace', 'core-routing').metadata.labels?.['istio-injection']).toBeUndefined();
    expect(all.some((o) => o.kind === 'PeerAuthentication' || o.metadata.name === 'allow-istiod-egress')).toBe(false);
    expect(at(find(all, 'Deployment', 'core-routing'), 'spec.template.metadata.annotations')).toBeUndefined();
    const policy = find(all, 'ClusterPolicy', 'guardrail-pod-security');
    expect(at(policy, 'spec.rules.1.validate.pattern.spec.containers.0')).toEqual({ image: '*@sha256:?*' });
  });

  it('the Deployment is hardened and runs under its own IRSA ServiceAccount without a token', () => {
    const all = objects(exampleSpec());
    const deployment = find(all, 'Deployment', 'core-session-manager');
    const pod = at(deployment, 'spec.template.spec');
    const container = pod.containers[0];
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(Object.keys(container).filter((k) => k.endsWith('Probe')).sort()).toEqual(['livenessProbe', 'readinessProbe', 'startupProbe']);
    expect(at(deployment, 'spec.replicas')).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(pod.volumes[0]).toEqual({ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } });
    // Secrets are files, never environment values.
    expect(JSON.stringify(container.env)).not.toMatch(/secretKeyRef/);
    expect(pod.volumes[1].projected.sources.map((s: any) => s.secret.name)).toEqual(['core-session-manager-session-signing-key', 'core-session-manager-redis-auth-token']);
    const sa = find(all, 'ServiceAccount', 'core-session-manager');
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/core-platform-core-session-manager');
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it('secrets come through a per-service SecretStore that authenticates as the service, refreshed hourly', () => {
    const all = objects(exampleSpec());
    const store = find(all, 'SecretStore', 'core-session-manager');
    expect(at(store, 'spec.provider.aws.auth')).toEqual({ jwt: { serviceAccountRef: { name: 'core-session-manager' } } });
    const secret = find(all, 'ExternalSecret', 'core-session-manager-session-signing-key');
    expect(at(secret, 'spec.refreshInterval')).toBe('1h');
    expect(at(secret, 'spec.data')).toEqual([{ secretKey: 'session-signing-key', remoteRef: { key: 'core-platform/core-session-manager/session-signing-key' } }]);
    expect(at(find(all, 'ExternalSecret', 'core-session-manager-redis-auth-token'), 'spec.data.0.remoteRef.key')).toBe('core-platform/core-session-manager/redis-auth-token');
  });

  it('the public service gets an HTTPS-only ALB Ingress with the WAF and the ALB security group; the base replaces the ARN', () => {
    const spec = exampleSpec();
    const all = objects(spec);
    const ingress = find(all, 'Ingress', 'core-ingress-parser');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/security-groups': 'core-platform-alb',
    });
    expect(at(ingress, 'spec.tls')).toEqual([{ hosts: ['api.core-platform.example.com'] }]);
    const kustomization = generatePlatform(spec).find((f) => f.path === 'kubernetes/kustomization.yaml')?.content ?? '';
    expect(kustomization).toContain('metadata.annotations.[alb.ingress.kubernetes.io/wafv2-acl-arn]');
    expect(all.filter((o) => o.kind === 'Ingress')).toHaveLength(1);

    spec.services[0].public = false;
    delete spec.services[0].hostname;
    const internal = generatePlatform(spec);
    expect(internal.some((f) => f.path.endsWith('/ingress.yaml'))).toBe(false);
    expect(internal.find((f) => f.path === 'kubernetes/kustomization.yaml')?.content).not.toContain('replacements');
  });

  it('services sharing a namespace: one Namespace, distinct policy names', () => {
    const spec = exampleSpec();
    for (const service of spec.services) Object.assign(service, { namespace: 'core', domain: 'core' });
    const all = objects(spec);
    expect(all.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['core']);
    const names = all.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('Kubernetes API access: a Role and RoleBinding of exactly the declared rules, and the token mounted', () => {
    const spec = exampleSpec();
    spec.services[1].kubernetesApi = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] }];
    const all = objects(spec);
    expect(find(all, 'Role', 'core-routing').rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] }]);
    expect(find(all, 'RoleBinding', 'core-routing').subjects).toEqual([{ kind: 'ServiceAccount', name: 'core-routing', namespace: 'core-routing' }]);
    expect(find(all, 'ServiceAccount', 'core-routing').automountServiceAccountToken).toBe(true);
    expect(all.some((o) => o.kind === 'Role' && o.metadata.name !== 'core-routing')).toBe(false);
  });

  it('a metrics port that is one of the ports is exposed once, and scraped by its name', () => {
    const spec = exampleSpec();
    spec.services[1].ports.push({ name: 'admin', port: 9090 });
    const all = objects(spec);
    expect(at(find(all, 'Service', 'core-routing'), 'spec.ports').map((p: any) => p.name)).toEqual(['http', 'admin']);
    expect(at(find(all, 'ServiceMonitor', 'core-routing'), 'spec.endpoints.0.port')).toBe('admin');
  });

  it('image signatures: keyless identity or public key, for the services’ repositories only; none without imageSigning', () => {
    const spec = exampleSpec();
    let policy = find(objects(spec), 'ClusterPolicy', 'guardrail-verify-images');
    const verify = at(policy, 'spec.rules.0.verifyImages.0');
    expect(verify.failureAction).toBe('Enforce');
    expect(verify.imageReferences).toEqual([
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-ingress-parser@*',
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-routing@*',
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-session-manager@*',
    ]);
    expect(verify.attestors[0].entries[0].keyless.subject).toContain('release.yaml@refs/heads/main');
    spec.cluster.imageSigning = { publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' };
    policy = find(objects(spec), 'ClusterPolicy', 'guardrail-verify-images');
    expect(at(policy, 'spec.rules.0.verifyImages.0.attestors.0.entries.0.keys.publicKeys')).toContain('BEGIN PUBLIC KEY');
    delete spec.cluster.imageSigning;
    expect(objects(spec).some((o) => o.metadata.name === 'guardrail-verify-images')).toBe(false);
  });

  it('the pod-security ClusterPolicy enforces every rule in the service namespaces', () => {
    const policy = find(objects(exampleSpec()), 'ClusterPolicy', 'guardrail-pod-security');
    const rules = at(policy, 'spec.rules') as any[];
    expect(rules.map((r) => r.name)).toEqual(['restricted-pod-security', 'images-by-digest', 'requests-and-limits', 'own-service-account']);
    for (const rule of rules) {
      expect(rule.validate.failureAction).toBe('Enforce');
      expect(rule.match.any[0].resources.namespaces).toEqual(['core-ingress-parser', 'core-routing', 'core-session-manager']);
    }
  });

  it('IRSA role ARNs carry the partition of the cluster region (China, GovCloud), as the Terraform roles do', () => {
    const spec = exampleSpec();
    const annotations = (region: string) => {
      const all = generatePlatform({ ...spec, cluster: { ...spec.cluster, region } }).filter((f) => f.path.startsWith('kubernetes/'));
      return all.flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as K8sObject)).filter((o) => o?.kind === 'ServiceAccount').flatMap((o) => Object.values(o.metadata.annotations ?? {}).filter((v) => v.includes(':role/')));
    };
    for (const [region, partition] of [['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov'], ['eu-west-1', 'aws']]) {
      const arns = annotations(region);
      // Every service and Fluent Bit.
      expect(arns.length, region).toBe(spec.services.length + 1);
      for (const arn of arns) expect(arn, region).toMatch(new RegExp(`^arn:${partition}:iam::${spec.cluster.accountId}:role/`));
    }
  });
});
