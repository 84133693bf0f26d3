import type { ScanResult } from '../scan/scan.js';
import { summarize } from './summary.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** The JSON report: a stable, versioned shape for other tools to read. */
export function jsonReport(result: ScanResult): string {
  const report = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: result.findings.map((f) => ({
      rule: f.rule,
      practice: f.practice,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      resource: { kind: f.resource.kind, namespace: f.resource.namespace ?? null, name: f.resource.name },
      suppressed: f.suppressed,
      suppression: f.suppression,
    })),
    errors: result.errors.map((e) => ({ file: e.file, line: e.line ?? null, message: e.message })),
    summary: summarize(result),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
