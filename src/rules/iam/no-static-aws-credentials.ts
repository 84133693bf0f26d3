import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { isRecord, list, record, str } from '../../core/values.js';
import { describe, sameNamespace } from '../rbac/rbac-model.js';

/** Environment variables the AWS SDKs and CLI read static credentials from. */
const CREDENTIAL_ENV = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY']);

/** Data keys that hold AWS credentials, compared without case and separators (aws_access_key_id, aws-access-key-id, awsAccessKeyId). */
const CREDENTIAL_KEYS = new Set([...CREDENTIAL_ENV].map(normalizeKey));

function normalizeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A shared-credentials (INI) file with a key id line. */
const CREDENTIALS_FILE = /^[ \t]*aws_access_key_id[ \t]*=/im;

/** Only this much of a value is decoded and searched. */
const MAX_VALUE = 1 << 20;

interface DataEntry {
  key: string;
  field: string;
  text: string;
}

/** The entries of a Secret or ConfigMap, as text (Secret `data` is base64-decoded). */
function dataEntries(resource: Resource): DataEntry[] {
  const value = record(resource.value);
  const fields = resource.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const result: DataEntry[] = [];
  for (const field of fields) {
    for (const [key, raw] of Object.entries(record(value[field]))) {
      if (typeof raw !== 'string') continue;
      const bounded = raw.slice(0, MAX_VALUE);
      const encoded = field === 'binaryData' || (resource.kind === 'Secret' && field === 'data');
      result.push({ key, field, text: encoded ? Buffer.from(bounded, 'base64').toString('utf8') : bounded });
    }
  }
  return result;
}

/** Why an entry holds AWS credentials, if it does. Never includes the value. */
function credentialIn(entry: DataEntry): string | undefined {
  if (entry.text.trim() === '') return undefined;
  if (CREDENTIAL_KEYS.has(normalizeKey(entry.key))) return `key ${entry.key}`;
  if (CREDENTIALS_FILE.test(entry.text)) return `an AWS credentials file in key ${entry.key}`;
  return undefined;
}

function isConfigObject(resource: Resource): boolean {
  return resource.input === 'k8s' && (resource.kind === 'Secret' || resource.kind === 'ConfigMap') && resource.apiVersion === 'v1';
}

function findConfigObject(model: Model, kind: 'Secret' | 'ConfigMap', namespace: string | undefined, name: string): Resource | undefined {
  const exact = model.find(kind, namespace, name);
  if (exact && isConfigObject(exact)) return exact;
  return model.ofKind(kind).find((r) => isConfigObject(r) && r.name === name && sameNamespace(r.namespace, namespace));
}

export const noStaticAwsCredentials: Rule = {
  id: 'no-static-aws-credentials',
  practice: 'IAM-ROLES-NOT-KEYS',
  severity: 'critical',
  title: 'No static AWS credentials in workloads, Secrets or ConfigMaps',
  rationale:
    'Access keys never expire on their own: once one leaks through a manifest in git, a ConfigMap anyone can read, a crash dump or `kubectl describe`, it works from anywhere until someone notices and rotates it. IRSA gives the pod short-lived credentials scoped to its own role instead, and leaves nothing to steal at rest.',
  remediation:
    'Delete the AWS_* credential variables and Secrets, deactivate the access key, and annotate the workload\'s ServiceAccount with `eks.amazonaws.com/role-arn` (IRSA, or an EKS Pod Identity association); the SDK picks the role up without code changes.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    if (isConfigObject(resource)) {
      for (const entry of dataEntries(resource)) {
        const what = credentialIn(entry);
        if (what) {
          yield {
            path: [entry.field, entry.key],
            message: `${describe(resource)} holds static AWS credentials (${what}): remove them and use an IAM role (IRSA)`,
          };
        }
      }
      return;
    }
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      const env = list(c.container.env);
      for (let i = 0; i < env.length; i++) {
        const item = env[i];
        if (!isRecord(item)) continue;
        const name = str(item.name);
        if (!name || !CREDENTIAL_ENV.has(name)) continue;
        const literal = item.value;
        if ((typeof literal === 'string' && literal.trim() !== '') || typeof literal === 'number') {
          yield {
            path: [...c.path, 'env', i, 'value'],
            message: `${c.type} "${c.name}" sets ${name} to a literal value: remove it and use an IAM role (IRSA)`,
          };
          continue;
        }
        const from = record(item.valueFrom);
        const ref = isRecord(from.secretKeyRef) ? 'a Secret' : isRecord(from.configMapKeyRef) ? 'a ConfigMap' : undefined;
        if (ref) {
          yield {
            path: [...c.path, 'env', i, 'valueFrom'],
            severity: 'high',
            message: `${c.type} "${c.name}" reads ${name} from ${ref}, so the pod runs on a static access key: use an IAM role (IRSA)`,
          };
        }
      }
      const envFrom = list(c.container.envFrom);
      for (let i = 0; i < envFrom.length; i++) {
        const item = record(envFrom[i]);
        const prefix = str(item.prefix) ?? '';
        const refs = [
          ['Secret', record(item.secretRef)],
          ['ConfigMap', record(item.configMapRef)],
        ] as const;
        for (const [kind, ref] of refs) {
          const refName = str(ref.name);
          if (!refName) continue;
          const source = findConfigObject(model, kind, resource.namespace, refName);
          if (!source) continue;
          const vars = dataEntries(source)
            .filter((e) => e.text.trim() !== '' && CREDENTIAL_ENV.has(prefix + e.key))
            .map((e) => prefix + e.key);
          if (vars.length === 0) continue;
          yield {
            path: [...c.path, 'envFrom', i],
            severity: 'high',
            message: `${c.type} "${c.name}" gets ${vars.join(', ')} from ${describe(source)}, so the pod runs on a static access key: use an IAM role (IRSA)`,
          };
        }
      }
    }
  },
};
