import {
  decodeBase64,
  describeCredentialType,
  detectCredentialValue,
  findSecretsInText,
  isPrintableText,
  isSecretAssignment,
  looksLikeSecretKeyName,
  parseAssignment,
  safeName,
  type CredentialDetection,
} from '../../core/credentials.js';
import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Resource, Rule, Severity } from '../../core/types.js';
import { isRecord, pathString, record } from '../../core/values.js';
import { isCoreSecret } from './secrets-from-external-store.js';

const MAX_DEPTH = 64;
const MAX_NODES = 50_000;
const MAX_CHARS = 4 * 1024 * 1024;
const MAX_REPORTS = 100;

const ADVICE = 'store it in AWS Secrets Manager, deliver it with an ExternalSecret, and rotate it';

function severityOf(detection: CredentialDetection): Severity {
  return detection.confidence === 'high' ? 'critical' : 'high';
}

const NO_PREFIXES: readonly KeyPath[] = [];

/**
 * Walks every string of a resource within fixed budgets and reports
 * credentials. The path is one mutable stack, copied only into a report:
 * admission reviews run this on every object, so the walk allocates little.
 */
class Walker {
  private nodes = 0;
  private chars = 0;
  private readonly path: Array<string | number> = [];
  readonly reports: Report[] = [];

  constructor(
    private readonly resource: Resource,
    /** Paths (as strings) of subtrees to skip entirely; all within two levels of the root. */
    private readonly skip: ReadonlySet<string>,
    /** Subtrees where key-based detection is off (another rule owns that judgement there). */
    private readonly noKeyBased: readonly KeyPath[],
  ) {}

  run(): void {
    this.walk(this.resource.value, undefined, 0, this.noKeyBased, false);
  }

  private walk(node: unknown, key: string | undefined, depth: number, prefixes: readonly KeyPath[], keyBasedOff: boolean): void {
    if (this.nodes++ > MAX_NODES || depth > MAX_DEPTH || this.reports.length >= MAX_REPORTS) return;
    if (this.path.length > 0 && this.path.length <= 2 && this.skip.has(pathString(this.path))) return;
    if (typeof node === 'string') {
      this.visit(node, key, !keyBasedOff);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) this.descend(node[i], i, key, depth, prefixes, keyBasedOff);
    } else if (isRecord(node)) {
      // `{name: DB_PASSWORD, value: ...}`: the name is the key the value belongs to (env vars, Helm parameters).
      const pairName = typeof node.name === 'string' && typeof node.value === 'string' ? node.name : undefined;
      for (const k of Object.keys(node)) this.descend(node[k], k, k === 'value' && pairName !== undefined ? pairName : k, depth, prefixes, keyBasedOff);
    }
  }

  /** Into one child: key-based detection goes off below annotations, labels and the `noKeyBased` subtrees. */
  private descend(child: unknown, segment: string | number, key: string | undefined, depth: number, prefixes: readonly KeyPath[], keyBasedOff: boolean): void {
    let off = keyBasedOff || segment === 'annotations' || segment === 'labels';
    let next = prefixes;
    if (!off && prefixes.length > 0) {
      const at = this.path.length;
      next = prefixes.filter((p) => p[at] === segment);
      off = next.some((p) => p.length === at + 1);
    }
    this.path.push(segment);
    this.walk(child, key, depth + 1, off ? NO_PREFIXES : next, off);
    this.path.pop();
  }

  private visit(value: string, key: string | undefined, keyBased: boolean): void {
    if (value.length < 4) return;
    this.chars += value.length;
    if (this.chars > MAX_CHARS) return;
    const { kind, name } = this.resource;
    const detection = detectCredentialValue(value, { key });
    // Only what a finding needs is worked out after the common case (nothing found) is ruled out.
    if (!detection && !keyBased && !value.includes('\n')) return;
    const path: KeyPath = [...this.path];
    const where = safeName(pathString(path));
    if (detection) {
      this.reports.push({ path, severity: severityOf(detection), message: `hardcoded ${describeCredentialType(detection.type)} in ${kind} "${name}" at ${where}: ${ADVICE}` });
      return;
    }
    if (value.includes('\n')) {
      // A script or config file: shapes that need their line's key (AWS_SECRET_ACCESS_KEY=...), then secret-like keys.
      const hits = findSecretsInText(value);
      const shaped = hits.find((h) => h.detection !== undefined);
      const keyed = keyBased ? hits.find((h) => h.key !== undefined) : undefined;
      if (shaped?.detection) {
        this.reports.push({ path, severity: severityOf(shaped.detection), message: `hardcoded ${describeCredentialType(shaped.detection.type)} in ${kind} "${name}" at ${where} (line ${shaped.line + 1} of the value): ${ADVICE}` });
      } else if (keyed?.key !== undefined) {
        this.reports.push({ path, severity: 'high', message: `literal ${safeName(keyed.key)} in ${kind} "${name}" at ${where} (line ${keyed.line + 1} of the value): ${ADVICE}` });
      }
      return;
    }
    if (keyBased) {
      const trimmed = value.trim();
      // `secretKey: password` names a key, it is not one.
      if (key !== undefined && isSecretAssignment(key, trimmed) && !looksLikeSecretKeyName(trimmed)) {
        this.reports.push({ path, severity: 'high', message: `literal ${safeName(key)} in ${kind} "${name}" at ${where}: ${ADVICE}` });
        return;
      }
      const assignment = parseAssignment(trimmed);
      if (assignment && /^-{0,2}[A-Za-z_][\w.-]*=/.test(trimmed) && isSecretAssignment(assignment.key, assignment.value) && !looksLikeSecretKeyName(assignment.value)) {
        this.reports.push({ path, severity: 'high', message: `literal ${safeName(assignment.key)} in ${kind} "${name}" at ${where}: ${ADVICE}` });
      }
    }
  }
}

function* secretData(resource: Resource): Iterable<Report> {
  const value = record(resource.value);
  for (const field of ['data', 'stringData'] as const) {
    for (const [key, raw] of Object.entries(record(value[field]))) {
      if (typeof raw !== 'string' || raw.length === 0) continue;
      let text: string | undefined = raw;
      if (field === 'data') {
        const bytes = decodeBase64(raw);
        text = bytes && isPrintableText(bytes) ? bytes.toString('utf8') : undefined;
      }
      if (text === undefined) continue;
      const detection = detectCredentialValue(text, { key });
      if (!detection) continue;
      yield {
        path: [field, key],
        severity: severityOf(detection),
        message: `key "${safeName(key)}" of Secret "${resource.name}" holds a real ${describeCredentialType(detection.type)} in the manifest: ${ADVICE}`,
      };
    }
  }
}

function* configMapBinaryData(resource: Resource): Iterable<Report> {
  for (const [key, raw] of Object.entries(record(record(resource.value).binaryData))) {
    if (typeof raw !== 'string') continue;
    const bytes = decodeBase64(raw);
    if (!bytes || !isPrintableText(bytes)) continue;
    const detection = detectCredentialValue(bytes.toString('utf8'), { key, generic: false });
    if (detection) {
      yield {
        path: ['binaryData', key],
        severity: severityOf(detection),
        message: `binary key "${safeName(key)}" of ConfigMap "${resource.name}" holds a hardcoded ${describeCredentialType(detection.type)}: ${ADVICE}`,
      };
    }
  }
}

export const noHardcodedCredentials: Rule = {
  id: 'no-hardcoded-credentials',
  practice: 'SEC-NO-HARDCODED-CREDENTIALS',
  severity: 'critical',
  title: 'No credentials are hardcoded in manifests',
  rationale:
    'A credential in a manifest is in every clone, fork, CI log and backup of the repository, forever: deleting the line does not remove it from history. Automated scanners harvest AWS keys and tokens from public and leaked repositories within minutes, and a key in a manifest is usually long-lived and never rotated.',
  remediation:
    'Remove the value, revoke and rotate the credential, and deliver it at runtime: an `ExternalSecret` (`external-secrets.io/v1`) that reads AWS Secrets Manager, mounted as a file; for AWS APIs use IAM Roles for Service Accounts (`eks.amazonaws.com/role-arn` on the ServiceAccount) or EKS Pod Identity instead of access keys.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (resource.input !== 'k8s') return;
    const skip = new Set<string>(['metadata.managedFields', 'status', 'sops']);
    const noKeyBased: KeyPath[] = [];
    if (isCoreSecret(resource)) {
      // Secret data is judged by its decoded content; keeping it in git at all is secrets-from-external-store's finding.
      skip.add('data');
      skip.add('stringData');
      yield* secretData(resource);
    }
    if (resource.kind === 'ConfigMap') {
      skip.add('binaryData');
      noKeyBased.push(['data']); // no-secrets-in-configmap judges secret-like keys there
      yield* configMapBinaryData(resource);
    }
    if (resource.kind === 'SealedSecret') skip.add('spec.encryptedData');
    if (resource.kind === 'CustomResourceDefinition') noKeyBased.push(['spec']); // schemas and descriptions, not values
    // External Secrets objects name keys (`secretKey: tls.key`); values come from the store.
    if (/^(?:generators\.)?external-secrets\.io\//.test(resource.apiVersion ?? '')) noKeyBased.push(['spec']);
    const pod = podSpecOf(resource);
    if (pod) for (const c of containersOf(pod)) noKeyBased.push([...c.path, 'env']); // no-secrets-in-env's
    const walker = new Walker(resource, skip, noKeyBased);
    walker.run();
    yield* walker.reports;
  },
};
