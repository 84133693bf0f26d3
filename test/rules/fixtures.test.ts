import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/rules/index.js';
import { scanSources } from '../../src/scan/scan.js';
import { expectations, FIXED_TODAY, listFixtures } from '../support/fixtures.js';
import { RULE_ERROR_ID } from '../../src/core/meta-rules.js';
import { evaluateSnapshot } from '../../src/audit/evaluate.js';
import { parseSnapshot } from '../../src/audit/snapshot.js';

const fixtures = listFixtures();

describe('rule fixtures', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    // AWS fixtures are `guardrail audit aws` snapshots, judged without AWS.
    const result =
      fixture.domain === 'aws'
        ? await evaluateSnapshot(parseSnapshot(fixture.text), { today: FIXED_TODAY })
        : await scanSources([{ file: fixture.name, text: fixture.text }], { today: FIXED_TODAY });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === RULE_ERROR_ID)).toEqual([]);
    const found = result.findings.filter((f) => f.rule === fixture.rule && !f.suppressed);
    if (fixture.kind === 'pass') {
      expect(found.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      return;
    }
    const expected = expectations(fixture, fixture.rule);
    expect(expected.length, 'a failing fixture marks at least one line with # expect (or lists it in its .expect sidecar)').toBeGreaterThan(0);
    if (expected.some((e) => e.resource !== undefined)) {
      expect([...new Set(found.map((f) => f.resource.name))].sort()).toEqual(expected.map((e) => e.resource).sort());
      for (const e of expected.filter((x) => x.severity)) {
        expect(found.filter((f) => f.resource.name === e.resource).map((f) => f.severity)).toContain(e.severity);
      }
      return;
    }
    expect([...new Set(found.map((f) => f.line))].sort((a, b) => a - b)).toEqual(expected.map((e) => e.line));
    for (const e of expected.filter((x) => x.severity)) {
      expect(found.filter((f) => f.line === e.line).map((f) => f.severity)).toContain(e.severity);
    }
  });

  it('covers every rule with a passing and a failing fixture', () => {
    const missing: string[] = [];
    for (const rule of ALL_RULES) {
      if (rule.id === RULE_ERROR_ID) continue;
      const mine = fixtures.filter((f) => f.rule === rule.id);
      if (!mine.some((f) => f.kind === 'pass') || !mine.some((f) => f.kind === 'fail')) missing.push(rule.id);
    }
    expect(missing).toEqual([]);
  });

  it('has no fixture directory without a rule', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect([...new Set(fixtures.map((f) => f.rule))].filter((r) => !ids.has(r))).toEqual([]);
  });
});
