import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateObservability, serviceRuleGroups } from '../../../src/generate/observability/index.js';
import { isAlert } from '../../../src/generate/observability/model.js';
import { variedSpecs, writeTree } from './support.js';

interface Run {
  status: number | null;
  output: string;
}

function promtool(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { timeout: 240_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe.each(variedSpecs())('alert rules for %s', (_name, spec) => {
  const files = generateObservability(spec);
  const root = writeTree(files);
  const ruleFiles = files.filter((f) => f.path.startsWith('observability/prometheus/rules/')).map((f) => path.join(root, f.path));
  const testFiles = files.filter((f) => f.path.startsWith('observability/prometheus/tests/')).map((f) => path.join(root, f.path));

  it('writes one rule file, one test file and one PrometheusRule per service', () => {
    expect(ruleFiles).toHaveLength(spec.services.length);
    expect(testFiles).toHaveLength(spec.services.length);
    for (const service of spec.services) {
      const plain = parse(readFileSync(path.join(root, `observability/prometheus/rules/${service.name}.yaml`), 'utf8'));
      const object = parse(readFileSync(path.join(root, `kubernetes/observability/${service.name}-rules.yaml`), 'utf8'));
      expect(object.kind).toBe('PrometheusRule');
      expect(object.metadata.labels.release).toBeDefined();
      expect(object.spec.groups).toEqual(plain.groups);
    }
  });

  it('passes promtool check rules', async () => {
    const result = await promtool(['check', 'rules', ...ruleFiles]);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  it('passes its generated promtool unit tests', async () => {
    // One promtool per file, side by side: each test group evaluates every rule of its file.
    const results = await Promise.all(testFiles.map((file) => promtool(['test', 'rules', file])));
    for (const result of results) {
      expect(result.output).toMatch(/SUCCESS/);
      expect(result.status).toBe(0);
    }
  }, 300_000);

  it('tests every alert both firing and silent', () => {
    for (const service of spec.services) {
      for (const rule of serviceRuleGroups(spec, service).flatMap((g) => g.rules).filter(isAlert)) {
        expect(rule.cases.some((c) => c.fires), rule.alert).toBe(true);
        expect(rule.cases.some((c) => !c.fires), rule.alert).toBe(true);
        expect(['page', 'ticket']).toContain(rule.labels.severity);
        expect(rule.labels).toMatchObject({ service: service.name, namespace: service.namespace });
        expect(Object.keys(rule.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      }
    }
  });
});

describe('the generated unit tests', () => {
  it('fail when a threshold is changed (they test the rules, not themselves)', async () => {
    const [, spec] = variedSpecs()[0];
    const root = writeTree(generateObservability(spec));
    const service = spec.services[0];
    const rules = path.join(root, `observability/prometheus/rules/${service.name}.yaml`);
    const text = readFileSync(rules, 'utf8');
    const objective = String(service.slo.latencyP95Ms / 1000);
    expect(text).toContain(`> ${objective}`);
    writeFileSync(rules, text.replace(`> ${objective}`, `> ${(service.slo.latencyP95Ms / 1000) * 10}`));
    const result = await promtool(['test', 'rules', path.join(root, `observability/prometheus/tests/${service.name}.test.yaml`)]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/ServiceLatencyP95AboveObjective/);
  }, 300_000);

  it('leaves out alerts that could never fire: unreachable burn rates, an HPA with min = max', () => {
    const [, spec] = variedSpecs().find(([name]) => name.startsWith('mysql')) ?? [];
    if (!spec) throw new Error('no mysql spec');
    const service = spec.services[0];
    expect(service.slo.errorRate).toBe(0.1);
    expect(service.replicas.min).toBe(service.replicas.max);
    const names = serviceRuleGroups(spec, service).flatMap((g) => g.rules).filter(isAlert).map((a) => a.alert);
    expect(names).not.toContain('ServiceErrorBudgetBurn1h');
    expect(names).not.toContain('ServiceOperationFailing');
    expect(names).not.toContain('ServiceAtMaxReplicas');
    expect(names).toEqual(expect.arrayContaining(['ServiceErrorBudgetBurn6h', 'ServiceErrorBudgetBurn3d', 'MySQLDeadlocks', 'DatabaseBackupRetentionShort']));
  });

  it('fires multi-window burn-rate alerts with the workbook factors', () => {
    const [, spec] = variedSpecs()[0];
    const service = spec.services[0];
    const alerts = serviceRuleGroups(spec, service).flatMap((g) => g.rules).filter(isAlert);
    const burn = alerts.filter((a) => a.alert.startsWith('ServiceErrorBudgetBurn'));
    expect(burn.map((a) => [a.alert, a.labels.severity])).toEqual([
      ['ServiceErrorBudgetBurn1h', 'page'],
      ['ServiceErrorBudgetBurn6h', 'page'],
      ['ServiceErrorBudgetBurn1d', 'ticket'],
      ['ServiceErrorBudgetBurn3d', 'ticket'],
    ]);
    const budget = service.slo.errorRate;
    expect(burn[0].expr).toContain(`ratio_rate1h{namespace="${service.namespace}",service="${service.name}"} > ${Number((14.4 * budget).toPrecision(12))}`);
    expect(burn[0].expr).toContain('ratio_rate5m');
  });
});
