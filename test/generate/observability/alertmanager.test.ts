// The generated Alertmanager configuration run by the real Alertmanager:
// alerts posted to its API reach the page (PagerDuty) and ticket (Slack)
// receivers, credentials are read from the mounted secret files, and the
// inhibitions silence what they should.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { alertmanagerConfig, SECRETS_DIR } from '../../../src/generate/observability/alertmanager.js';
import { exampleSpec } from '../support.js';

interface Delivery {
  path: string;
  body: Record<string, unknown>;
}

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const DEADLINE_MS = 30_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > DEADLINE_MS) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the generated Alertmanager configuration, run by Alertmanager', () => {
  const spec = exampleSpec();
  const deliveries: Delivery[] = [];
  let receiver: Server;
  let alertmanager: ChildProcess;
  let api = '';
  let log = '';

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        deliveries.push({ path: request.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
        response.writeHead(request.url?.startsWith('/pagerduty') ? 202 : 200, { 'content-type': 'application/json' });
        response.end('{"status":"success"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const sink = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    // The Secrets, "mounted" where the configuration reads them, here under a temporary folder.
    const root = mkdtempSync(path.join(tmpdir(), 'guardrail-am-'));
    const secrets = path.join(root, 'secrets');
    for (const r of spec.alerting.receivers) {
      for (const [ref, value] of [
        [r.pagerduty?.serviceKeySecret, 'integration-key-from-secret'],
        [r.slack?.apiUrlSecret, `${sink}/slack/${r.name}`],
      ] as const) {
        if (!ref) continue;
        mkdirSync(path.join(secrets, ref.name), { recursive: true });
        writeFileSync(path.join(secrets, ref.name, ref.key), `${value}\n`);
      }
    }
    // Only the secrets folder, the PagerDuty endpoint and the waits differ from the generated file.
    const text = stringify(alertmanagerConfig(spec)).replaceAll(`${SECRETS_DIR}/`, `${secrets}/`);
    const config = parse(text) as Record<string, any>;
    config.global = { pagerduty_url: `${sink}/pagerduty` };
    const fast = (route: Record<string, unknown>) => {
      route.group_wait = '1s';
      route.group_interval = '1s';
    };
    fast(config.route);
    config.route.routes.forEach(fast);
    const file = path.join(root, 'alertmanager.yaml');
    writeFileSync(file, stringify(config));

    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v2`;
    alertmanager = spawn(ALERTMANAGER, [
      `--config.file=${file}`,
      `--storage.path=${path.join(root, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ]);
    alertmanager.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await until('Alertmanager to be ready', async () => {
      try {
        return (await fetch(`${api}/status`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    });
  }, 60_000);

  afterAll(async () => {
    alertmanager?.kill();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  function alert(alertname: string, severity: string, signal: string, service: string): Record<string, unknown> {
    return {
      labels: { alertname, severity, signal, service, namespace: service, environment: 'production' },
      annotations: { summary: `${service}: ${alertname}`, description: 'test', runbook_url: `https://guardrail.dev/runbooks/${alertname.toLowerCase()}` },
    };
  }

  it('pages through PagerDuty and tickets through Slack, silencing what a page or an outage covers', async () => {
    const posted = await fetch(`${api}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        // A p95 page and the p99 ticket of the same service: only the page goes out.
        alert('ServiceLatencyP95AboveObjective', 'page', 'latency', 'core-routing'),
        alert('ServiceLatencyP99AboveObjective', 'ticket', 'latency', 'core-routing'),
        // A service down: its slow-burn ticket is silenced.
        alert('ServiceDown', 'page', 'availability', 'core-session-manager'),
        alert('ServiceErrorBudgetBurn1d', 'ticket', 'errors', 'core-session-manager'),
        // A ticket nothing covers reaches Slack.
        alert('ServiceCPUThrottled', 'ticket', 'saturation', 'core-ingress-parser'),
      ]),
    });
    expect(posted.ok, log).toBe(true);

    const pages = await until('two pages', () => {
      const found = deliveries.filter((d) => d.path === '/pagerduty');
      return found.length >= 2 ? found : undefined;
    });
    const tickets = await until('a ticket', () => {
      const found = deliveries.filter((d) => d.path === `/slack/${spec.alerting.ticket}`);
      return found.length >= 1 ? found : undefined;
    });
    // Give anything wrongly routed or not inhibited the same groups' time to arrive too.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    for (const page of pages) expect(page.body.routing_key).toBe('integration-key-from-secret');
    const summaries = (list: Delivery[]) => list.map((d) => JSON.stringify(d.body)).join('\n');
    expect(summaries(pages)).toContain('ServiceLatencyP95AboveObjective');
    expect(summaries(pages)).toContain('ServiceDown');
    const slack = deliveries.filter((d) => d.path.startsWith('/slack/'));
    expect(slack.every((d) => d.path === `/slack/${spec.alerting.ticket}`)).toBe(true);
    expect(summaries(tickets)).toContain('ServiceCPUThrottled');
    expect(summaries(tickets)).toContain('https://guardrail.dev/runbooks/servicecputhrottled');
    expect(summaries(slack)).not.toContain('ServiceLatencyP99AboveObjective');
    expect(summaries(slack)).not.toContain('ServiceErrorBudgetBurn1d');
    expect(deliveries.filter((d) => d.path === '/pagerduty')).toHaveLength(2);
  }, 60_000);
});
