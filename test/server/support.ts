// Runs `guardrail serve` as a child process with a throwaway certificate, and
// talks to it as the API server does: AdmissionReview over HTTPS.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import { REPO } from '../support/cli.js';

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin/guardrail.js');

export interface Cert {
  cert: string;
  key: string;
}

/** A self-signed certificate for localhost, written as PEM files into `dir`. */
export async function makeCert(dir: string, name = 'tls', cn = 'localhost'): Promise<Cert> {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ]);
  return { cert, key };
}

const created: string[] = [];
// Registered by each test file that imports this module.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file's tests. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guardrail-serve-'));
  created.push(dir);
  return dir;
}

export interface Served {
  child: ChildProcess;
  port: number;
  metricsPort: number;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  ca: Buffer;
  stop(): Promise<number | null>;
}

/** Starts the built CLI on free loopback ports and waits for its "listening" line. */
export async function serve(cert: Cert, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--tls-cert', cert.cert, '--tls-key', cert.key, '--host', '127.0.0.1', '--port', '0', '--metrics-host', '127.0.0.1', '--metrics-port', '0', ...extra],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (String(entry.msg).startsWith('guardrail serve listening')) resolve({ port: Number(entry.port), metricsPort: Number(entry.metricsPort) });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const { port, metricsPort } = await ready;
  return {
    child,
    port,
    metricsPort,
    logs,
    exited,
    ca: await readFile(cert.cert),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return await exited;
    },
  };
}

export interface Reply {
  status: number;
  body: any;
  text: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

/** POSTs a body over HTTPS, trusting only the given CA (the self-signed serving certificate). */
export function post(served: { port: number; ca: Buffer }, endpoint: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: served.port, path: endpoint, method: 'POST', ca: served.ca, servername: 'localhost', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, fingerprint });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function get(port: number, urlPath: string): Promise<{ status: number; text: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, contentType: String(res.headers['content-type']) }));
    })
      .on('error', reject)
      .end();
  });
}

let uid = 0;

/** An AdmissionReview as the API server sends it. */
export function review(object: Record<string, any> | null, options: { operation?: string; oldObject?: Record<string, any>; dryRun?: boolean; namespace?: string; subResource?: string } = {}): Record<string, any> {
  const source = object ?? options.oldObject ?? {};
  const [group, version] = String(source.apiVersion ?? 'v1').includes('/') ? String(source.apiVersion).split('/') : ['', String(source.apiVersion ?? 'v1')];
  const namespace = options.namespace ?? source.metadata?.namespace ?? 'shop';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-${String(++uid).padStart(12, '0')}`,
      kind: { group, version, kind: source.kind },
      resource: { group, version, resource: `${String(source.kind).toLowerCase()}s` },
      requestKind: { group, version, kind: source.kind },
      name: source.metadata?.name,
      namespace,
      operation: options.operation ?? 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
      object,
      oldObject: options.oldObject ?? null,
      dryRun: options.dryRun ?? false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      ...(options.subResource ? { subResource: options.subResource } : {}),
    },
  };
}

/** A pod spec that passes every admission rule. */
export function hardenedPodSpec(): Record<string, any> {
  return {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'registry.example.com/shop/web@sha256:' + 'a'.repeat(64),
        ports: [{ containerPort: 8080 }],
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        livenessProbe: { httpGet: { path: '/live', port: 8080 } },
      },
    ],
  };
}

/** A pod spec with the usual mistakes: root, no seccomp, tag instead of digest, no probes or resources. */
export function plainPodSpec(): Record<string, any> {
  return { containers: [{ name: 'app', image: 'nginx:1.27' }] };
}

export function deployment(spec: Record<string, any>, name = 'web', namespace = 'shop'): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
  };
}

export async function writeConfig(dir: string, text: string): Promise<string> {
  const file = path.join(dir, 'guardrail.yaml');
  await writeFile(file, text);
  return file;
}
