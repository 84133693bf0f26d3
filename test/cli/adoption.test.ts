// Suppressions, configuration and baselines, end to end through the CLI.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const DIGEST = 'sha256:' + '1'.repeat(64);

const pod = (name: string, annotations = '', containerExtra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: core-routing
${annotations}spec:
  containers:
    - name: app
      image: registry.example.com/${name}@${DIGEST}
      securityContext:
${containerExtra}        privileged: true
`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrail-adopt-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function jsonScan(args: string[], cwd?: string) {
  const result = await runCli(['scan', '--format', 'json', ...args], { cwd });
  return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
}

type F = { rule: string; suppressed: boolean; suppression: { kind: string; reason: string } | null; line: number; resource: { name: string } };

describe('suppressions', () => {
  it('honours an annotation with a reason and keeps the finding, marked, in JSON', async () => {
    const dir = tree({ 'a.yaml': pod('debug', '  annotations:\n    guardrail.dev/ignore: "no-privileged: node debugging, SEC-42"\n') });
    const { report } = await jsonScan([dir]);
    const finding = report.findings.find((f: F) => f.rule === 'no-privileged');
    expect(finding).toMatchObject({ suppressed: true, suppression: { kind: 'annotation', reason: 'node debugging, SEC-42' } });
    expect(report.summary.suppressed).toBeGreaterThanOrEqual(1);
  });

  it('honours a comment on the line above the key, by practice id', async () => {
    const text = pod('debug').replace('        privileged: true', '        # guardrail:ignore POD-NO-PRIVILEGED kernel module loader, reviewed in SEC-7\n        privileged: true');
    const dir = tree({ 'a.yaml': text });
    const { report } = await jsonScan([dir]);
    expect(report.findings.find((f: F) => f.rule === 'no-privileged')).toMatchObject({ suppressed: true, suppression: { kind: 'comment' } });
  });

  it('reports suppressions from the config file that match nothing', async () => {
    const dir = tree({
      'a.yaml': pod('debug'),
      '.guardrail.yaml': 'suppressions:\n  - id: no-privileged\n    resource: "Pod/core-routing/debug"\n    reason: tracked in SEC-9\n  - id: no-privileged\n    resource: "Pod/other/*"\n    reason: nothing matches\n',
    });
    const { report } = await jsonScan(['.'], dir);
    expect(report.findings.find((f: F) => f.rule === 'no-privileged')).toMatchObject({ suppressed: true, suppression: { kind: 'config', reason: 'tracked in SEC-9' } });
    const unused = report.findings.filter((f: F) => f.rule === 'unused-suppression');
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ file: '.guardrail.yaml', line: 5, severity: 'low' });
  });
});

describe('configuration', () => {
  it('turns rules off, overrides severities and excludes paths', async () => {
    const dir = tree({
      'a.yaml': pod('debug'),
      'vendor/b.yaml': pod('vendored'),
      '.guardrail.yaml': 'failOn: critical\nexclude: ["vendor/**"]\nrules:\n  run-as-non-root: off\n  POD-NO-PRIVILEGED: low\n',
    });
    const { code, report } = await jsonScan(['.'], dir);
    const rules = report.findings.map((f: F) => f.rule);
    expect(rules).not.toContain('run-as-non-root');
    expect(report.findings.find((f: F) => f.rule === 'no-privileged')).toMatchObject({ severity: 'low' });
    expect(report.findings.every((f: F) => f.resource.name !== 'vendored')).toBe(true);
    expect(code).toBe(0);
  });

  it('rejects an invalid config with its line, exit 2', async () => {
    const dir = tree({ 'a.yaml': pod('debug'), '.guardrail.yaml': 'rules:\n  no-such-rule: off\nfailOn: severe\n' });
    const result = await runCli(['scan', '.'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.guardrail.yaml:3: failOn');
    expect(result.stderr).toContain('unknown rule or practice id no-such-rule');
  });

  it('skips git-ignored files and node_modules, and --exclude globs', async () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'rendered/\n',
      'rendered/x.yaml': pod('ignored-by-git'),
      'node_modules/pkg/x.yaml': pod('in-node-modules'),
      'skip/x.yaml': pod('excluded'),
      'kept.yaml': pod('kept'),
    });
    const { report } = await jsonScan(['.', '--exclude', 'skip/**'], dir);
    expect([...new Set(report.findings.map((f: F) => f.resource.name))]).toEqual(['kept']);
  });
});

describe('baselines', () => {
  it('records today’s findings and then reports only new ones, matching by key path not line', async () => {
    const dir = tree({ 'a.yaml': pod('legacy') });
    const baseline = path.join(dir, 'baseline.json');
    const created = await runCli(['scan', dir, '--create-baseline', baseline]);
    expect(created.code).toBe(0);
    const recorded = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(recorded.findings.some((f: { rule: string; path: string }) => f.rule === 'no-privileged' && f.path === 'spec.containers[0].securityContext.privileged')).toBe(true);

    // Lines move (a comment on top) and a new problem appears.
    writeFileSync(path.join(dir, 'a.yaml'), `# moved down\n# and again\n${pod('legacy', '', '        runAsUser: 0\n')}`);
    const { code, report } = await jsonScan([path.join(dir, 'a.yaml'), '--baseline', baseline]);
    const open = report.findings.filter((f: F) => !f.suppressed);
    expect(open.map((f: F) => f.rule)).toEqual(['run-as-non-root']);
    expect(report.findings.find((f: F) => f.rule === 'no-privileged')).toMatchObject({ suppressed: true, suppression: { kind: 'baseline' } });
    expect(code).toBe(1);
  });
});
