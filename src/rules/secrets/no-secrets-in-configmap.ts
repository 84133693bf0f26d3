import {
  decodeBase64,
  describeCredentialType,
  detectCredentialValue,
  findSecretsInText,
  isPlaceholder,
  isPrintableText,
  isSecretAssignment,
  isSecretLikeKey,
  safeName,
} from '../../core/credentials.js';
import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str } from '../../core/values.js';

/** A ConfigMap value is a file (scanned line by line) when it spans lines or its key has a file extension. */
function isFileLike(key: string, value: string): boolean {
  return value.includes('\n') || /\.(?:properties|ya?ml|json|ini|conf|cfg|cnf|env|toml|xml|sh|txt|config|php|py|js|rb|tf|hcl)$/i.test(key);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** What is wrong with one ConfigMap value, without ever quoting it. */
function problemsIn(key: string, value: string): string | undefined {
  if (isFileLike(key, value)) {
    const hits = findSecretsInText(value);
    const parts = hits.slice(0, 3).map((h) => {
      const what = h.detection ? describeCredentialType(h.detection.type) : 'a literal secret';
      return h.key ? `${safeName(h.key)} (line ${h.line + 1}: ${what})` : `${what} on line ${h.line + 1}`;
    });
    if (hits.length > 3) parts.push(`${hits.length - 3} more`);
    if (parts.length > 0) return `holds secrets in its file content: ${parts.join(', ')}`;
    // A file whose very name says credentials (`credentials`, `.htpasswd`, `.pgpass`).
    if (isSecretLikeKey(key.replace(/^\./, '')) && !isPlaceholder(value)) return 'is a credentials file';
    return undefined;
  }
  const detection = detectCredentialValue(value, { key });
  if (detection) return `holds a ${describeCredentialType(detection.type)}`;
  if (isSecretAssignment(key, value)) return 'looks like a secret and holds a literal value';
  return undefined;
}

function* configMapData(resource: Resource): Iterable<Report> {
  const value = record(resource.value);
  for (const [key, raw] of Object.entries(record(value.data))) {
    const text = scalar(raw);
    if (text === undefined) continue;
    const problem = problemsIn(key, text);
    if (problem) yield { path: ['data', key], message: `key "${safeName(key)}" of ConfigMap "${resource.name}" ${problem}: move it to a Secret sourced from an external store` };
  }
  for (const [key, raw] of Object.entries(record(value.binaryData))) {
    const text = str(raw);
    if (text === undefined || text.length === 0) continue;
    const bytes = decodeBase64(text);
    let problem: string | undefined;
    if (bytes && isPrintableText(bytes)) {
      const decoded = bytes.toString('utf8');
      const detection = detectCredentialValue(decoded, { key, generic: false });
      if (detection) problem = `holds a ${describeCredentialType(detection.type)}`;
    }
    if (!problem && isSecretLikeKey(key)) problem = 'looks like a secret (a keystore or credentials file)';
    if (problem) yield { path: ['binaryData', key], message: `binary key "${safeName(key)}" of ConfigMap "${resource.name}" ${problem}: move it to a Secret sourced from an external store` };
  }
}

/** Env vars named like secrets that read a ConfigMap the scan does not contain (when it does, its data is checked instead). */
function* envFromConfigMaps(resource: Resource, model: Model): Iterable<Report> {
  const pod = podSpecOf(resource);
  if (!pod) return;
  for (const c of containersOf(pod)) {
    for (const [i, item] of list(c.container.env).entries()) {
      if (!isRecord(item)) continue;
      const name = str(item.name) ?? '';
      const ref = get(item, ['valueFrom', 'configMapKeyRef']);
      if (!isRecord(ref)) continue;
      const mapName = str(ref.name) ?? '';
      const mapKey = str(ref.key) ?? '';
      if (!isSecretLikeKey(name) && !isSecretLikeKey(mapKey)) continue;
      if (model.find('ConfigMap', resource.namespace, mapName)) continue;
      yield {
        path: [...c.path, 'env', i],
        severity: 'medium',
        message: `${c.type} "${c.name}" reads secret-looking env ${safeName(name)} from ConfigMap "${mapName}": read it from a Secret instead`,
      };
    }
  }
}

export const noSecretsInConfigmap: Rule = {
  id: 'no-secrets-in-configmap',
  practice: 'SEC-NOT-IN-CONFIGMAP',
  severity: 'high',
  title: 'ConfigMaps never hold secrets',
  rationale:
    'ConfigMaps are meant to be read widely: RBAC roles, dashboards, `kubectl describe`, support bundles and GitOps diffs all show their content in clear, and they are not encrypted at rest with the Secrets KMS key. A password in `application.properties` inside a ConfigMap is readable by anyone who can list ConfigMaps in the namespace.',
  remediation:
    'Move the value to a Secret (created by an `ExternalSecret` from AWS Secrets Manager), mount it as a file, and reference it from the config file (e.g. `spring.config.import=configtree:/etc/secrets/`, or `password_file: /etc/secrets/db/password`). Keep only non-secret settings in the ConfigMap.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    if (resource.kind === 'ConfigMap' && (resource.apiVersion ?? 'v1') === 'v1') yield* configMapData(resource);
    yield* envFromConfigMaps(resource, model);
  },
};
