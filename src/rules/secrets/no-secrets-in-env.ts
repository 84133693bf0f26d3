import { describeCredentialType, detectCredentialValue, isSecretAssignment, safeName } from '../../core/credentials.js';
import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { get, isRecord, list, str } from '../../core/values.js';

function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export const noSecretsInEnv: Rule = {
  id: 'no-secrets-in-env',
  practice: 'SEC-NOT-IN-ENV',
  severity: 'high',
  title: 'Secrets are not literal environment values, and preferably not environment variables at all',
  rationale:
    'A literal env value is committed with the manifest and shown by `kubectl describe pod` to anyone who can read pods. Even an env var filled from a Secret leaks: frameworks dump the environment in error pages and crash reports, child processes inherit it, and it cannot be rotated without restarting the pod, whereas a mounted Secret file is updated in place.',
  remediation:
    'Remove literal `env[].value` secrets. Mount the Secret as a volume (`volumes[].secret.secretName`, `volumeMounts[].mountPath: /etc/secrets/<name>`, `readOnly: true`) and have the application read the file (many accept `<NAME>_FILE`); where an env var is unavoidable, use `valueFrom.secretKeyRef` for that single key rather than `envFrom`.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const [i, item] of list(c.container.env).entries()) {
        if (!isRecord(item)) continue;
        const rawName = str(item.name) ?? '';
        const name = rawName === '' ? `#${i}` : safeName(rawName);
        const path = [...c.path, 'env', i];
        const value = literal(item.value);
        if (value !== undefined) {
          const detection = detectCredentialValue(value, { key: rawName });
          if (detection) {
            yield { path, message: `${c.type} "${c.name}" env ${name} holds a literal ${describeCredentialType(detection.type)}: mount it from a Secret as a file instead` };
          } else if (isSecretAssignment(rawName, value)) {
            yield { path, message: `${c.type} "${c.name}" env ${name} looks like a secret and has a literal value: mount it from a Secret as a file instead` };
          }
          continue;
        }
        const ref = get(item, ['valueFrom', 'secretKeyRef']);
        if (isRecord(ref)) {
          yield {
            path,
            severity: 'low',
            message: `${c.type} "${c.name}" env ${name} takes Secret "${str(ref.name) ?? ''}" as an environment variable: prefer mounting the secret as a file (env vars leak into logs, crash dumps and child processes)`,
          };
        }
      }
      for (const [i, item] of list(c.container.envFrom).entries()) {
        if (!isRecord(item) || !isRecord(item.secretRef)) continue;
        yield {
          path: [...c.path, 'envFrom', i],
          severity: 'low',
          message: `${c.type} "${c.name}" loads every key of Secret "${str(item.secretRef.name) ?? ''}" into its environment: prefer mounting the secret as a file (env vars leak into logs, crash dumps and child processes)`,
        };
      }
    }
  },
};
