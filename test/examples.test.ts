// The bundled example platform: the compliant tree is clean, the mistakes
// tree shows what guardrail catches.
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../src/rules/index.js';
import { META_RULES } from '../src/core/meta-rules.js';
import { runCli } from './support/cli.js';

describe('examples/', () => {
  it('compliant: no finding at low or above, no input error, exit 0', async () => {
    const result = await runCli(['scan', 'examples/compliant', '--format', 'json', '--fail-on', 'low']);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([]);
    const open = report.findings.filter((f: { suppressed: boolean; severity: string }) => !f.suppressed && f.severity !== 'info');
    expect(open).toEqual([]);
    expect(result.code).toBe(0);
    // Every suppression there carries its reason.
    for (const f of report.findings.filter((x: { suppressed: boolean }) => x.suppressed)) expect(f.suppression.reason.length).toBeGreaterThan(10);
  });

  it('platform: the generated output (and its spec) scan without a finding at medium or above or an input error', async () => {
    const result = await runCli(['scan', 'examples/platform', 'examples/platform.yaml', '--format', 'json', '--fail-on', 'medium']);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([]);
    const serious = report.findings.filter((f: { suppressed: boolean; severity: string }) => !f.suppressed && ['critical', 'high', 'medium'].includes(f.severity));
    expect(serious).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('mistakes: every rule fires, exit 1', async () => {
    const result = await runCli(['scan', 'examples/mistakes', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([]);
    const fired = new Set(report.findings.map((f: { rule: string }) => f.rule));
    const meta = new Set(META_RULES.map((r) => r.id));
    // rule-error fires only when a rule crashes; the suppression rules fire on the mistakes' own exceptions.
    meta.delete('suppression-without-reason');
    meta.delete('unused-suppression');
    meta.delete('expired-suppression');
    // Rules over a live account fire in `audit aws` (test/audit), never in a scan of files.
    const scanned = ALL_RULES.filter((r) => !r.inputs.every((i) => i === 'live-aws'));
    const silent = scanned.filter((r) => !meta.has(r.id) && !fired.has(r.id)).map((r) => r.id);
    expect(silent).toEqual([]);
  });
});
