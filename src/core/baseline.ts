// Baselines let a team adopt guardrail on an existing tree: today's findings
// are recorded, and later scans report only new ones. Findings are matched by
// rule, resource and key path, never by line, so unrelated edits keep matching.
import type { Finding } from './types.js';
import { resourceLabel } from './suppression.js';

export interface BaselineFile {
  version: 1;
  findings: Array<{ rule: string; resource: string; path: string }>;
}

function fingerprint(rule: string, resource: string, path: string): string {
  return `${rule}\u0000${resource}\u0000${path}`;
}

export function createBaseline(findings: readonly Finding[]): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ rule: f.rule, resource: resourceLabel(f.resource), path: f.path }));
  entries.sort((a, b) => fingerprint(a.rule, a.resource, a.path).localeCompare(fingerprint(b.rule, b.resource, b.path)));
  return { version: 1, findings: entries };
}

export function parseBaseline(text: string): BaselineFile {
  const data = JSON.parse(text) as Partial<BaselineFile>;
  if (data?.version !== 1 || !Array.isArray(data.findings)) throw new Error('not a guardrail baseline (version 1)');
  return data as BaselineFile;
}

/** Marks findings present in the baseline as suppressed; each entry matches once. */
export function applyBaseline(findings: Finding[], baseline: BaselineFile): void {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) {
    const key = fingerprint(e.rule, e.resource, e.path);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const key = fingerprint(finding.rule, resourceLabel(finding.resource), finding.path);
    const count = remaining.get(key) ?? 0;
    if (count === 0) continue;
    remaining.set(key, count - 1);
    finding.suppressed = true;
    finding.suppression = { kind: 'baseline', reason: 'present in the baseline' };
  }
}
