// `npm run bench:serve`: the admission webhook under load over HTTPS on
// loopback, against a bare Node HTTPS server that only answers a fixed
// AdmissionReview, at 500 requests/s and at full speed. Prints figures;
// asserts nothing (benchmarks are not tests).
//
// Full speed is autocannon's closed loop. The fixed rate is paced here, one
// request every 2 ms: autocannon's rate limit sends each second's budget as
// fast as it can and then waits, so "500 requests/s" would be bursts at full
// speed, measuring queueing rather than the latency at that rate.
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = 500;
const FIXED_RESPONSE = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'x', allowed: true } });

if (process.argv[2] === 'big') {
  // The large review, sent from its own process so the load generator's event loop does not delay it.
  const [port, count, gapMs] = process.argv.slice(3).map(Number);
  const ca = readFileSync(process.argv[6]);
  const big = deploymentReview('big');
  big.request.object.metadata.annotations.bulk = 'x'.repeat(3 * 1024 * 1024 - JSON.stringify(big).length - 16);
  const bigBody = JSON.stringify(big);
  const answers = [];
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    answers.push(await postOnce(port, ca, bigBody));
  }
  process.send({ bytes: bigBody.length, answers }, () => process.exit(0));
} else if (process.argv[2] === 'echo') {
  // The baseline: TLS, read the whole body, answer a fixed review.
  const [cert, key] = [readFileSync(process.argv[3]), readFileSync(process.argv[4])];
  const server = createServer({ cert, key, minVersion: 'TLSv1.2' }, (req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(FIXED_RESPONSE));
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  await main();
}

/** A realistic Deployment of about 10 KB, as `kubectl apply` sends it (with its last-applied annotation). */
function deploymentReview(uid) {
  const env = Array.from({ length: 40 }, (_, i) => ({ name: `FEATURE_FLAG_${i}`, value: `enabled-for-tenant-${i}` }));
  const container = {
    name: 'checkout',
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout@sha256:${'c'.repeat(64)}`,
    ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
    env,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
    livenessProbe: { httpGet: { path: '/live', port: 'http' }, periodSeconds: 10 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '4.2.1', team: 'payments' },
      annotations: {},
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'checkout', team: 'payments' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'checkout',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } } }],
        },
      },
    },
  };
  object.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify(object);
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'checkout',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
    },
  };
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One autocannon run; latencies are collected per response at sub-millisecond precision. */
async function load({ port, pid }, ca, body, { connections, seconds = SECONDS }) {
  const latencies = [];
  const cpuBefore = cpuSeconds(pid);
  const instance = autocannon({
    url: `https://127.0.0.1:${port}/validate`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
    timeout: 5,
    tlsOptions: { ca, servername: 'localhost' },
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const cpu = cpuSeconds(pid) - cpuBefore;
  return {
    cpuMsPerRequest: (cpu * 1000) / Math.max(1, latencies.length),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * An open-loop load at a fixed rate: requests leave on schedule whether or not
 * earlier ones were answered, and latency counts from the scheduled time.
 */
async function paced({ port, pid, agent }, body, { rate, seconds = SECONDS, during }) {
  const latencies = [];
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  const cpuBefore = cpuSeconds(pid);
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  const pending = new Set();
  const side = during ? during() : undefined;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
      for (; sent < due; sent++) {
        const scheduled = start + (sent * 1000) / rate;
        const done = new Promise((settle) => {
          const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, headers: { 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) latencies.push(performance.now() - scheduled);
              else non2xx++;
              settle();
            });
          });
          let timedOut = false;
          req.on('timeout', () => {
            timedOut = true;
            timeouts++;
            req.destroy();
          });
          req.on('error', () => {
            if (!timedOut) errors++;
            settle();
          });
          req.end(body);
        });
        pending.add(done);
        void done.then(() => pending.delete(done));
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return {
    cpuMsPerRequest: ((cpuSeconds(pid) - cpuBefore) * 1000) / Math.max(1, latencies.length),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / ((performance.now() - start) / 1000),
    errors,
    timeouts,
    non2xx,
    side: await side,
  };
}

function postOnce(port, ca, body) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca, servername: 'localhost', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6, allowed: JSON.parse(text).response?.allowed }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU seconds (user + system) a process has used: a per-review cost that does not depend on what else the machine runs. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function startWebhook(cert, key) {
  // With the heap bound deploy/deployment.yaml sets.
  const child = spawn(process.execPath, ['--max-old-space-size=160', path.join(here, '../bin/guardrail.js'), 'serve', '--tls-cert', cert, '--tls-key', key, '--host', '127.0.0.1', '--port', '0', '--metrics-host', '127.0.0.1', '--metrics-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      const line = buffer.split('\n').find((l) => l.includes('guardrail serve listening'));
      if (line) resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  child.stdout.resume();
  return { child, port, pid: child.pid };
}

async function startEcho(cert, key) {
  const child = fork(fileURLToPath(import.meta.url), ['echo', cert, key], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  return { child, port, pid: child.pid };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrail-bench-serve-'));
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const ca = readFileSync(cert);
  const body = JSON.stringify(deploymentReview('bench'));

  const webhook = await startWebhook(cert, key);
  const idleRss = peakRssMiB(webhook.child.pid);
  const echo = await startEcho(cert, key);
  console.log(`AdmissionReview: ${(body.length / 1024).toFixed(1)} KB Deployment; ${SECONDS} s per run; ${os.cpus().length} cores; load average ${os.loadavg()[0].toFixed(1)}\n`);

  // Warm both up (JIT, connections), then measure.
  for (const target of [echo, webhook]) {
    // One client per server, its TLS connections kept alive from the warm-up on, as the API server keeps them.
    target.agent = new Agent({ keepAlive: true, maxSockets: 64, ca, servername: 'localhost' });
    await load(target, ca, body, { connections: 10, seconds: 2 });
    await paced(target, body, { rate: RATE, seconds: 2 });
  }
  const echoRate = await paced(echo, body, { rate: RATE });
  const hookRate = await paced(webhook, body, { rate: RATE });
  const echoMax = await load(echo, ca, body, { connections: 32 });
  const hookMax = await load(webhook, ca, body, { connections: 32 });
  // The 3 MiB review, sent a few times while the 500 req/s load runs.
  const hookBig = await paced(webhook, body, {
    rate: RATE,
    during: async () => {
      const sender = fork(fileURLToPath(import.meta.url), ['big', String(webhook.port), '5', String((SECONDS * 1000) / 6), cert], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      return await new Promise((resolve) => sender.once('message', resolve));
    },
  });
  const rss = peakRssMiB(webhook.child.pid);

  const row = (label, m) =>
    `${label.padEnd(34)} ${m.p50.toFixed(2).padStart(7)} ${m.p99.toFixed(2).padStart(7)} ${Math.round(m.rps).toString().padStart(7)} ${m.cpuMsPerRequest.toFixed(3).padStart(10)} ${String(m.errors).padStart(6)} ${String(m.timeouts).padStart(8)} ${String(m.non2xx).padStart(6)}`;
  console.log(`${''.padEnd(34)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)} ${'CPU ms/req'.padStart(10)} ${'errors'.padStart(6)} ${'timeouts'.padStart(8)} ${'non2xx'.padStart(6)}`);
  console.log(row('echo server, 500 req/s', echoRate));
  console.log(row('guardrail serve, 500 req/s', hookRate));
  console.log(row('echo server, max', echoMax));
  console.log(row('guardrail serve, max', hookMax));
  console.log(row('guardrail serve, 500 req/s + 3 MiB', hookBig));
  console.log('');
  const bigMs = hookBig.side.answers.map((a) => a.ms);
  console.log(`CPU per review (serve / echo), at max:     ${hookMax.cpuMsPerRequest.toFixed(3)} / ${echoMax.cpuMsPerRequest.toFixed(3)} ms: one core serves ${Math.round(1000 / hookMax.cpuMsPerRequest)} reviews/s`);
  console.log(`p99 ratio at 500 req/s (serve / echo):     ${(hookRate.p99 / echoRate.p99).toFixed(2)}   (target <= 1.5)`);
  console.log(`p50 ratio at 500 req/s (serve / echo):     ${(hookRate.p50 / echoRate.p50).toFixed(2)}`);
  console.log(`p99 at 500 req/s:                          ${hookRate.p99.toFixed(2)} ms   (target < 10)`);
  console.log(`throughput at max (serve, echo, ratio):    ${Math.round(hookMax.rps)}, ${Math.round(echoMax.rps)}, ${(hookMax.rps / echoMax.rps).toFixed(2)}   (target >= 2000 reviews/s)`);
  console.log(`${(hookBig.side.bytes / 1024 / 1024).toFixed(2)} MiB review answered in (ms):          ${bigMs.map((ms) => ms.toFixed(1)).join(', ')}   (target < 100; status ${[...new Set(hookBig.side.answers.map((a) => a.status))].join(',')})`);
  console.log(`others' p99 during it / without it:        ${(hookBig.p99 / hookRate.p99).toFixed(2)}   (target <= 2)`);
  console.log(`peak RSS of guardrail serve:               ${rss.toFixed(0)} MiB   (target < 150; idle after start: ${idleRss.toFixed(0)} MiB)`);
  const failures = [echoRate, hookRate, echoMax, hookMax, hookBig].reduce((n, m) => n + m.errors + m.timeouts + m.non2xx, 0);
  console.log(`errors + timeouts + non-2xx, all runs:     ${failures}   (target 0)`);

  for (const { child, agent } of [webhook, echo]) {
    agent.destroy();
    child.kill('SIGTERM');
  }
  rmSync(dir, { recursive: true, force: true });
}
