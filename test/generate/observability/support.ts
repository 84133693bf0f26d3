// Shared by the observability generator tests: generated files on disk for
// the real tools (promtool, amtool), and specs that vary what the example holds.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GeneratedFile } from '../../../src/generate/files.js';
import type { PlatformSpec } from '../../../src/generate/spec.js';
import { exampleSpec } from '../support.js';

export function writeTree(files: readonly GeneratedFile[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'guardrail-obs-'));
  for (const file of files) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return root;
}

/** The example, and specs that change what the generators branch on. */
export function variedSpecs(): Array<[string, PlatformSpec]> {
  const mysql = exampleSpec();
  mysql.cluster.name = 'orders';
  mysql.cluster.environment = 'staging';
  delete mysql.cluster.tracingEndpoint;
  mysql.services = [mysql.services[2]];
  mysql.services[0] = {
    ...mysql.services[0],
    name: 'orders-api',
    namespace: 'orders',
    database: { engine: 'mysql', name: 'orders' },
    replicas: { min: 2, max: 2 },
    slo: { latencyP95Ms: 75.5, latencyP99Ms: 1200, errorRate: 0.1 },
  };

  const loose = exampleSpec();
  loose.services = loose.services.map((s) => ({ ...s, database: undefined, slo: { latencyP95Ms: 300, latencyP99Ms: 2000, errorRate: 0.01 } }));
  loose.services[0].database = { engine: 'postgresql', name: 'edge', storageGb: 500 };
  loose.alerting = {
    receivers: [
      {
        name: 'everyone',
        slack: { channel: '#alerts', apiUrlSecret: { name: 'slack', key: 'url' } },
        pagerduty: { serviceKeySecret: { name: 'pd', key: 'routing-key' } },
      },
    ],
    page: 'everyone',
    ticket: 'everyone',
  };
  const extreme = exampleSpec();
  extreme.services = [
    {
      ...extreme.services[1],
      replicas: { min: 1, max: 1000 },
      slo: { latencyP95Ms: 1, latencyP99Ms: 600_000, errorRate: 0.000001 },
      database: { engine: 'mysql', name: 'routes', storageGb: 65_536 },
    },
  ];
  return [
    ['example', exampleSpec()],
    ['the schema’s extreme objectives', extreme],
    ['mysql, fixed replicas, loose budget', mysql],
    ['one receiver, large database', loose],
  ];
}
