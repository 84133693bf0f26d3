import type { KeyPath, Report, Rule } from '../../core/types.js';
import { record, str } from '../../core/values.js';

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const DURATION_PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go duration (`1h30m`, `15m`, `0`, `2.5h`, `300ms`) into seconds, as
 * time.ParseDuration does; undefined when it is not one. A bare number other
 * than 0 is not a Go duration.
 */
export function parseGoDuration(input: unknown): number | undefined {
  if (typeof input === 'number') return input === 0 ? 0 : undefined;
  if (typeof input !== 'string') return undefined;
  let text = input.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  let sign = 1;
  if (text[0] === '-' || text[0] === '+') {
    sign = text[0] === '-' ? -1 : 1;
    text = text.slice(1);
  }
  if (text === '0') return 0;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    DURATION_PART.lastIndex = at;
    const match = DURATION_PART.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_SECONDS[match[2]];
    at = DURATION_PART.lastIndex;
  }
  return at === 0 ? undefined : sign * total;
}

const DAY = 24 * 3600;

export const externalSecretRefresh: Rule = {
  id: 'external-secret-refresh',
  practice: 'SEC-ROTATION',
  severity: 'medium',
  title: 'ExternalSecrets refresh often enough to pick up rotated secrets',
  rationale:
    'Rotation in AWS Secrets Manager only helps if the cluster picks up the new value: an ExternalSecret that never refreshes keeps serving the old credential until someone edits it, so the old one cannot be revoked, and after a leak the rotated value never reaches the pods. A refresh longer than a day leaves a rotated-out credential in use for that long.',
  remediation:
    'Set `spec.refreshInterval` to a Go duration of at most `24h` (e.g. `1h`; `15m` for credentials rotated often), keep `spec.refreshPolicy` unset or `Periodic`, and have the application re-read the mounted file (or restart on change, e.g. with Reloader).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (!(resource.apiVersion ?? '').startsWith('external-secrets.io/')) return;
    let specPath: KeyPath;
    if (resource.kind === 'ExternalSecret') specPath = ['spec'];
    else if (resource.kind === 'ClusterExternalSecret') specPath = ['spec', 'externalSecretSpec'];
    else return;
    const spec = specPath.reduce<Record<string, unknown>>((node, key) => record(node[key as string]), record(resource.value));
    const what = `${resource.kind} "${resource.name}"`;
    const policy = str(spec.refreshPolicy);
    if (policy === 'CreatedOnce' || policy === 'OnChange') {
      yield {
        path: [...specPath, 'refreshPolicy'],
        message: `refreshPolicy ${policy} means ${what} never picks up a rotated secret: use Periodic with a refreshInterval of at most 24h`,
      };
      return;
    }
    if (!('refreshInterval' in spec) || spec.refreshInterval === null) {
      yield {
        path: specPath,
        severity: 'low',
        message: `no refreshInterval on ${what}, which relies on the operator default (1h): set spec.refreshInterval explicitly`,
      };
      return;
    }
    const path = [...specPath, 'refreshInterval'];
    const seconds = parseGoDuration(spec.refreshInterval);
    if (seconds === undefined || seconds < 0) {
      yield { path, message: `refreshInterval of ${what} is not a valid positive Go duration: use e.g. 1h` };
    } else if (seconds === 0) {
      yield { path, message: `refreshInterval 0 means ${what} never refreshes, so a rotated secret never reaches the cluster: set e.g. 1h` };
    } else if (seconds > DAY) {
      yield { path, severity: 'low', message: `refreshInterval ${String(spec.refreshInterval).trim()} of ${what} is longer than 24h: set at most 24h so rotations propagate within a day` };
    }
  },
};
