import { isTemplate, safeName } from '../../core/credentials.js';
import type { Report, Resource, Rule } from '../../core/types.js';
import { isRecord, list, record, str } from '../../core/values.js';

/** Secret types whose data a controller writes; a manifest of them is generated output, not a committed secret. */
const GENERATED_TYPES = new Set(['helm.sh/release.v1']);
/** Owners whose Secrets are materialised from an external store or a sealed secret. */
const MANAGED_OWNERS = new Set(['ExternalSecret', 'SealedSecret', 'PushSecret', 'VaultStaticSecret', 'VaultDynamicSecret']);

/** True for a core/v1 Secret (not some CRD that happens to be called Secret). */
export function isCoreSecret(resource: Resource): boolean {
  return resource.input === 'k8s' && resource.kind === 'Secret' && resource.apiVersion === 'v1';
}

function managedByController(resource: Resource): boolean {
  return list(record(record(resource.value).metadata).ownerReferences).some((owner) => MANAGED_OWNERS.has(str(record(owner).kind) ?? ''));
}

export const secretsFromExternalStore: Rule = {
  id: 'secrets-from-external-store',
  practice: 'SEC-EXTERNAL-STORE',
  severity: 'medium',
  title: 'Secrets come from an external store, not from Secret manifests in git',
  rationale:
    'A Secret manifest with data is only base64: anyone who can read the repository, its forks, CI logs or an old commit has the value, and it cannot be revoked by deleting the file. An ExternalSecret fetches the value from AWS Secrets Manager or Vault at runtime, and a SealedSecret is encrypted for the cluster, so the repository never holds the secret.',
  remediation:
    'Replace the Secret with an `ExternalSecret` (apiVersion `external-secrets.io/v1`, `spec.secretStoreRef` to a SecretStore backed by AWS Secrets Manager, `spec.target.name` = the Secret name, `spec.data[].remoteRef.key`), or with a `SealedSecret` (`bitnami.com/v1alpha1`, `spec.encryptedData` from `kubeseal`). Rotate any value that was ever committed.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (!isCoreSecret(resource)) return;
    const value = record(resource.value);
    if (GENERATED_TYPES.has(str(value.type) ?? '') || managedByController(resource)) return;
    for (const field of ['data', 'stringData'] as const) {
      const entries = isRecord(value[field]) ? Object.entries(value[field] as Record<string, unknown>) : [];
      const filled = entries.filter(([, v]) => v !== null && v !== undefined && String(v).length > 0);
      if (filled.length === 0) continue;
      const keys = filled.length === 1 ? `key "${safeName(filled[0][0])}"` : `${filled.length} keys`;
      // stringData with only templates (`${DB_PASSWORD}`) is filled in by the pipeline: the value is not in git, but passes through CI.
      if (field === 'stringData' && filled.every(([, v]) => typeof v === 'string' && isTemplate(v))) {
        yield {
          path: [field],
          severity: 'low',
          message: `templated Secret "${resource.name}" (${keys} in stringData filled in at deploy time) passes its value through the pipeline: source it from an ExternalSecret instead`,
        };
        continue;
      }
      yield {
        path: [field],
        message: `plain Secret "${resource.name}" keeps ${keys} in ${field} in the manifest: source it from an ExternalSecret (external-secrets.io) or commit a SealedSecret (bitnami.com) instead`,
      };
    }
  },
};
