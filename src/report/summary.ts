import { SEVERITIES, type Severity } from '../core/types.js';
import type { ScanResult } from '../scan/scan.js';

export interface Summary {
  files: number;
  resources: number;
  findings: Record<Severity, number>;
  suppressed: number;
}

/** Counts of unsuppressed findings by severity, and of suppressed ones. */
export function summarize(result: ScanResult): Summary {
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of result.findings) {
    if (f.suppressed) suppressed++;
    else findings[f.severity]++;
  }
  return { files: result.files, resources: result.resources, findings, suppressed };
}
