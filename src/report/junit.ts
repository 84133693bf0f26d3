// JUnit XML for CI systems that show test reports: one suite per rule, one
// failing case per finding, suppressed findings as skipped cases.
import type { Rule } from '../core/types.js';
import { resourceLabel } from '../core/suppression.js';
import type { ScanResult } from '../scan/scan.js';

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function junitReport(result: ScanResult, rules: readonly Rule[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const rule of rules) {
    const findings = result.findings.filter((f) => f.rule === rule.id);
    const cases = findings.map((f) => {
      const name = xml(`${resourceLabel(f.resource)} ${f.file}:${f.line}:${f.column}`);
      if (f.suppressed) return `    <testcase classname="${xml(rule.id)}" name="${name}"><skipped message="${xml(`suppressed: ${f.suppression?.reason ?? ''}`)}"/></testcase>`;
      return `    <testcase classname="${xml(rule.id)}" name="${name}"><failure type="${f.severity}" message="${xml(f.message)}">${xml(`${f.severity} ${f.practice} ${f.message}\n${f.file}:${f.line}:${f.column}`)}</failure></testcase>`;
    });
    const failed = findings.filter((f) => !f.suppressed).length;
    const skipped = findings.length - failed;
    if (cases.length === 0) cases.push(`    <testcase classname="${xml(rule.id)}" name="no findings"/>`);
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xml(`${rule.practice} ${rule.id}`)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (result.errors.length > 0) {
    errors = result.errors.length;
    tests += errors;
    const cases = result.errors.map((e) => `    <testcase classname="input" name="${xml(e.line ? `${e.file}:${e.line}` : e.file)}"><error message="${xml(e.message)}"/></testcase>`);
    suites.push(`  <testsuite name="input errors" tests="${errors}" failures="0" errors="${errors}" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="guardrail" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
