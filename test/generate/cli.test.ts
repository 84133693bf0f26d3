// `guardrail init`, `guardrail generate` and `guardrail generate quarantine`
// as a user runs them: what is printed, what is written, the exit codes.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { runCli } from '../support/cli.js';
import { INIT_TEMPLATE } from '../../src/generate/init-template.js';
import { EXAMPLE_SPEC_FILE, exampleText, scanGenerated } from './support.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'guardrail-generate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dir(name: string): string {
  return path.join(work, name);
}

/** Every file under root, by relative path, with its content. */
function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(d, entry.name), r);
      else files.set(r, readFileSync(path.join(d, entry.name), 'utf8'));
    }
  };
  walk(root, '');
  return files;
}

describe('guardrail init', () => {
  it('prints the commented starter spec, which generates', async () => {
    const result = await runCli(['init']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(INIT_TEMPLATE);
    expect(result.stdout).toContain('# ');
    const spec = dir('init.yaml');
    writeFileSync(spec, result.stdout);
    const generated = await runCli(['generate', spec, '-o', dir('from-init')]);
    expect(generated.code).toBe(0);
  });

  it('--schema prints a JSON Schema that accepts the starter spec', async () => {
    const result = await runCli(['init', '--schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(validate(parse(INIT_TEMPLATE))).toBe(true);
    expect(validate({ ...parse(INIT_TEMPLATE), extra: 1 })).toBe(false);
  });
});

describe('guardrail generate', () => {
  it('writes the tree, one line per file and a summary', async () => {
    const out = dir('first');
    const result = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const files = tree(out);
    expect(lines.length).toBe(files.size + 1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^created {3}\S+$/);
    expect(lines.at(-1)).toBe(`${files.size} files in ${out}: ${files.size} created, 0 updated, 0 unchanged`);
    expect(files.has('kubernetes/kustomization.yaml')).toBe(true);
    expect(files.has('kubernetes/services/core-routing/deployment.yaml')).toBe(true);
    expect(files.has('.guardrail-generated')).toBe(true);
  });

  it('is deterministic: two runs give byte-identical trees', async () => {
    const a = dir('det-a');
    const b = dir('det-b');
    expect((await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', a])).code).toBe(0);
    expect((await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', b])).code).toBe(0);
    expect(tree(a)).toEqual(tree(b));
  });

  it('is idempotent: a second run changes nothing and says so', async () => {
    const out = dir('idem');
    await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    const before = tree(out);
    const mtime = statSync(path.join(out, 'kubernetes/kustomization.yaml')).mtimeMs;
    const again = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 created, 0 updated, \d+ unchanged\n$/);
    expect(again.stdout).not.toMatch(/^(created|updated)/m);
    expect(tree(out)).toEqual(before);
    expect(statSync(path.join(out, 'kubernetes/kustomization.yaml')).mtimeMs).toBe(mtime);
  });

  it('shows a diff and changes nothing without --force; --force writes', async () => {
    const out = dir('diff');
    await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    const target = path.join(out, 'kubernetes/services/core-routing/autoscaling.yaml');
    const original = readFileSync(target, 'utf8');
    writeFileSync(target, original.replace('maxReplicas: 10', 'maxReplicas: 99'));
    const spec = dir('diff-spec.yaml');
    writeFileSync(spec, exampleText().replace('replicas: { min: 3, max: 10 }', 'replicas: { min: 3, max: 20 }'));

    const refused = await runCli(['generate', spec, '-o', out]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^updated {3}\S+core-routing\/autoscaling\.yaml$/m);
    expect(refused.stdout).toContain('--- a/kubernetes/services/core-routing/autoscaling.yaml\n+++ b/kubernetes/services/core-routing/autoscaling.yaml\n@@ ');
    expect(refused.stdout).toMatch(/^-  maxReplicas: 99$/m);
    expect(refused.stdout).toMatch(/^\+  maxReplicas: 20$/m);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(target, 'utf8')).toContain('maxReplicas: 99');

    const forced = await runCli(['generate', spec, '-o', out, '--force', '--diff']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^\+  maxReplicas: 20$/m);
    expect(readFileSync(target, 'utf8')).toContain('maxReplicas: 20');
    expect((await runCli(['generate', spec, '-o', out])).code).toBe(0);
  });

  it('lists files it generated earlier but no longer would as stale; removes them only with --force', async () => {
    const out = dir('stale');
    await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    const spec = dir('stale-spec.yaml');
    // Without a cache and secrets the session manager has no secrets.yaml.
    writeFileSync(spec, exampleText().replace('    cache: true\n', '').replace(/    aws:\n      # Secrets Manager[\s\S]*?session-signing-key\n/, ''));
    const secrets = path.join(out, 'kubernetes/services/core-session-manager/secrets.yaml');
    // A file of the user's own in the folder is never touched.
    const own = path.join(out, 'kubernetes/NOTES.md');
    writeFileSync(own, 'mine\n');
    const refused = await runCli(['generate', spec, '-o', out]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^stale {5}\S+core-session-manager\/secrets\.yaml$/m);
    expect(existsSync(secrets)).toBe(true);
    const forced = await runCli(['generate', spec, '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^removed {3}\S+core-session-manager\/secrets\.yaml$/m);
    expect(forced.stdout).toMatch(/stale removed\n$/);
    expect(existsSync(secrets)).toBe(false);
    expect(readFileSync(own, 'utf8')).toBe('mine\n');
  });

  it('never writes through a symlink in the output folder', async () => {
    const out = dir('symlink');
    await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    const victim = dir('victim.txt');
    writeFileSync(victim, 'precious\n');
    const target = path.join(out, 'kubernetes/kustomization.yaml');
    rmSync(target);
    symlinkSync(victim, target);
    const refused = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('--- a/kubernetes/kustomization.yaml\n@@ not a regular file: replaced by the generated file @@\n');
    expect((await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out, '--force'])).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(target).isFile()).toBe(true);
  });

  it('--check exits 1 when the folder is not current and writes nothing; --dry-run exits 0', async () => {
    const out = dir('check');
    const missing = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out, '--check']);
    expect(missing.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const dry = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
    const current = await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out, '--check']);
    expect(current.code).toBe(0);
    expect(current.stdout).toMatch(/up to date\n$/);
  });

  it('an invalid spec: errors with file:line:column and field, exit 2, nothing written', async () => {
    const spec = dir('bad.yaml');
    writeFileSync(
      spec,
      exampleText()
        .replace('      - from: core-ingress-parser', '      - from: core-ingres-parser')
        .replace('arn:aws:sqs:eu-west-1:111122223333:core-routing-events', 'arn:aws:sqs:eu-west-1:111122223333:*'),
    );
    const out = dir('bad-out');
    const result = await runCli(['generate', spec, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: services\\[1\\]\\.aws\\.sqs\\[0\\]\\.arn: wildcards are not allowed`, 'm'));
    expect(result.stderr).toMatch(/nothing written/);
    expect(existsSync(out)).toBe(false);

    const flow = dir('bad-flow.yaml');
    writeFileSync(flow, exampleText().replace('      - from: core-ingress-parser', '      - from: core-ingres-parser'));
    const flowResult = await runCli(['generate', flow, '-o', out]);
    expect(flowResult.code).toBe(2);
    const line = exampleText().split('\n').findIndex((l) => l.includes('- from: core-ingress-parser')) + 1;
    expect(flowResult.stderr).toContain(`${flow}:${line}:15: services[1].accepts[0].from: no service named "core-ingres-parser"`);
    expect(existsSync(out)).toBe(false);
  });

  it('every kind of bad input: field and line named, exit 2, nothing written', async () => {
    const cases: Array<{ from: string; to: string; field: string; message: RegExp; at: string }> = [
      { from: '    domain: core-edge\n', to: '    domian: core-edge\n', field: 'services[0].domian', message: /did you mean "domain"/, at: 'domian:' },
      { from: '      - from: core-routing\n', to: '      - from: core-routter\n', field: 'services[2].accepts[0].from', message: /no service named "core-routter"/, at: 'core-routter' },
      { from: '        apiUrlSecret: { name: alertmanager-slack, key: api-url }', to: '        apiUrl: https://hooks.slack.com/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx', field: 'alerting.receivers[1].slack.apiUrl', message: /literal secret/, at: 'apiUrl:' },
      { from: '          access: read\n    slo', to: '          access: read\n        - bucket: "*"\n          access: read\n    slo', field: 'services[0].aws.s3[1].bucket', message: /wildcards are not allowed/, at: 'bucket: "*"' },
      { from: 'arn:aws:dynamodb:eu-west-1:111122223333:table/core-routing-routes', to: 'arn:aws:dynamodb:eu-west-1:111122223333:table/*', field: 'services[1].aws.dynamodb[0].arn', message: /wildcards are not allowed/, at: 'table/*' },
      { from: 'core-routing@sha256:3f4a674a4fd37cc06ce2903dd2a8afb1fae5cd3aaf7c0fa0084b0ccd785ad08e', to: 'core-routing:latest', field: 'services[1].image', message: /digest/, at: 'core-routing:latest' },
      { from: '  - name: core-routing\n', to: '  - name: core-ingress-parser\n', field: 'services[1].name', message: /defined twice/, at: 'name: core-ingress-parser' },
      { from: '    namespace: core-routing\n', to: '    namespace: Core.Routing\n', field: 'services[1].namespace', message: /DNS-1123 label/, at: 'Core.Routing' },
      { from: '    metricsPort: 9090\n    replicas: { min: 3, max: 10 }', to: '    metricsPort: 8080\n    replicas: { min: 3, max: 10 }', field: 'services[1].ports', message: /TCP port besides metricsPort/, at: '- name: http' },
      { from: 'replicas: { min: 3, max: 10 }', to: 'replicas: { min: 12, max: 10 }', field: 'services[1].replicas.min', message: /greater than max/, at: 'min: 12' },
      { from: '      engine: postgresql\n', to: '      engine: oracle\n', field: 'services[2].database.engine', message: /must be one of/, at: 'oracle' },
    ];
    const results = await Promise.all(
      cases.map(async (c, i) => {
        const text = exampleText();
        expect(text.split(c.from).length, c.from).toBe(2);
        const edited = text.replace(c.from, c.to);
        const spec = dir(`bad-${i}.yaml`);
        writeFileSync(spec, edited);
        const out = dir(`bad-out-${i}`);
        return { c, spec, out, edited, result: await runCli(['generate', spec, '-o', out]) };
      }),
    );
    for (const { c, spec, out, edited, result } of results) {
      expect(result.code, c.field).toBe(2);
      expect(result.stdout, c.field).toBe('');
      expect(existsSync(out), c.field).toBe(false);
      const line = result.stderr.split('\n').find((l) => l.startsWith(`${spec}:`) && l.includes(`: ${c.field}: `) && c.message.test(l));
      expect(line, `${c.field}\n${result.stderr}`).toBeDefined();
      const [, lineNumber] = /^[^:]+:(\d+):\d+: /.exec(line as string) ?? [];
      expect(edited.split('\n')[Number(lineNumber) - 1], c.field).toContain(c.at);
    }
  }, 240_000);

  it('a missing spec file or argument is a usage error', async () => {
    expect((await runCli(['generate', dir('nope.yaml'), '-o', dir('x')])).code).toBe(2);
    expect((await runCli(['generate'])).code).toBe(2);
  });
});

describe('guardrail generate quarantine', () => {
  it('prints a NetworkPolicy that isolates the workload in both directions, and it scans clean', async () => {
    const result = await runCli(['generate', 'quarantine', 'core-routing/core-routing']);
    expect(result.code).toBe(0);
    const policy = parse(result.stdout);
    expect(policy).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'quarantine-core-routing',
        namespace: 'core-routing',
        labels: { 'app.kubernetes.io/managed-by': 'guardrail', 'guardrail.dev/incident-response': 'quarantine' },
      },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'core-routing', 'guardrail.dev/quarantine': 'true' } },
        policyTypes: ['Ingress', 'Egress'],
      },
    });
    expect(result.stdout).toContain('kubectl -n core-routing label pods -l app.kubernetes.io/name=core-routing guardrail.dev/quarantine=true');
    const scan = await scanGenerated([{ path: 'quarantine.yaml', content: result.stdout }]);
    expect(scan.errors).toEqual([]);
    expect(scan.serious).toEqual([]);
  });

  it('-o writes a file; --selector names the pods; the -o of generate is not confused with it', async () => {
    const file = dir('q.yaml');
    const result = await runCli(['generate', 'quarantine', 'payments/api', '--selector', 'app=api,tier=web', '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const policy = parse(readFileSync(file, 'utf8'));
    expect(policy.spec.podSelector.matchLabels).toEqual({ app: 'api', tier: 'web', 'guardrail.dev/quarantine': 'true' });
  });

  it('refuses a malformed reference or selector', async () => {
    for (const args of [['bad'], ['a/b/c'], ['NS/w'], ['ns/w', '--selector', 'no-equals'], ['ns/w', '--selector', 'guardrail.dev/quarantine=true']]) {
      const result = await runCli(['generate', 'quarantine', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('--help explains how to apply and lift it', async () => {
    const result = await runCli(['generate', 'quarantine', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Lift:/);
    expect(result.stdout).toMatch(/DNS is denied too/);
  });
});

it('generated pods that are labelled quarantined leave every allow policy', async () => {
  const out = dir('q-tree');
  mkdirSync(out, { recursive: true });
  await runCli(['generate', EXAMPLE_SPEC_FILE, '-o', out]);
  const files = tree(out);
  for (const [file, text] of files) {
    if (!file.startsWith('kubernetes/')) continue;
    for (const doc of text.split(/^---$/m).map((d) => parse(d)).filter(Boolean)) {
      if (doc.kind !== 'NetworkPolicy' || doc.metadata.name === 'default-deny-all') continue;
      expect(doc.spec.podSelector.matchExpressions, `${file} ${doc.metadata.name}`).toContainEqual({ key: 'guardrail.dev/quarantine', operator: 'DoesNotExist' });
    }
  }
});
