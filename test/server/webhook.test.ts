// The validating endpoint end to end: AdmissionReview bodies as the API server
// sends them, over real HTTPS on loopback, against the built CLI.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { deployment, get, hardenedPodSpec, makeCert, plainPodSpec, post, review, serve, tempDir, writeConfig, type Served } from './support.js';

/** Declares a body of `length` bytes, sends the first kilobyte and returns the status the server answers with. */
function declaredTooLarge(served: Served, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: served.port, path: '/validate', method: 'POST', ca: served.ca, servername: 'localhost', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(length) } },
      (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.write(Buffer.alloc(1024, 0x20));
  });
}

const send = (served: Served, body: unknown, endpoint = '/validate') => post(served, endpoint, JSON.stringify(body));

const pod = (spec: Record<string, any>, name = 'one-off') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec });
const cronJob = (spec: Record<string, any>) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'report', namespace: 'shop' },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...spec, restartPolicy: 'OnFailure' } } } } },
});
const rollout = (spec: Record<string, any>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec }, strategy: { canary: { steps: [{ setWeight: 20 }] } } },
});

describe('guardrail serve: validating webhook', () => {
  let served: Served;
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    const cert = await makeCert(dir);
    const config = await writeConfig(
      dir,
      ['admission:', '  denyAt: high', '  exemptNamespaces: [kube-system, "sandbox-*"]', 'rules:', '  read-only-root-fs: low', ''].join('\n'),
    );
    served = await serve(cert, ['--config', config, '--log-level', 'debug']);
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  it('denies a Deployment that violates practices at or above denyAt, naming each practice, and echoes the uid', async () => {
    const body = review(deployment(plainPodSpec()));
    const reply = await send(served, body);
    expect(reply.status).toBe(200);
    expect(reply.body.apiVersion).toBe('admission.k8s.io/v1');
    expect(reply.body.kind).toBe('AdmissionReview');
    const response = reply.body.response;
    expect(response.uid).toBe(body.request.uid);
    expect(response.allowed).toBe(false);
    expect(response.status.code).toBe(403);
    expect(response.status.message).toContain('Deployment/shop/web');
    for (const practice of ['POD-NON-ROOT', 'POD-NO-PRIVILEGE-ESCALATION']) expect(response.status.message).toContain(`[${practice}]`);
    // Medium findings are below this config's denyAt: high.
    expect(response.status.message).not.toContain('[SUP-IMAGE-DIGEST]');
    // Below the threshold: warnings, each short and naming its practice.
    expect(response.warnings.length).toBeGreaterThan(0);
    expect(response.warnings.length).toBeLessThanOrEqual(10);
    for (const warning of response.warnings) {
      expect(warning.length).toBeLessThanOrEqual(120);
      expect(warning).toMatch(/^[A-Z0-9-]+ \(/);
    }
    expect(response.warnings.join('\n')).toContain('POD-READ-ONLY-ROOT-FS');
  });

  it('admits a hardened Deployment with no warning', async () => {
    const reply = await send(served, review(deployment(hardenedPodSpec())));
    expect(reply.body.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it.each([
    ['Pod', pod(plainPodSpec()), pod(hardenedPodSpec())],
    ['CronJob', cronJob(plainPodSpec()), cronJob(hardenedPodSpec())],
    ['Argo Rollout', rollout(plainPodSpec()), rollout(hardenedPodSpec())],
  ])('judges the pod spec of a %s', async (_kind, bad, good) => {
    const denied = await send(served, review(bad));
    expect(denied.body.response.allowed).toBe(false);
    expect(denied.body.response.status.message).toContain('[POD-NON-ROOT]');
    const admitted = await send(served, review(good));
    expect(admitted.body.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('judges kinds with no pod spec by their own rules, and allows kinds it has no rule for', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ci' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }] };
    const denied = await send(served, review(role, { namespace: '' }));
    expect(denied.body.response.allowed).toBe(false);
    expect(denied.body.response.status.message).toContain('[K8S-RBAC-NO-CLUSTER-ADMIN]');
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { LOG_LEVEL: 'info' } };
    expect((await send(served, review(configMap))).body.response).toEqual({ uid: expect.any(String), allowed: true });
    const custom = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: { size: 3 } };
    expect((await send(served, review(custom))).body.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('on UPDATE denies new violations but only warns about those the old object already had', async () => {
    const old = deployment({ ...hardenedPodSpec(), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
    // Already running as root before: a rollout of a new image must not be blocked for that.
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'registry.example.com/shop/web@sha256:' + 'b'.repeat(64);
    const existing = await send(served, review(next, { operation: 'UPDATE', oldObject: old }));
    expect(existing.body.response.allowed).toBe(true);
    expect(existing.body.response.warnings.join('\n')).toMatch(/^existing: POD-NON-ROOT/m);
    // A violation the old object did not have is denied.
    next.spec.template.spec.containers[0].securityContext.privileged = true;
    const added = await send(served, review(next, { operation: 'UPDATE', oldObject: old }));
    expect(added.body.response.allowed).toBe(false);
    expect(added.body.response.status.message).toContain('[POD-NO-PRIVILEGED]');
    expect(added.body.response.status.message).not.toContain('[POD-NON-ROOT]');
  });

  it('judges the object, not the copies tools keep in its metadata', async () => {
    const object = deployment(hardenedPodSpec());
    object.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(deployment(plainPodSpec())) };
    object.metadata.managedFields = [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
    expect((await send(served, review(object))).body.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('allows DELETE, status writes and objects being deleted without judging them', async () => {
    const bad = deployment(plainPodSpec());
    expect((await send(served, review(null, { operation: 'DELETE', oldObject: bad }))).body.response.allowed).toBe(true);
    expect((await send(served, review(bad, { operation: 'UPDATE', oldObject: bad, subResource: 'status' }))).body.response.allowed).toBe(true);
    const deleting = structuredClone(bad);
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    deleting.metadata.finalizers = [];
    expect((await send(served, review(deleting, { operation: 'UPDATE', oldObject: bad }))).body.response.allowed).toBe(true);
  });

  it('judges ephemeral containers added to a running pod', async () => {
    const running = pod(hardenedPodSpec(), 'api-0');
    const debugged = structuredClone(running);
    debugged.spec.ephemeralContainers = [{ name: 'debugger', image: 'busybox:1.36', securityContext: { privileged: true } }];
    const reply = await send(served, review(debugged, { operation: 'UPDATE', oldObject: running, subResource: 'ephemeralcontainers' }));
    expect(reply.body.response.allowed).toBe(false);
    expect(reply.body.response.status.message).toContain('[POD-NO-PRIVILEGED]');
  });

  it('exempts configured namespaces, by name and by glob', async () => {
    for (const namespace of ['kube-system', 'sandbox-alice']) {
      const reply = await send(served, review(deployment(plainPodSpec(), 'web', namespace)));
      expect(reply.body.response, namespace).toEqual({ uid: expect.any(String), allowed: true });
    }
  });

  it('honours guardrail.dev/ignore annotations with a reason, and rejects those without one', async () => {
    const spec = hardenedPodSpec();
    spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
    const suppressed = deployment(spec);
    suppressed.metadata.annotations = { 'guardrail.dev/ignore': 'POD-NON-ROOT: vendor image needs root to bind port 80, tracked in OPS-12 until 2099-01-01' };
    expect((await send(served, review(suppressed))).body.response).toEqual({ uid: expect.any(String), allowed: true });
    suppressed.metadata.annotations = { 'guardrail.dev/ignore': 'POD-NON-ROOT' };
    const denied = await send(served, review(suppressed));
    expect(denied.body.response.allowed).toBe(false);
    expect(denied.body.response.status.message).toContain('[POD-NON-ROOT]');
  });

  it('answers dry-run requests the same way but does not count them as denials', async () => {
    const reply = await send(served, review(deployment(plainPodSpec(), 'dry'), { dryRun: true }));
    expect(reply.body.response.allowed).toBe(false);
    const metrics = (await get(served.metricsPort, '/metrics')).text;
    expect(metrics).toMatch(/guardrail_admission_decisions_total\{endpoint="validate",result="dry_run_denied",kind="Deployment",namespace="shop"\} 1/);
  });

  it('rejects bodies that are not AdmissionReviews with 400 and a reason', async () => {
    const cases: Array<[string, string]> = [
      ['{"apiVersion": "admission.k8s.io/v1", "kind": ', 'malformed JSON'],
      ['[]', 'AdmissionReview'],
      [JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: review(pod(plainPodSpec())).request }), 'apiVersion'],
      [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 'request'],
      [JSON.stringify({ ...review(pod(plainPodSpec())), request: { ...review(pod(plainPodSpec())).request, uid: 7 } }), 'uid'],
      [JSON.stringify({ ...review(pod(plainPodSpec())), request: { ...review(pod(plainPodSpec())).request, operation: 'PATCH' } }), 'operation'],
      ['{"__proto__": {"allowed": true}, "apiVersion": "admission.k8s.io/v1"}', ''],
    ];
    for (const [body, reason] of cases) {
      const reply = await post(served, '/validate', body);
      expect(reply.status, body.slice(0, 80)).toBe(400);
      expect(reply.body.message, body.slice(0, 80)).toContain(reason);
    }
    expect((await post(served, '/validate', 'hello', { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post(served, '/validate', '<review/>', { 'content-type': 'application/xml' })).status).toBe(415);
  });

  it('answers 413 to a body over the limit, and still answers a 3 MiB review', async () => {
    const big = review(deployment(hardenedPodSpec()));
    big.request.object.metadata.annotations = { note: 'x'.repeat(3 * 1024 * 1024) };
    const reply = await send(served, big);
    expect(reply.status).toBe(200);
    expect(reply.body.response.allowed).toBe(true);
    // The server answers as soon as it sees the declared length, before the body arrives.
    expect(await declaredTooLarge(served, 8 * 1024 * 1024)).toBe(413);
    expect((await get(served.metricsPort, '/metrics')).text).toMatch(/guardrail_admission_errors_total\{cause="body_too_large"\} 1/);
  });

  it('logs decisions as JSON without bodies or annotation values', async () => {
    const secret = 'not-for-logs-4f9a';
    const object = deployment(plainPodSpec(), 'logged');
    object.metadata.annotations = { token: secret };
    await send(served, review(object));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const decision = served.logs.find((l) => l.msg === 'admission decision' && l.name === 'logged');
    expect(decision).toMatchObject({ level: 'info', kind: 'Deployment', namespace: 'shop', allowed: false, result: 'denied' });
    expect(decision!.practices).toContain('POD-NON-ROOT');
    expect(JSON.stringify(served.logs)).not.toContain(secret);
    expect(JSON.stringify(served.logs)).not.toContain('nginx:1.27');
  });
});

describe('guardrail serve: start-up errors', () => {
  it('exits 2 with a message on an invalid config or unreadable certificate', async () => {
    const dir = await tempDir();
    const cert = await makeCert(dir);
    const config = await writeConfig(dir, 'admission:\n  denyAt: sometimes\n');
    const invalid = await runCli(['serve', '--tls-cert', cert.cert, '--tls-key', cert.key, '--config', config, '--port', '0', '--metrics-port', '0']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('admission.denyAt');
    const missing = await runCli(['serve', '--tls-cert', `${dir}/none.crt`, '--tls-key', cert.key, '--port', '0', '--metrics-port', '0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot start the webhook');
  });
});

describe('guardrail serve --audit-only', () => {
  it('admits everything and reports would-be denials as warnings', async () => {
    const dir = await tempDir();
    const served = await serve(await makeCert(dir), ['--audit-only']);
    try {
      const reply = await send(served, review(deployment(plainPodSpec())));
      expect(reply.body.response.allowed).toBe(true);
      expect(reply.body.response.warnings.join('\n')).toMatch(/^would deny: POD-NON-ROOT/m);
      const metrics = (await get(served.metricsPort, '/metrics')).text;
      expect(metrics).toMatch(/guardrail_admission_decisions_total\{endpoint="validate",result="audit_only_denied",kind="Deployment",namespace="shop"\} 1/);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
