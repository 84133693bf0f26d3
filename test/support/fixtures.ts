// Rule fixtures, Polaris-style: test/rules/<domain>/<rule>/pass*.<ext> must
// give no finding of the rule; fail*.<ext> must give one on exactly the lines
// marked `# expect: <rule>` (optionally followed by the expected severity).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE_ROOT = path.resolve(import.meta.dirname, '../rules');
export const FIXED_TODAY = '2026-06-01';

export interface Fixture {
  domain: string;
  rule: string;
  kind: 'pass' | 'fail';
  file: string;
  /** Path relative to the fixture root, as reported in findings. */
  name: string;
  text: string;
  /** For formats without comments (JSON): the sidecar `<file>.expect`, one `<rule> <line> [severity]` a line. */
  expect?: string;
}

export const EXPECT_SUFFIX = '.expect';

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const domain of readdirSync(FIXTURE_ROOT).sort()) {
    const domainDir = path.join(FIXTURE_ROOT, domain);
    if (!statSync(domainDir).isDirectory()) continue;
    for (const rule of readdirSync(domainDir).sort()) {
      const ruleDir = path.join(domainDir, rule);
      if (!statSync(ruleDir).isDirectory()) continue;
      for (const entry of readdirSync(ruleDir).sort()) {
        const kind = entry.startsWith('pass') ? 'pass' : entry.startsWith('fail') ? 'fail' : undefined;
        if (!kind || entry.endsWith(EXPECT_SUFFIX)) continue;
        const file = path.join(ruleDir, entry);
        const sidecar = `${file}${EXPECT_SUFFIX}`;
        const expect = existsSync(sidecar) ? readFileSync(sidecar, 'utf8') : undefined;
        fixtures.push({ domain, rule, kind, file, name: path.relative(FIXTURE_ROOT, file), text: readFileSync(file, 'utf8'), expect });
      }
    }
  }
  return fixtures;
}

export interface Expectation {
  line: number;
  /** Instead of a line: the resource the finding names (AWS snapshots, whose findings are all on line 1). */
  resource?: string;
  severity?: string;
}

const MARK = /(?:#|\/\/)\s*expect:\s*([a-z0-9-]+)(?:\s+(critical|high|medium|low|info))?/g;

/** Lines marked `# expect: <rule>` in a fixture, or listed in its sidecar. */
export function expectations(fixture: Fixture, rule: string): Expectation[] {
  const result: Expectation[] = [];
  if (fixture.expect !== undefined) {
    for (const line of fixture.expect.split('\n')) {
      const [id, at, severity] = line.trim().split(/\s+/);
      if (id !== rule) continue;
      if (/^\d+$/.test(at)) result.push({ line: Number(at), severity });
      else result.push({ line: 1, resource: at, severity });
    }
    return result.sort((a, b) => a.line - b.line);
  }
  const text = fixture.text;
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(MARK)) if (match[1] === rule) result.push({ line: i + 1, severity: match[2] });
  });
  return result;
}
