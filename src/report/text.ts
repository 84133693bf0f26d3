import { SEVERITIES, type Severity } from '../core/types.js';
import type { ScanResult } from '../scan/scan.js';
import { summarize } from './summary.js';

export interface TextOptions {
  color: boolean;
  /** Also list suppressed findings. */
  showSuppressed?: boolean;
}

const COLORS: Record<Severity, number> = { critical: 35, high: 31, medium: 33, low: 36, info: 37 };

function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** `file:line:col severity practice rule message`, one finding a line, grouped by file. */
export function textReport(result: ScanResult, options: TextOptions): string {
  const { color } = options;
  const out: string[] = [];
  const shown = result.findings.filter((f) => options.showSuppressed || !f.suppressed);
  let previousFile: string | undefined;
  for (const f of shown) {
    if (previousFile !== undefined && f.file !== previousFile) out.push('');
    previousFile = f.file;
    const where = paint(color, 1, `${f.file}:${f.line}:${f.column}`);
    const severity = paint(color, COLORS[f.severity], f.severity.padEnd(8));
    const suppressed = f.suppressed ? paint(color, 2, ` (suppressed: ${f.suppression?.reason ?? ''})`) : '';
    out.push(`${where} ${severity} ${f.practice} ${paint(color, 2, f.rule)} ${f.message}${suppressed}`);
  }
  if (result.errors.length > 0) {
    if (out.length > 0) out.push('');
    for (const e of result.errors) {
      const where = e.line ? `${e.file}:${e.line}` : e.file;
      out.push(`${paint(color, 1, where)} ${paint(color, 31, 'error   ')} ${e.message}`);
    }
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(result, color));
  return `${out.join('\n')}\n`;
}

export function summaryLine(result: ScanResult, color = false): string {
  const summary = summarize(result);
  const total = SEVERITIES.reduce((n, s) => n + summary.findings[s], 0);
  const parts = SEVERITIES.filter((s) => summary.findings[s] > 0).map((s) => paint(color, COLORS[s], `${summary.findings[s]} ${s}`));
  let line = `${total} finding${total === 1 ? '' : 's'}`;
  if (parts.length > 0) line += ` (${parts.join(', ')})`;
  if (summary.suppressed > 0) line += `, ${summary.suppressed} suppressed`;
  if (result.errors.length > 0) line += `, ${paint(color, 31, `${result.errors.length} input error${result.errors.length === 1 ? '' : 's'}`)}`;
  line += ` in ${summary.files} file${summary.files === 1 ? '' : 's'} (${summary.resources} resource${summary.resources === 1 ? '' : 's'})`;
  return line;
}
