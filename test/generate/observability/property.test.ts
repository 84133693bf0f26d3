// Random valid services through the generator: the rules always pass
// promtool's checks, the tests cover every alert, and the files scan clean.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../../src/core/severity.js';
import { generateObservability, serviceRuleGroups } from '../../../src/generate/observability/index.js';
import { isAlert } from '../../../src/generate/observability/model.js';
import type { PlatformSpec, ServiceSpec } from '../../../src/generate/spec.js';
import { scanSources } from '../../../src/scan/scan.js';
import { exampleSpec } from '../support.js';
import { writeTree } from './support.js';

const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);

const service = (template: ServiceSpec) =>
  fc
    .record({
      name: dnsLabel,
      namespace: dnsLabel,
      p95: fc.integer({ min: 1, max: 600_000 }),
      p99: fc.integer({ min: 1, max: 600_000 }),
      errorRate: fc.double({ min: 0.000001, max: 0.5, noNaN: true }),
      min: fc.integer({ min: 1, max: 20 }),
      extra: fc.integer({ min: 0, max: 20 }),
      database: fc.option(
        fc.record({
          engine: fc.constantFrom('postgresql' as const, 'mysql' as const),
          name: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
          storageGb: fc.option(fc.integer({ min: 20, max: 65_536 }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    })
    .map(
      (r): ServiceSpec => ({
        ...template,
        name: r.name,
        namespace: r.namespace,
        replicas: { min: r.min, max: r.min + r.extra },
        slo: { latencyP95Ms: r.p95, latencyP99Ms: r.p99, errorRate: r.errorRate },
        database: r.database,
      }),
    );

const specs = fc.uniqueArray(service(exampleSpec().services[0]), { minLength: 1, maxLength: 4, selector: (s) => s.name }).map((services): PlatformSpec => ({ ...exampleSpec(), services }));

describe('random services', () => {
  it('always give rules promtool accepts, tested alerts and clean files', async () => {
    await fc.assert(
      fc.asyncProperty(specs, async (spec) => {
        const files = generateObservability(spec);
        const root = writeTree(files);
        const rules = files.filter((f) => f.path.startsWith('observability/prometheus/rules/')).map((f) => path.join(root, f.path));
        const check = spawnSync('promtool', ['check', 'rules', ...rules], { encoding: 'utf8', timeout: 60_000 });
        expect(`${check.stdout}${check.stderr}`).not.toMatch(/FAILED/);
        expect(check.status).toBe(0);
        for (const s of spec.services) {
          for (const alert of serviceRuleGroups(spec, s).flatMap((g) => g.rules).filter(isAlert)) {
            expect(alert.cases.some((c) => c.fires) && alert.cases.some((c) => !c.fires)).toBe(true);
          }
        }
        const scan = await scanSources(files.map((f) => ({ file: f.path, text: f.content })));
        expect(scan.errors).toEqual([]);
        expect(scan.findings.filter((f) => atLeast(f.severity, 'medium')).map((f) => f.message)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
