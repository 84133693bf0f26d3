import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const DIGEST = 'sha256:' + '1'.repeat(64);

function deployment(name: string, namespace: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}@${DIGEST}
          securityContext:
            privileged: true
${extra}`;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'guardrail-cli-'));
  writeFileSync(path.join(dir, 'app.yaml'), deployment('core-routing', 'core-routing'));
});

describe('guardrail scan', () => {
  it('reports findings as file:line:col severity practice rule message, with a summary, and exits 1', async () => {
    const result = await runCli(['scan', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/app\\.yaml:17:13 critical POD-NO-PRIVILEGED no-privileged container "app" is privileged`));
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ findings \(.*critical.*\) in 1 file \(1 resource\)$/);
  });

  it('reads standard input with -', async () => {
    const result = await runCli(['scan', '-', '--format', 'json'], { stdin: deployment('core-routing', 'core-routing') });
    const report = JSON.parse(result.stdout);
    expect(report.findings.some((f: { file: string; rule: string }) => f.file === '-' && f.rule === 'no-privileged')).toBe(true);
  });

  it('writes the JSON report in its documented shape', async () => {
    const result = await runCli(['scan', dir, '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('guardrail');
    const finding = report.findings.find((f: { rule: string }) => f.rule === 'no-privileged');
    expect(Object.keys(finding)).toEqual(['rule', 'practice', 'severity', 'message', 'file', 'line', 'column', 'resource', 'suppressed', 'suppression']);
    expect(finding).toMatchObject({ practice: 'POD-NO-PRIVILEGED', severity: 'critical', line: 17, column: 13, suppressed: false, suppression: null });
    expect(finding.resource).toEqual({ kind: 'Deployment', namespace: 'core-routing', name: 'core-routing' });
    expect(Object.keys(report.summary)).toEqual(['files', 'resources', 'findings', 'suppressed']);
    expect(Object.keys(report.summary.findings)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('writes SARIF 2.1.0 that validates against the official schema, to a file with -o', async () => {
    const out = path.join(dir, 'out.sarif');
    const result = await runCli(['scan', dir, '--format', 'sarif', '-o', out, '--exclude', '*.sarif']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // The official schema is draft-04, which needs Ajv's draft-04 build.
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const valid = ajv.validate(schema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    const result0 = run.results.find((r: { ruleId: string }) => r.ruleId === 'no-privileged');
    expect(run.tool.driver.rules[result0.ruleIndex].id).toBe('no-privileged');
    expect(run.tool.driver.rules[result0.ruleIndex].help.text).toContain('Remediation');
    expect(result0.locations[0].physicalLocation.region).toEqual({ startLine: 17, startColumn: 13 });
  });

  it('writes JUnit XML with a failure per finding', async () => {
    const result = await runCli(['scan', dir, '--format', 'junit', '--exclude', '*.sarif']);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="guardrail"/);
    expect(result.stdout).toContain('<testsuite name="POD-NO-PRIVILEGED no-privileged" tests="1" failures="1"');
  });

  it('exits 0 when nothing reaches --fail-on', async () => {
    const file = path.join(dir, 'app.yaml');
    const result = await runCli(['scan', file, '--fail-on', 'critical', '--format', 'json']);
    expect(result.code).toBe(1);
    const clean = mkdtempSync(path.join(os.tmpdir(), 'guardrail-clean-'));
    writeFileSync(path.join(clean, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: core-routing}\ndata: {LOG_LEVEL: info}\n');
    expect((await runCli(['scan', clean, '--fail-on', 'critical'])).code).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['scan', dir, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['scan', dir, '--fail-on', 'severe'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});

describe('bad input never loses other files’ findings', () => {
  let bad: string;
  beforeAll(() => {
    bad = mkdtempSync(path.join(os.tmpdir(), 'guardrail-bad-'));
    writeFileSync(path.join(bad, 'good.yaml'), deployment('core-routing', 'core-routing'));
    writeFileSync(path.join(bad, 'malformed.yaml'), `${deployment('core-session-manager', 'core-session-manager')}---\nkey: [unclosed\n---\n${deployment('core-ingress-parser', 'core-ingress-parser')}`);
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb, namespace: x}', 'data:', '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) bomb.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    writeFileSync(path.join(bad, 'bomb.yaml'), bomb.join('\n'));
    writeFileSync(path.join(bad, 'binary.yaml'), Buffer.from([0, 1, 2, 3, 0x61]));
    writeFileSync(path.join(bad, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: "'), Buffer.from([0xe9, 0xff]), Buffer.from('"}\n')]));
    writeFileSync(path.join(bad, 'empty.yaml'), '');
    writeFileSync(path.join(bad, 'huge.yaml'), `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
    writeFileSync(path.join(bad, 'workflow.yml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    mkdirSync(path.join(bad, 'loop'));
    symlinkSync('..', path.join(bad, 'loop', 'back'));
    writeFileSync(path.join(bad, 'malformed-k8s.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [not, a, map]\n');
    const many: string[] = [];
    for (let i = 0; i < 10_000; i++) many.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa-${i}, namespace: core-routing}\nautomountServiceAccountToken: false\n`);
    writeFileSync(path.join(bad, 'many.yaml'), many.join('---\n'));
  });

  it('reports each bad input with file and line, scans the rest, and exits 2', async () => {
    const result = await runCli(['scan', bad, path.join(bad, 'does-not-exist'), '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    const errorFor = (name: string) => report.errors.find((e: { file: string }) => e.file.endsWith(name));
    // The bad document spans lines 19-20; the parser reports where it gave up.
    expect(errorFor('malformed.yaml').line).toBeGreaterThanOrEqual(19);
    expect(errorFor('malformed.yaml').line).toBeLessThanOrEqual(20);
    expect(errorFor('bomb.yaml').message).toMatch(/alias/);
    expect(errorFor('binary.yaml').message).toMatch(/binary/);
    expect(errorFor('latin1.yaml')).toMatchObject({ line: 4 });
    expect(errorFor('latin1.yaml').message).toMatch(/UTF-8/);
    expect(errorFor('huge.yaml').message).toMatch(/over the 10.0 MiB limit/);
    expect(errorFor('does-not-exist').message).toMatch(/does not exist/);
    expect(errorFor('back').message).toMatch(/symlink loop/);
    expect(errorFor('malformed-k8s.yaml')).toMatchObject({ line: 1 });
    expect(errorFor('empty.yaml')).toBeUndefined();
    expect(errorFor('workflow.yml')).toBeUndefined();
    const privileged = report.findings.filter((f: { rule: string }) => f.rule === 'no-privileged').map((f: { resource: { name: string } }) => f.resource.name);
    expect(privileged.sort()).toEqual(['core-ingress-parser', 'core-routing', 'core-session-manager']);
    expect(report.summary.resources).toBeGreaterThanOrEqual(10_003);
  });

  it('scans a large file when --max-file-size allows it', async () => {
    const result = await runCli(['scan', path.join(bad, 'huge.yaml'), '--max-file-size', '20MiB']);
    expect(result.code).toBe(0);
  });
});

describe('parallel parsing', () => {
  it('gives the same report on worker threads as inline', async () => {
    const many = mkdtempSync(path.join(os.tmpdir(), 'guardrail-many-'));
    for (let i = 0; i < 80; i++) {
      const text = i % 17 === 0 ? 'key: [broken\n' : deployment(`svc-${i}`, `team-${i % 5}`);
      writeFileSync(path.join(many, `f${String(i).padStart(3, '0')}.yaml`), text);
    }
    const inline = await runCli(['scan', many, '--format', 'json', '--workers', '0']);
    const threaded = await runCli(['scan', many, '--format', 'json', '--workers', '2']);
    expect(threaded.code).toBe(2);
    expect(threaded.stdout).toBe(inline.stdout);
    const report = JSON.parse(threaded.stdout);
    expect(report.errors).toHaveLength(5);
    expect(report.summary.resources).toBe(75);
  });
});

describe('bad infrastructure input', () => {
  it('reports each with its file and line, and scans the rest', async () => {
    const bad = mkdtempSync(path.join(os.tmpdir(), 'guardrail-bad-iac-'));
    writeFileSync(path.join(bad, 'broken.tf'), 'resource "aws_s3_bucket" "a" {\n  bucket = "x"\n\nresource "aws_kms_key" "k" {\n  description =\n}\n');
    writeFileSync(path.join(bad, 'good.tf'), 'resource "aws_kms_key" "sessions" {\n  description         = "sessions"\n  enable_key_rotation = false\n}\n');
    writeFileSync(path.join(bad, 'broken-policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",\n');
    // Both legal forms: Statement as an object, Action as a string; NotAction in an Allow.
    writeFileSync(path.join(bad, 'object-statement.json'), JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, null, 2));
    writeFileSync(path.join(bad, 'not-action.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::audit/*' }] }, null, 2));
    writeFileSync(path.join(bad, 'no-from.Dockerfile'), 'RUN echo hello\nUSER 10001\n');
    const resources = Array.from({ length: 6000 }, (_, i) => ({
      address: `aws_s3_bucket.b${i}`, mode: 'managed', type: 'aws_s3_bucket', name: `b${i}`,
      values: { bucket: `bucket-${i}`, tags: { owner: 'platform', description: 'x'.repeat(760) } },
    }));
    const plan = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: { resources } } });
    expect(plan.length).toBeGreaterThan(5 * 1024 * 1024);
    writeFileSync(path.join(bad, 'plan.json'), plan);

    const result = await runCli(['scan', bad, '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    const errorFor = (name: string) => report.errors.find((e: { file: string }) => e.file.endsWith(name));
    expect(errorFor('broken.tf').line).toBeGreaterThanOrEqual(4);
    expect(errorFor('broken-policy.json').line).toBeGreaterThanOrEqual(1);
    expect(errorFor('no-from.Dockerfile')).toMatchObject({ line: 1 });
    type F = { rule: string; file: string; line: number };
    const rulesIn = (name: string) => report.findings.filter((f: F) => f.file.endsWith(name)).map((f: F) => f.rule);
    expect(rulesIn('good.tf')).toContain('kms-key-rotation');
    expect(rulesIn('object-statement.json')).toContain('iam-no-full-wildcard');
    expect(rulesIn('not-action.json')).toContain('iam-no-wildcard-resource');
    expect(report.findings.filter((f: F) => f.file.endsWith('plan.json') && f.rule === 's3-public-access-blocked').length).toBe(6000);
  });
});
