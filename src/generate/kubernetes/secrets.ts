// Secrets reach the pods from AWS Secrets Manager through External Secrets
// Operator: a SecretStore per service that authenticates as the service's
// own ServiceAccount (so its IRSA role, and no shared operator credential,
// decides what it may read), one ExternalSecret per secret, re-read hourly so
// rotations arrive, and a projected volume that mounts each as a file.
import { cacheAuthSecretName, serviceAccountName } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { dnsName, secretFileName, serviceMetadata } from './common.js';

/** How often a rotated value reaches the cluster. */
export const REFRESH_INTERVAL = '1h';

interface MountedSecret {
  /** Secrets Manager name. */
  remote: string;
  /** Kubernetes Secret (and ExternalSecret) name. */
  name: string;
  /** File name under the mount path. */
  file: string;
}

export function mountedSecrets(spec: PlatformSpec, service: ServiceSpec): MountedSecret[] {
  const remotes = [...(service.aws?.secrets ?? []), ...(service.cache ? [cacheAuthSecretName(spec.cluster, service)] : [])];
  return remotes.map((remote) => {
    const file = secretFileName(remote);
    return { remote, file, name: dnsName(service.name, file) };
  });
}

export function secretVolumeSources(spec: PlatformSpec, service: ServiceSpec): unknown[] {
  return mountedSecrets(spec, service).map((s) => ({ secret: { name: s.name, items: [{ key: s.file, path: s.file }] } }));
}

/** The SecretStore and ExternalSecrets of a service; empty when it reads no secret. */
export function secretObjects(spec: PlatformSpec, service: ServiceSpec): unknown[] {
  const secrets = mountedSecrets(spec, service);
  if (secrets.length === 0) return [];
  const store = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: serviceMetadata(spec, service),
    spec: {
      provider: {
        aws: {
          service: 'SecretsManager',
          region: spec.cluster.region,
          auth: { jwt: { serviceAccountRef: { name: serviceAccountName(service) } } },
        },
      },
    },
  };
  const externalSecrets = secrets.map((s) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: serviceMetadata(spec, service, s.name),
    spec: {
      refreshInterval: REFRESH_INTERVAL,
      secretStoreRef: { kind: 'SecretStore', name: service.name },
      target: { name: s.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: s.file, remoteRef: { key: s.remote } }],
    },
  }));
  return [store, ...externalSecrets];
}
