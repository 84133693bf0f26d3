import { parse, YAMLError } from 'yaml';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { isRecord, list, record, str } from '../../core/values.js';

const MASTERS = 'system:masters';

/** An IAM ARN that stands for more than one principal: a wildcard, or an account root. */
function broadArn(arn: string): string | undefined {
  if (arn.includes('*')) return 'a wildcard ARN';
  if (/^arn:aws[a-z-]{0,20}:iam::[0-9]{12}:root$/.test(arn) || /^[0-9]{12}$/.test(arn)) return 'the account root';
  return undefined;
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/** aws-auth keeps YAML documents in strings; parse one without trusting it. */
function parseEmbedded(text: unknown): Parsed {
  if (typeof text !== 'string') return { ok: true, value: text };
  try {
    return { ok: true, value: parse(text, { maxAliasCount: 10, logLevel: 'error' }) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof YAMLError ? error.code : error instanceof ReferenceError ? 'too many aliases' : 'unreadable' };
  }
}

function isAwsAuth(resource: Resource): boolean {
  return (
    resource.input === 'k8s' &&
    resource.kind === 'ConfigMap' &&
    resource.name === 'aws-auth' &&
    (resource.namespace === undefined || resource.namespace === 'kube-system')
  );
}

export const awsAuthNoSystemMasters: Rule = {
  id: 'aws-auth-no-system-masters',
  practice: 'IAM-CLUSTER-ACCESS',
  severity: 'critical',
  title: 'aws-auth maps no IAM identity to system:masters',
  rationale:
    'system:masters bypasses RBAC entirely: no binding can be removed to take the access back, and the identity is cluster-admin for as long as the mapping exists. Mapping a wildcard or an account root, or whole accounts through mapAccounts, lets anyone who can assume a matching role into the cluster.',
  remediation:
    'Map each IAM role to its own group (`groups: [platform-admins]`) and bind that group with a ClusterRoleBinding (cluster-admin only for the break-glass role); list exact role ARNs and remove `mapAccounts`. Prefer EKS access entries with access policies over aws-auth.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (!isAwsAuth(resource)) return;
    const data = record(record(resource.value).data);

    for (const [field, arnField] of [
      ['mapRoles', 'rolearn'],
      ['mapUsers', 'userarn'],
    ] as const) {
      if (!(field in data)) continue;
      const path: KeyPath = ['data', field];
      const parsed = parseEmbedded(data[field]);
      if (!parsed.ok) {
        yield { path, severity: 'medium', message: `aws-auth ${field} is not valid YAML (${parsed.reason}): the authenticator cannot apply these mappings` };
        continue;
      }
      if (parsed.value === null || parsed.value === undefined) continue;
      if (!Array.isArray(parsed.value)) {
        yield { path, severity: 'medium', message: `aws-auth ${field} is not a list of mappings: the authenticator cannot apply them` };
        continue;
      }
      for (let i = 0; i < parsed.value.length; i++) {
        const entry = parsed.value[i];
        if (!isRecord(entry)) continue;
        const arn = str(entry[arnField]) ?? `entry #${i}`;
        const masters = list(entry.groups).includes(MASTERS);
        const broad = broadArn(arn);
        if (masters) {
          yield {
            path,
            message: `aws-auth ${field} maps ${arn}${broad ? ` (${broad})` : ''} to ${MASTERS}: map it to a group bound to a least-privilege ClusterRole`,
          };
        } else if (broad) {
          yield {
            path,
            severity: 'high',
            message: `aws-auth ${field} maps ${arn} (${broad}): map exact role ARNs`,
          };
        }
      }
    }

    if ('mapAccounts' in data) {
      const path: KeyPath = ['data', 'mapAccounts'];
      const parsed = parseEmbedded(data.mapAccounts);
      if (!parsed.ok) {
        yield { path, severity: 'medium', message: `aws-auth mapAccounts is not valid YAML (${parsed.reason}): the authenticator cannot apply it` };
      } else if (parsed.value !== null && parsed.value !== undefined && !Array.isArray(parsed.value)) {
        yield { path, severity: 'medium', message: 'aws-auth mapAccounts is not a list of account IDs: the authenticator cannot apply it' };
      } else if (Array.isArray(parsed.value) && parsed.value.length > 0) {
        yield {
          path,
          severity: 'high',
          message: 'aws-auth mapAccounts lets every IAM identity of the listed accounts into the cluster: map exact role ARNs instead',
        };
      }
    }
  },
};
