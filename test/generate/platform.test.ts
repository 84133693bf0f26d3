// The generated platform is proven, not hoped: for the example spec and for
// random valid specs, the whole tree scans clean with guardrail's own rules,
// every Kubernetes object passes the Kubernetes schema, every .tf parses with
// the real HCL parser. The committed examples/platform/ is what the example
// spec generates today.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { generatePlatform } from '../../src/generate/platform.js';
import { loadSpecText } from '../../src/generate/load-spec.js';
import { manifestFile } from '../../src/generate/write-tree.js';
import type { GeneratedFile } from '../../src/generate/files.js';
import type { PlatformSpec, ServiceSpec } from '../../src/generate/spec.js';
import { exampleSpec, scanGenerated } from './support.js';

/** API groups of custom resources, which kubernetes-models does not model. */
const CUSTOM_GROUPS = ['monitoring.coreos.com', 'external-secrets.io', 'kyverno.io', 'security.istio.io', 'kustomize.config.k8s.io'];

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass> {
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
  return module[kind];
}

/** Every Kubernetes object in the tree, validated against the Kubernetes OpenAPI schema: how many, and what failed. */
async function validateKubernetes(files: readonly GeneratedFile[]): Promise<{ checked: number; problems: string[] }> {
  let checked = 0;
  const problems: string[] = [];
  for (const file of files.filter((f) => f.path.endsWith('.yaml') && f.path.startsWith('kubernetes/'))) {
    for (const doc of parseAllDocuments(file.content)) {
      if (doc.errors.length > 0) problems.push(`${file.path}: ${doc.errors[0].message}`);
      const value = doc.toJS() as { apiVersion: string; kind: string } | null;
      if (!value) continue;
      if (CUSTOM_GROUPS.includes(value.apiVersion.split('/')[0])) continue;
      const Model = await modelClass(value.apiVersion, value.kind);
      try {
        new Model(value).validate();
        checked++;
      } catch (error) {
        problems.push(`${file.path}: ${value.kind}: ${(error as Error).message}`);
      }
    }
  }
  return { checked, problems };
}

async function parseTerraform(files: readonly GeneratedFile[]): Promise<number> {
  const tf = files.filter((f) => f.path.endsWith('.tf'));
  for (const file of tf) await expect(parseHcl(file.path, file.content), file.path).resolves.toBeTypeOf('object');
  return tf.length;
}

describe('the example spec’s platform', () => {
  const files = generatePlatform(exampleSpec());

  it('scans clean: no finding at medium or above, no input error', async () => {
    const scan = await scanGenerated(files);
    expect(scan.errors).toEqual([]);
    expect(scan.serious).toEqual([]);
  });

  it('has every Kubernetes object valid for the Kubernetes schema, every .tf parseable', async () => {
    const { checked, problems } = await validateKubernetes(files);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    await parseTerraform(files);
  });

  it('would notice an invalid object (the validator is live)', async () => {
    const broken = files.map((f) =>
      f.path === 'kubernetes/services/core-routing/deployment.yaml' ? { ...f, content: f.content.replace('containerPort: 8080', 'containerPort: http') } : f,
    );
    const { problems } = await validateKubernetes(broken);
    expect(problems).toEqual([expect.stringMatching(/^kubernetes\/services\/core-routing\/deployment\.yaml: Deployment: .*containerPort must be integer/)]);
  });

  it('has what the issue asks of each service', () => {
    const paths = new Set(files.map((f) => f.path));
    for (const service of ['core-ingress-parser', 'core-routing', 'core-session-manager']) {
      for (const kind of ['serviceaccount', 'deployment', 'service', 'autoscaling', 'network-policies', 'servicemonitor']) {
        expect(paths.has(`kubernetes/services/${service}/${kind}.yaml`), `${service} ${kind}`).toBe(true);
      }
    }
    expect(paths.has('kubernetes/services/core-ingress-parser/ingress.yaml')).toBe(true);
    expect(paths.has('kubernetes/services/core-session-manager/secrets.yaml')).toBe(true);
    expect(paths.has('kubernetes/cluster/istio-peer-authentication.yaml')).toBe(true);
    expect(paths.has('kubernetes/cluster/kyverno-verify-images.yaml')).toBe(true);
  });

  it('declares each flow at both ends, across namespaces', () => {
    const policies = (service: string) => files.find((f) => f.path === `kubernetes/services/${service}/network-policies.yaml`)?.content ?? '';
    expect(policies('core-routing')).toContain('name: core-routing-from-core-ingress-parser');
    expect(policies('core-ingress-parser')).toContain('name: core-ingress-parser-to-core-routing');
    expect(policies('core-session-manager')).toContain('name: core-session-manager-from-core-routing');
    expect(policies('core-routing')).toContain('name: core-routing-to-core-session-manager');
    expect(policies('core-session-manager')).not.toContain('-to-');
  });

  it('lists every manifest in the Kustomize base', () => {
    const kustomization = files.find((f) => f.path === 'kubernetes/kustomization.yaml')?.content ?? '';
    const manifests = files.filter((f) => f.path.startsWith('kubernetes/') && f.path !== 'kubernetes/kustomization.yaml').map((f) => f.path.slice('kubernetes/'.length));
    const listed = (parseAllDocuments(kustomization)[0].toJS() as { resources: string[] }).resources;
    expect(listed).toEqual(manifests);
  });

  it('is the same on every call (deterministic)', () => {
    expect(generatePlatform(exampleSpec())).toEqual(files);
  });
});

describe('examples/platform/ (committed output)', () => {
  it('is current: `guardrail generate examples/platform.yaml -o examples/platform --force` refreshes it', () => {
    const root = path.resolve(import.meta.dirname, '../../examples/platform');
    const onDisk = new Map<string, string>();
    const walk = (dir: string, rel: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), r);
        else onDisk.set(r, readFileSync(path.join(dir, entry.name), 'utf8'));
      }
    };
    walk(root, '');
    const files = generatePlatform(exampleSpec());
    const expected = new Map([...files, manifestFile(files)].map((f) => [f.path, f.content]));
    expect([...onDisk.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(onDisk.get(file), file).toBe(content);
  });
});

// ---------------------------------------------------------------------------
// Random valid specs.

const HEX = '0123456789abcdef';
const digest = fc.string({ unit: fc.constantFrom(...HEX), minLength: 64, maxLength: 64 });
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 3, maxLength: 8 });

interface ServiceDraft {
  suffix: string;
  shareNamespace: boolean;
  ports: number[];
  metricsIsPort: boolean;
  replicasMin: number;
  replicasExtra: number;
  cpu: string;
  memory: string;
  withLimits: boolean;
  public: boolean;
  database: 'postgresql' | 'mysql' | undefined;
  cache: boolean;
  kubernetesApi: boolean;
  readsSecret: boolean;
  s3: Array<{ bucket: string; prefix: string | undefined; access: 'read' | 'write' | 'read-write' }>;
  kms: boolean;
  sqs: Array<'consume' | 'produce' | 'both'>;
  sns: boolean;
  dynamodb: Array<'read' | 'read-write'>;
  secrets: string[];
  imageDigest: string;
  flows: Array<{ from: number; port: number }>;
}

const serviceDraft: fc.Arbitrary<ServiceDraft> = fc.record({
  suffix: word,
  shareNamespace: fc.boolean(),
  ports: fc.uniqueArray(fc.integer({ min: 8000, max: 8100 }), { minLength: 1, maxLength: 3 }),
  metricsIsPort: fc.boolean(),
  replicasMin: fc.integer({ min: 1, max: 5 }),
  replicasExtra: fc.integer({ min: 1, max: 10 }),
  cpu: fc.constantFrom('50m', '250m', '1', '1.5'),
  memory: fc.constantFrom('64Mi', '256Mi', '1Gi'),
  withLimits: fc.boolean(),
  public: fc.boolean(),
  database: fc.constantFrom(undefined, 'postgresql' as const, 'mysql' as const),
  cache: fc.boolean(),
  kubernetesApi: fc.boolean(),
  readsSecret: fc.boolean(),
  s3: fc.array(
    fc.record({ bucket: word.map((w) => `bucket-${w}`), prefix: fc.option(word.map((w) => `${w}/`), { nil: undefined }), access: fc.constantFrom('read' as const, 'write' as const, 'read-write' as const) }),
    { maxLength: 2 },
  ),
  kms: fc.boolean(),
  sqs: fc.array(fc.constantFrom('consume' as const, 'produce' as const, 'both' as const), { maxLength: 2 }),
  sns: fc.boolean(),
  dynamodb: fc.array(fc.constantFrom('read' as const, 'read-write' as const), { maxLength: 2 }),
  secrets: fc.uniqueArray(word, { maxLength: 3 }),
  imageDigest: digest,
  flows: fc.array(fc.record({ from: fc.nat(5), port: fc.nat(2) }), { maxLength: 4 }),
});

const clusterDraft = fc.record({
  mtls: fc.boolean(),
  signing: fc.constantFrom('none', 'keyless', 'key'),
  tracing: fc.boolean(),
  environment: fc.constantFrom('production', 'staging'),
  zones: fc.integer({ min: 2, max: 3 }),
});

const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8nXRh950IZbRj8Ra/N9sbqOPZrfM\n5/KAQN0/KjHcorm/J5yctVd7iEcnessRQjU917hmKO6JWVGHpDguIyakZA==\n-----END PUBLIC KEY-----\n';

type ClusterDraft = { mtls: boolean; signing: string; tracing: boolean; environment: string; zones: number };

function buildSpec(cluster: ClusterDraft, drafts: ServiceDraft[]): PlatformSpec {
  const account = '210987654321';
  const region = 'us-east-2';
  const names = drafts.map((d, i) => `svc${i}-${d.suffix}`);
  const services: ServiceSpec[] = drafts.map((d, i) => {
    const name = names[i];
    const namespace = d.shareNamespace ? 'shared' : name;
    const ports = d.ports.map((port, j) => ({ name: `p${j}`, port }));
    if (d.metricsIsPort) ports.push({ name: 'metrics', port: 9100 });
    const min = d.replicasMin;
    const service: ServiceSpec = {
      name,
      namespace,
      domain: d.shareNamespace ? 'shared' : `domain-${i}`,
      image: `${account}.dkr.ecr.${region}.amazonaws.com/${name}@sha256:${d.imageDigest}`,
      ports,
      metricsPort: d.metricsIsPort ? 9100 : 9090,
      replicas: { min, max: Math.max(2, min + d.replicasExtra) },
      resources: { cpu: d.cpu, memory: d.memory, ...(d.withLimits ? { cpuLimit: '2', memoryLimit: '2Gi' } : {}) },
      slo: { latencyP95Ms: 100, latencyP99Ms: 300, errorRate: 0.001 },
    };
    const aws: NonNullable<ServiceSpec['aws']> = {};
    if (d.s3.length > 0) aws.s3 = d.s3.map((g) => ({ bucket: `${g.bucket}-${i}`, access: g.access, ...(g.prefix ? { prefix: g.prefix } : {}) }));
    if (d.kms) aws.kms = [`arn:aws:kms:${region}:${account}:key/0b7d2c3e-1111-4a5b-9c8d-${String(i).padStart(12, '0')}`];
    if (d.sqs.length > 0) aws.sqs = d.sqs.map((access, j) => ({ arn: `arn:aws:sqs:${region}:${account}:${name}-queue-${j}`, access }));
    if (d.sns) aws.sns = [{ arn: `arn:aws:sns:${region}:${account}:${name}-events` }];
    if (d.dynamodb.length > 0) aws.dynamodb = d.dynamodb.map((access, j) => ({ arn: `arn:aws:dynamodb:${region}:${account}:table/${name}-table-${j}`, access }));
    if (d.secrets.length > 0) aws.secrets = d.secrets.map((s) => `platform/${name}/${s}`);
    if (Object.keys(aws).length > 0) service.aws = aws;
    if (d.public) Object.assign(service, { public: true, hostname: `${name}.example.com` });
    if (d.database) service.database = { engine: d.database, name: 'appdata' };
    if (d.cache) service.cache = true;
    if (d.kubernetesApi) {
      service.kubernetesApi = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];
      if (d.readsSecret) service.kubernetesApi.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [`${name}-config`] });
    }
    return service;
  });
  drafts.forEach((d, i) => {
    const flows = new Map<string, { from: string; port: number }>();
    for (const flow of d.flows) {
      const from = names[flow.from % names.length];
      const port = d.ports[flow.port % d.ports.length];
      flows.set(`${from}:${port}`, { from, port });
    }
    if (flows.size > 0) services[i].accepts = [...flows.values()];
  });
  return {
    apiVersion: 'guardrail.dev/v1',
    kind: 'Platform',
    cluster: {
      name: 'prop-cluster',
      region,
      accountId: account,
      kubernetesVersion: '1.35',
      oidcProvider: `oidc.eks.${region}.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`,
      environment: cluster.environment,
      vpcCidr: '10.20.0.0/16',
      availabilityZones: ['us-east-2a', 'us-east-2b', 'us-east-2c'].slice(0, cluster.zones),
      ...(cluster.mtls ? { mtls: true } : {}),
      ...(cluster.tracing ? { tracingEndpoint: 'tempo.tracing.svc.cluster.local:4317' } : {}),
      ...(cluster.signing === 'keyless'
        ? { imageSigning: { keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/app/.github/workflows/release.yaml@refs/heads/main' } } }
        : cluster.signing === 'key'
          ? { imageSigning: { publicKey: PUBLIC_KEY } }
          : {}),
    },
    services,
    alerting: {
      receivers: [
        { name: 'pager', pagerduty: { serviceKeySecret: { name: 'alertmanager-pagerduty', key: 'service-key' } } },
        { name: 'chat', slack: { channel: '#alerts', apiUrlSecret: { name: 'alertmanager-slack', key: 'api-url' } } },
      ],
      page: 'pager',
      ticket: 'chat',
    },
  };
}

const specs = fc.tuple(clusterDraft, fc.array(serviceDraft, { minLength: 1, maxLength: 6 })).map(([c, s]) => buildSpec(c, s));

describe('random valid specs (property-based)', () => {
  it('load, and their platform scans clean, validates and parses', async () => {
    await fc.assert(
      fc.asyncProperty(specs, async (spec) => {
        // The arbitrary makes only valid specs: the loader agrees (round trip through YAML).
        const loaded = loadSpecText(stringify(spec), 'random.yaml');
        expect(loaded.errors).toEqual([]);
        const files = generatePlatform(loaded.spec as PlatformSpec);
        const scan = await scanGenerated(files);
        expect(scan.errors).toEqual([]);
        expect(scan.serious).toEqual([]);
        expect((await validateKubernetes(files)).problems).toEqual([]);
        await parseTerraform(files);
        expect(generatePlatform(loaded.spec as PlatformSpec)).toEqual(files);
      }),
      { numRuns: 10 },
    );
  }, 300_000);
});
