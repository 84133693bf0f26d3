// The mutating endpoint end to end: the JSONPatch it answers with, applied as
// the API server applies it, adds only missing safe defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointer } from '../../src/server/mutate.js';
import { deployment, hardenedPodSpec, makeCert, post, review, serve, tempDir, type Served } from './support.js';

/** Applies RFC 6902 `add` operations (the only kind the endpoint emits); anything else fails the test. */
function applyPatch(document: any, patch: Array<{ op: string; path: string; value: unknown }>): any {
  const result = structuredClone(document);
  for (const { op, path, value } of patch) {
    expect(op).toBe('add');
    const keys = path.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    let node = result;
    for (const key of keys) {
      node = node[Array.isArray(node) ? Number(key) : key];
      expect(node, path).toBeTypeOf('object');
    }
    if (Array.isArray(node)) node.splice(last === '-' ? node.length : Number(last), 0, value);
    else node[last] = value;
  }
  return result;
}

describe('guardrail serve: mutating webhook', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(await makeCert(await tempDir()));
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  async function mutate(object: any, options: Parameters<typeof review>[1] = {}): Promise<{ response: any; patched: any }> {
    const body = review(object, options);
    const reply = await post(served, '/mutate', JSON.stringify(body));
    expect(reply.status).toBe(200);
    const response = reply.body.response;
    expect(response.uid).toBe(body.request.uid);
    expect(response.allowed).toBe(true);
    if (!response.patch) return { response, patched: object };
    expect(response.patchType).toBe('JSONPatch');
    return { response, patched: applyPatch(object, JSON.parse(Buffer.from(response.patch, 'base64').toString())) };
  }

  const bare = () => ({ containers: [{ name: 'app', image: 'app:1' }], initContainers: [{ name: 'init', image: 'init:1', securityContext: { runAsUser: 1000 } }] });
  const workloads: Array<[string, (spec: any) => any, (o: any) => any]> = [
    ['Pod', (spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec }), (o) => o.spec],
    ['Deployment', (spec) => deployment(spec), (o) => o.spec.template.spec],
    ['StatefulSet', (spec) => ({ ...deployment(spec), apiVersion: 'apps/v1', kind: 'StatefulSet' }), (o) => o.spec.template.spec],
    ['DaemonSet', (spec) => ({ ...deployment(spec), kind: 'DaemonSet' }), (o) => o.spec.template.spec],
    ['Job', (spec) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'shop' }, spec: { template: { spec } } }), (o) => o.spec.template.spec],
    ['CronJob', (spec) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'shop' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } } }), (o) => o.spec.jobTemplate.spec.template.spec],
    ['Argo Rollout', (spec) => ({ ...deployment(spec), apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }), (o) => o.spec.template.spec],
  ];

  it.each(workloads)('adds the safe defaults to a %s and keeps what was set', async (_kind, make, specOf) => {
    const object = make(bare());
    const { patched } = await mutate(object);
    const spec = specOf(patched);
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(spec.initContainers[0].securityContext).toEqual({ runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // Nothing else changed.
    const reverted = structuredClone(patched);
    const s = specOf(reverted);
    delete s.securityContext;
    delete s.automountServiceAccountToken;
    delete s.containers[0].securityContext;
    s.initContainers[0].securityContext = { runAsUser: 1000 };
    expect(reverted).toEqual(object);
  });

  it('never changes an explicit value, even an unsafe one', async () => {
    const spec = {
      automountServiceAccountToken: true,
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [
        { name: 'added', image: 'a:1', securityContext: { allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] } } },
        { name: 'dropped', image: 'b:1', securityContext: { capabilities: { drop: ['NET_RAW'] } } },
        { name: 'privileged', image: 'c:1', securityContext: { privileged: true } },
        { name: 'sysadmin', image: 'd:1', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } },
      ],
    };
    const { patched } = await mutate(deployment(spec));
    const containers = patched.spec.template.spec.containers;
    expect(patched.spec.template.spec.securityContext).toEqual(spec.securityContext);
    expect(patched.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(containers[0].securityContext).toEqual(spec.containers[0].securityContext);
    expect(containers[1].securityContext).toEqual({ capabilities: { drop: ['NET_RAW'] }, allowPrivilegeEscalation: false });
    // The API server rejects allowPrivilegeEscalation: false beside privileged or SYS_ADMIN.
    expect(containers[2].securityContext).toEqual({ privileged: true });
    expect(containers[3].securityContext).toEqual({ capabilities: { add: ['SYS_ADMIN'] } });
  });

  it('leaves the token mounted when the workload declares API use', async () => {
    const annotated = deployment(bare());
    annotated.spec.template.metadata.annotations = { 'guardrail.dev/api-access': 'true' };
    expect((await mutate(annotated)).patched.spec.template.spec.automountServiceAccountToken).toBeUndefined();
    const ownAccount = deployment({ ...bare(), serviceAccountName: 'operator' });
    expect((await mutate(ownAccount)).patched.spec.template.spec.automountServiceAccountToken).toBeUndefined();
  });

  it('answers a hardened or pod-less object, and a Windows pod, with no patch', async () => {
    expect((await mutate(deployment(hardenedPodSpec()))).response).toEqual({ uid: expect.any(String), allowed: true });
    expect((await mutate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: {} })).response.patch).toBeUndefined();
    const windows = deployment({ ...bare(), os: { name: 'windows' }, automountServiceAccountToken: false });
    expect((await mutate(windows)).response.patch).toBeUndefined();
  });

  it('does not patch the immutable pod spec of a Pod or Job on UPDATE, but does a Deployment', async () => {
    const pod = workloads[0][1](bare());
    expect((await mutate(pod, { operation: 'UPDATE', oldObject: pod })).response.patch).toBeUndefined();
    const job = workloads[4][1](bare());
    expect((await mutate(job, { operation: 'UPDATE', oldObject: job })).response.patch).toBeUndefined();
    const dep = deployment(bare());
    expect((await mutate(dep, { operation: 'UPDATE', oldObject: dep })).response.patch).toBeDefined();
  });

  it('produces objects the validating endpoint no longer faults for those practices', async () => {
    const { patched } = await mutate(deployment(bare()));
    const reply = await post(served, '/validate', JSON.stringify(review(patched)));
    const text = `${reply.body.response.status?.message ?? ''}\n${(reply.body.response.warnings ?? []).join('\n')}`;
    for (const practice of ['POD-SECCOMP', 'POD-NO-PRIVILEGE-ESCALATION', 'POD-DROP-ALL-CAPABILITIES']) expect(text).not.toContain(practice);
  });
});

describe('JSON pointers', () => {
  it('escape ~ and / in keys (RFC 6901)', () => {
    expect(pointer(['metadata', 'annotations', 'guardrail.dev/api-access'])).toBe('/metadata/annotations/guardrail.dev~1api-access');
    expect(pointer(['a~b', 0, 'c'])).toBe('/a~0b/0/c');
  });
});
