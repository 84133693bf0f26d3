// Cluster-wide admission and mesh policy: Kyverno enforces the pod rules the
// generated Deployments follow (so a hand-edited manifest cannot undo them)
// and verifies the services' image signatures; Istio requires mTLS.
import { parseImageReference } from '../../core/images.js';
import { yamlFile, type GeneratedFile } from '../files.js';
import type { PlatformSpec } from '../spec.js';

const LABELS = { 'app.kubernetes.io/managed-by': 'guardrail' };
const REKOR_URL = 'https://rekor.sigstore.dev';

function namespacesOf(spec: PlatformSpec): string[] {
  return [...new Set(spec.services.map((s) => s.namespace))].sort();
}

function podsIn(namespaces: string[]): unknown {
  return { any: [{ resources: { kinds: ['Pod'], namespaces } }] };
}

/** Name of the sidecar Istio injects (after the manifests are written, by its own image reference). */
const ISTIO_SIDECAR = 'istio-proxy';

function podSecurityPolicy(spec: PlatformSpec): unknown {
  const match = podsIn(namespacesOf(spec));
  // With the mesh, the injected sidecar comes from Istio's configured image: pin
  // it in the Istio installation; here the services' own containers are checked.
  const digest = spec.cluster.mtls ? { '(name)': `!${ISTIO_SIDECAR}`, image: '*@sha256:?*' } : { image: '*@sha256:?*' };
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: 'guardrail-pod-security',
      labels: LABELS,
      annotations: {
        'policies.kyverno.io/title': 'Pod rules of the generated platform',
        'policies.kyverno.io/description':
          'Pods in the service namespaces meet the restricted Pod Security Standard, pull images by digest, set requests and a memory limit, and run as their own ServiceAccount.',
      },
    },
    spec: {
      background: true,
      rules: [
        { name: 'restricted-pod-security', match, validate: { failureAction: 'Enforce', podSecurity: { level: 'restricted', version: 'latest' } } },
        {
          name: 'images-by-digest',
          match,
          validate: {
            failureAction: 'Enforce',
            message: 'Images must be pinned by sha256 digest.',
            pattern: {
              spec: {
                containers: [digest],
                '=(initContainers)': [digest],
                '=(ephemeralContainers)': [digest],
              },
            },
          },
        },
        {
          name: 'requests-and-limits',
          match,
          validate: {
            failureAction: 'Enforce',
            message: 'Containers must set CPU and memory requests and a memory limit.',
            pattern: { spec: { containers: [{ resources: { requests: { cpu: '?*', memory: '?*' }, limits: { memory: '?*' } } }] } },
          },
        },
        {
          name: 'own-service-account',
          match,
          validate: {
            failureAction: 'Enforce',
            message: 'Pods run as their own ServiceAccount, never the namespace default.',
            pattern: { spec: { serviceAccountName: '!default' } },
          },
        },
      ],
    },
  };
}

function attestor(spec: PlatformSpec): unknown {
  const signing = spec.cluster.imageSigning;
  if (signing?.keyless) return { keyless: { issuer: signing.keyless.issuer, subject: signing.keyless.subject, rekor: { url: REKOR_URL } } };
  return { keys: { publicKeys: signing?.publicKey ?? '', rekor: { url: REKOR_URL } } };
}

function verifyImagesPolicy(spec: PlatformSpec): unknown {
  const repositories = [
    ...new Set(
      spec.services.map((s) => {
        const ref = parseImageReference(s.image);
        return ref ? `${ref.domain ? `${ref.domain}/` : ''}${ref.path}` : s.image.split('@')[0];
      }),
    ),
  ].sort();
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: 'guardrail-verify-images',
      labels: LABELS,
      annotations: { 'policies.kyverno.io/title': 'The services run only signed images' },
    },
    spec: {
      // Signatures are checked at admission; a background scan would query the registry for every pod.
      background: false,
      webhookTimeoutSeconds: 30,
      rules: [
        {
          name: 'verify-signatures',
          match: podsIn(namespacesOf(spec)),
          verifyImages: [
            {
              imageReferences: repositories.map((r) => `${r}@*`),
              failureAction: 'Enforce',
              required: true,
              verifyDigest: true,
              mutateDigest: false,
              attestors: [{ count: 1, entries: [attestor(spec)] }],
            },
          ],
        },
      ],
    },
  };
}

function meshMtls(): unknown {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'istio-system', labels: LABELS },
    spec: { mtls: { mode: 'STRICT' } },
  };
}

export function clusterFiles(spec: PlatformSpec): GeneratedFile[] {
  const files = [yamlFile('kubernetes/cluster/kyverno-pod-security.yaml', [podSecurityPolicy(spec)])];
  if (spec.cluster.imageSigning) files.push(yamlFile('kubernetes/cluster/kyverno-verify-images.yaml', [verifyImagesPolicy(spec)]));
  if (spec.cluster.mtls) files.push(yamlFile('kubernetes/cluster/istio-peer-authentication.yaml', [meshMtls()]));
  return files;
}
