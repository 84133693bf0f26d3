// SARIF 2.1.0, for code-scanning UIs: rule metadata with help text, results
// with stable fingerprints, suppressions kept and marked.
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Rule, Severity } from '../core/types.js';
import { resourceLabel } from '../core/suppression.js';
import type { ScanResult } from '../scan/scan.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function descriptor(rule: Rule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nRemediation: ${rule.remediation}\n\nPractice: ${rule.practice}`,
      markdown: `**${rule.title}** (practice \`${rule.practice}\`)\n\n${rule.rationale}\n\n**Remediation:** ${rule.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { practice: rule.practice, tags: ['security', rule.practice], 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

/** Locations that are not files, such as `aws://<account>/<region>` from `audit aws`. */
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:\/\//;

function uri(file: string): string {
  if (file === '-') return 'stdin';
  if (ABSOLUTE_URI.test(file)) return file;
  return file.split('\\').join('/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

function fingerprint(f: Finding): string {
  return createHash('sha256').update(`${f.rule}\u0000${resourceLabel(f.resource)}\u0000${f.path}`).digest('hex').slice(0, 32);
}

export function sarifReport(result: ScanResult, allRules: readonly Rule[]): string {
  const used = new Set(result.findings.map((f) => f.rule));
  const rules = allRules.filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
  for (const id of used) if (!rules.some((r) => r.id === id)) throw new Error(`finding of unknown rule ${id}`);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = result.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule),
    level: LEVEL[f.severity],
    message: { text: `${f.message} [${f.practice}]` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uri(f.file), ...(ABSOLUTE_URI.test(f.file) ? {} : { uriBaseId: '%SRCROOT%' }) },
          region: { startLine: f.line, startColumn: f.column },
        },
        logicalLocations: [{ fullyQualifiedName: resourceLabel(f.resource), kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'guardrail/v1': fingerprint(f) },
    properties: { practice: f.practice, severity: f.severity },
    ...(f.suppressed
      ? { suppressions: [{ kind: f.suppression?.kind === 'comment' || f.suppression?.kind === 'annotation' ? 'inSource' : 'external', justification: f.suppression?.reason ?? '' }] }
      : {}),
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules: rules.map(descriptor) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'error' as const,
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uri(e.file) }, ...(e.line ? { region: { startLine: e.line } } : {}) } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
