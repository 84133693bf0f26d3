// The webhook as operated: its metrics (checked by promtool), health and
// readiness, certificate rotation without a restart, traces, and a graceful
// shutdown that loses no request in flight.
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdir, rename, symlink, writeFile, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployment, get, hardenedPodSpec, makeCert, plainPodSpec, post, review, serve, tempDir } from './support.js';

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

function promtool(args: string[], input: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('promtool', args, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
    child.stdin!.end(input);
  });
}

describe('metrics, health and readiness', () => {
  it('exposes valid Prometheus metrics: latency per endpoint, decisions, violations, errors, saturation', async () => {
    const served = await serve(await makeCert(await tempDir()), ['--max-namespace-labels', '1']);
    try {
      await post(served, '/validate', JSON.stringify(review(deployment(plainPodSpec()))));
      // Past the cap, namespaces share one label value.
      await post(served, '/validate', JSON.stringify(review(deployment(plainPodSpec(), 'web', 'payments'))));
      await post(served, '/validate', JSON.stringify(review(deployment(hardenedPodSpec()))));
      await post(served, '/mutate', JSON.stringify(review(deployment(plainPodSpec()))));
      await post(served, '/validate', '{');
      const { status, text, contentType } = await get(served.metricsPort, '/metrics');
      expect(status).toBe(200);
      expect(contentType).toContain('text/plain');
      expect(text).toMatch(/guardrail_admission_request_duration_seconds_bucket\{le="0.001",endpoint="validate",code="200"\} \d/);
      expect(text).toMatch(/guardrail_admission_request_duration_seconds_count\{endpoint="mutate",code="200"\} 1/);
      expect(text).toMatch(/guardrail_admission_decisions_total\{endpoint="validate",result="denied",kind="Deployment",namespace="shop"\} 1/);
      expect(text).toMatch(/guardrail_admission_decisions_total\{endpoint="validate",result="allowed",kind="Deployment",namespace="shop"\} 1/);
      expect(text).toMatch(/guardrail_admission_violations_total\{practice="POD-NON-ROOT",severity="high",action="deny",kind="Deployment",namespace="shop"\} 1/);
      expect(text).toMatch(/guardrail_admission_decisions_total\{endpoint="validate",result="denied",kind="Deployment",namespace="_other"\} 1/);
      expect(text).not.toContain('namespace="payments"');
      expect(text).toMatch(/guardrail_admission_errors_total\{cause="invalid_json"\} 1/);
      expect(text).toMatch(/guardrail_admission_in_flight_requests\{endpoint="validate"\} 0/);
      expect(text).toMatch(/^guardrail_ready 1$/m);
      expect(text).toMatch(/^guardrail_tls_certificate_expiry_timestamp_seconds \d+/m);
      for (const name of ['nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total', 'process_resident_memory_bytes']) expect(text).toContain(name);
      if (!hasPromtool) {
        console.warn('promtool is not installed: skipping `promtool check metrics` (CI installs it)');
        return;
      }
      const check = await promtool(['check', 'metrics'], text);
      expect(check.output).toBe('');
      expect(check.code).toBe(0);
    } finally {
      await served.stop();
    }
  });

  it('answers /healthz and /readyz, and 404 elsewhere', async () => {
    const served = await serve(await makeCert(await tempDir()));
    try {
      expect((await get(served.metricsPort, '/healthz')).status).toBe(200);
      expect((await get(served.metricsPort, '/readyz')).status).toBe(200);
      expect((await get(served.metricsPort, '/nope')).status).toBe(404);
    } finally {
      await served.stop();
    }
  });
});

describe('certificate rotation', () => {
  it('serves a rotated certificate without a restart, swapped in as a mounted Secret is', async () => {
    const dir = await tempDir();
    // The kubelet's layout: tls.crt -> ..data/tls.crt, ..data -> a timestamped directory swapped by rename.
    const first = path.join(dir, '..2026_01_01');
    const second = path.join(dir, '..2026_02_01');
    await mkdir(first);
    await mkdir(second);
    await makeCert(first, 'tls', 'first');
    await makeCert(second, 'tls', 'second');
    await symlink('..2026_01_01', path.join(dir, '..data'));
    await symlink('..data/tls.crt', path.join(dir, 'tls.crt'));
    await symlink('..data/tls.key', path.join(dir, 'tls.key'));
    const served = await serve({ cert: path.join(dir, 'tls.crt'), key: path.join(dir, 'tls.key') });
    try {
      const body = JSON.stringify(review(deployment(hardenedPodSpec())));
      const before = await post(served, '/validate', body);
      expect(before.status).toBe(200);
      await symlink('..2026_02_01', path.join(dir, '..data_tmp'));
      await rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
      const ca = await readFile(path.join(second, 'tls.crt'));
      let after = before;
      for (let i = 0; i < 50 && after.fingerprint === before.fingerprint; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await post({ port: served.port, ca }, '/validate', body).catch(() => before);
      }
      expect(after.fingerprint).not.toBe(before.fingerprint);
      expect(after.status).toBe(200);
      expect(served.logs.some((l) => l.msg === 'serving certificate reloaded')).toBe(true);
      expect(served.child.exitCode).toBeNull();
    } finally {
      await served.stop();
    }
  });

  it('keeps serving the old certificate while a rotation is half written', async () => {
    const dir = await tempDir();
    const cert = await makeCert(dir);
    const other = await makeCert(dir, 'other');
    const served = await serve(cert);
    try {
      const body = JSON.stringify(review(deployment(hardenedPodSpec())));
      const before = await post(served, '/validate', body);
      // A new certificate whose key has not been written yet.
      await writeFile(cert.cert, await readFile(other.cert));
      await new Promise((resolve) => setTimeout(resolve, 600));
      const during = await post(served, '/validate', body);
      expect(during.fingerprint).toBe(before.fingerprint);
      expect((await get(served.metricsPort, '/metrics')).text).toMatch(/guardrail_tls_reloads_total\{result="failure"\} [1-9]/);
    } finally {
      await served.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

describe('tracing', () => {
  it('exports a span per review to the OTLP endpoint, in the trace of the API server’s traceparent', async () => {
    const bodies: Array<{ path: string; type: string; body: Buffer }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        bodies.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const served = await serve(await makeCert(await tempDir()), ['--otlp-endpoint', endpoint]);
    try {
      await post(served, '/validate', JSON.stringify(review(deployment(plainPodSpec(), 'traced'))), { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` });
      // The batch processor exports on shutdown at the latest.
      expect(await served.stop()).toBe(0);
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies[0].path).toBe('/v1/traces');
      const payload = Buffer.concat(bodies.map((b) => b.body)).toString('latin1');
      // The span joins the API server's trace: its trace id and parent span id are the header's (hex in OTLP/JSON).
      const spans = (JSON.parse(bodies[0].body.toString()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string; parentSpanId?: string }> }> }> }).resourceSpans
        .flatMap((r) => r.scopeSpans)
        .flatMap((s) => s.spans);
      expect(spans.map((s) => [s.traceId, s.parentSpanId])).toContainEqual([TRACE_ID, PARENT_SPAN_ID]);
      for (const text of ['guardrail validate', 'k8s.namespace.name', 'shop', 'guardrail.kind', 'Deployment', 'guardrail.allowed', 'guardrail.findings', 'guardrail.operation']) {
        expect(payload, text).toContain(text);
      }
    } finally {
      receiver.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM turns unready, keeps serving through the delay, finishes requests in flight, then exits 0', async () => {
    const served = await serve(await makeCert(await tempDir()), ['--shutdown-delay', '2']);
    const body = Buffer.from(JSON.stringify(review(deployment(plainPodSpec()))));
    // A request whose body is only half sent when the listener closes (2 s after the signal).
    let reply = '';
    let status = 0;
    const inFlight = new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: served.port, path: '/validate', method: 'POST', ca: served.ca, servername: 'localhost', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } },
        (res) => {
          status = res.statusCode ?? 0;
          res.on('data', (d: Buffer) => (reply += d.toString()));
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 100));
      setTimeout(() => req.end(body.subarray(100)), 3000);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    served.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Unready at once, but still answering while endpoints drop the pod.
    expect((await get(served.metricsPort, '/readyz')).status).toBe(503);
    const during = await Promise.all(Array.from({ length: 20 }, () => post(served, '/validate', body)));
    for (const r of during) expect(r.status).toBe(200);
    await inFlight;
    expect(status).toBe(200);
    expect(JSON.parse(reply).response.allowed).toBe(false);
    expect(await served.exited).toBe(0);
    await expect(post(served, '/validate', body)).rejects.toThrow(/ECONNREFUSED/);
    expect(served.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: readiness is false', 'stopped']));
  });
});
