// The spec loader: the example loads; every kind of mistake is refused with
// the field path and the line and column where it is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest, loadSpecText, type SpecError } from '../../src/generate/load-spec.js';
import { INIT_TEMPLATE } from '../../src/generate/init-template.js';
import { PLATFORM_SPEC_SCHEMA } from '../../src/generate/schema.js';
import { EXAMPLE_SPEC_FILE, exampleSpec, exampleText } from './support.js';

/** Replaces exactly one occurrence of `from` in the example (so each case edits what it means to). */
function edit(from: string, to: string, text = exampleText()): string {
  const at = text.indexOf(from);
  expect(at, `"${from}" in the example`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1), `"${from}" occurs once`).toBe(-1);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function errorsOf(text: string): SpecError[] {
  const result = loadSpecText(text, 'platform.yaml');
  expect(result.spec).toBeUndefined();
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

function expectError(text: string, pathName: string, message: RegExp, line?: number): SpecError {
  const errors = errorsOf(text);
  const match = errors.find((e) => e.path === pathName && message.test(e.message));
  expect(match, JSON.stringify(errors, null, 2)).toBeDefined();
  if (line !== undefined) expect(match?.line).toBe(line);
  return match as SpecError;
}

describe('the example spec', () => {
  it('loads, with the three core services and their flows', () => {
    const spec = exampleSpec();
    expect(spec.services.map((s) => s.name)).toEqual(['core-ingress-parser', 'core-routing', 'core-session-manager']);
    expect(spec.services[1].accepts).toEqual([{ from: 'core-ingress-parser', port: 8080 }]);
    expect(spec.services[2].accepts).toEqual([{ from: 'core-routing', port: 8080 }]);
    expect(spec.services[0].public).toBe(true);
    expect(spec.services[2].database?.engine).toBe('postgresql');
    expect(spec.services[2].cache).toBe(true);
    expect(spec.services[0].aws?.s3?.[0].access).toBe('read');
  });

  it('is the text `guardrail init` prints (one source)', () => {
    expect(readFileSync(EXAMPLE_SPEC_FILE, 'utf8'), 'src/generate/init-template.ts holds the text of examples/platform.yaml: change both together').toBe(INIT_TEMPLATE);
  });

  it('docs/platform-spec.schema.json is the schema the loader uses (npm run docs refreshes it)', () => {
    const file = path.resolve(import.meta.dirname, '../../docs/platform-spec.schema.json');
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(PLATFORM_SPEC_SCHEMA, null, 2)}\n`);
  });

  it('refuses unknown properties in every object of the schema', () => {
    const objects: Array<Record<string, unknown>> = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.type === 'object') objects.push(record);
        Object.values(record).forEach(walk);
      }
    };
    walk(PLATFORM_SPEC_SCHEMA);
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.additionalProperties).toBe(false);
  });
});

describe('mistakes, each named by field and line', () => {
  it('unknown field, with a "did you mean"', () => {
    const text = edit('    metricsPort: 9090\n    replicas: { min: 3, max: 12 }\n    resources: { cpu: 250m', '    metricPort: 9090\n    replicas: { min: 3, max: 12 }\n    resources: { cpu: 250m');
    expectError(text, 'services[0].metricPort', /unknown field "metricPort"; did you mean "metricsPort"\?/, lineOf(text, 'metricPort:'));
  });

  it('unknown top-level field without a near match lists what is allowed', () => {
    const text = `${exampleText()}extras: {}\n`;
    expectError(text, 'extras', /unknown field "extras"; allowed: apiVersion, kind, cluster, services, alerting/, lineOf(text, 'extras:'));
  });

  it('a flow from a service that does not exist', () => {
    const text = edit('      - from: core-routing\n', '      - from: core-routter\n');
    expectError(text, 'services[2].accepts[0].from', /no service named "core-routter"/, lineOf(text, 'core-routter'));
  });

  it('a flow to a port the service does not have', () => {
    const text = edit('      - from: core-routing\n        port: 8080', '      - from: core-routing\n        port: 8081');
    expectError(text, 'services[2].accepts[0].port', /has no port 8081/, lineOf(text, 'port: 8081'));
  });

  it('a literal Slack webhook where a reference is expected', () => {
    const text = edit('        apiUrlSecret: { name: alertmanager-slack, key: api-url }', '        apiUrl: https://hooks.slack.com/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx');
    const error = expectError(text, 'alerting.receivers[1].slack.apiUrl', /literal secret is not accepted.*apiUrlSecret/, lineOf(text, 'apiUrl:'));
    // The value itself is never echoed.
    expect(JSON.stringify(errorsOf(text))).not.toContain('hooks.slack.com');
    expect(error.column).toBe(9);
  });

  it('a literal PagerDuty key as the secret reference', () => {
    const text = edit('        serviceKeySecret: { name: alertmanager-pagerduty, key: service-key }', '        serviceKeySecret: 0123456789abcdef0123456789abcdef');
    expectError(text, 'alerting.receivers[0].pagerduty.serviceKeySecret', /literal secret is not accepted/, lineOf(text, 'serviceKeySecret:'));
  });

  it('a value shaped like a credential where a secret name goes', () => {
    const text = edit('        - core-platform/core-session-manager/session-signing-key', '        - AKIAIOSFODNN7EXAMPLF');
    const error = expectError(text, 'services[2].aws.secrets[0]', /looks like a literal secret \(AWS access key id\)/, lineOf(text, 'AKIA'));
    expect(error.message).not.toContain('AKIA');
  });

  it('a wildcard in an ARN, a bucket or a prefix', () => {
    let text = edit('arn:aws:dynamodb:eu-west-1:111122223333:table/core-routing-routes', 'arn:aws:dynamodb:eu-west-1:111122223333:table/*');
    expectError(text, 'services[1].aws.dynamodb[0].arn', /wildcards are not allowed/, lineOf(text, 'table/*'));
    text = edit('bucket: core-platform-ingress-templates', 'bucket: core-platform-*');
    expectError(text, 'services[0].aws.s3[0].bucket', /wildcards are not allowed/, lineOf(text, 'core-platform-*'));
    text = edit('prefix: templates/', 'prefix: templates/*');
    expectError(text, 'services[0].aws.s3[0].prefix', /wildcards are not allowed/, lineOf(text, 'templates/*'));
    text = edit('arn:aws:sqs:eu-west-1:111122223333:core-routing-events', 'arn:aws:sqs:*:111122223333:core-routing-events');
    expectError(text, 'services[1].aws.sqs[0].arn', /wildcards are not allowed/, lineOf(text, 'arn:aws:sqs:*'));
  });

  it('a token pasted as a key is not echoed', () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const text = edit('  page: oncall ', `  ${token}: x\n  page: oncall `);
    const errors = errorsOf(text);
    expect(JSON.stringify(errors)).not.toContain(token);
    expect(errors.some((e) => e.path === 'alerting.<redacted>' && e.line === lineOf(text, 'ghp_'))).toBe(true);
  });

  it('an image not pinned by digest', () => {
    const text = edit(
      'core-routing@sha256:3f4a674a4fd37cc06ce2903dd2a8afb1fae5cd3aaf7c0fa0084b0ccd785ad08e',
      'core-routing:1.4.2',
    );
    expectError(text, 'services[1].image', /pinned by tag only.*digest/, lineOf(text, 'core-routing:1.4.2'));
    const latest = edit('core-routing@sha256:3f4a674a4fd37cc06ce2903dd2a8afb1fae5cd3aaf7c0fa0084b0ccd785ad08e', 'core-routing');
    expectError(latest, 'services[1].image', /is not pinned/);
  });

  it('duplicate service names', () => {
    const text = edit('  - name: core-routing\n    namespace: core-routing', '  - name: core-ingress-parser\n    namespace: core-routing');
    expectError(text, 'services[1].name', /service "core-ingress-parser" is defined twice/);
  });

  it('namespaces that are not DNS-1123 labels, or reserved', () => {
    let text = edit('    namespace: core-routing\n', '    namespace: Core_Routing\n');
    expectError(text, 'services[1].namespace', /must be a DNS-1123 label/, lineOf(text, 'Core_Routing'));
    text = edit('    namespace: core-routing\n', '    namespace: kube-system\n');
    expectError(text, 'services[1].namespace', /reserved/, lineOf(text, 'namespace: kube-system'));
  });

  it('port clashes and a reserved port name', () => {
    let text = edit('      - name: http\n        port: 8080\n    metricsPort: 9090\n    replicas: { min: 3, max: 10 }', '      - name: http\n        port: 8080\n      - name: grpc\n        port: 8080\n    metricsPort: 9090\n    replicas: { min: 3, max: 10 }');
    expectError(text, 'services[1].ports[1].port', /port 8080 clashes with ports\[0\]/);
    text = edit('      - name: http\n        port: 8080\n    metricsPort: 9090\n    replicas: { min: 3, max: 10 }', '      - name: http\n        port: 8080\n      - name: metrics\n        port: 9100\n    metricsPort: 9090\n    replicas: { min: 3, max: 10 }');
    expectError(text, 'services[1].ports[1].name', /reserved for metricsPort/);
  });

  it('min replicas above max, p95 above p99, limits below requests', () => {
    let text = edit('replicas: { min: 3, max: 10 }', 'replicas: { min: 11, max: 10 }');
    expectError(text, 'services[1].replicas.min', /min \(11\) is greater than max \(10\)/, lineOf(text, 'min: 11'));
    text = edit('slo: { latencyP95Ms: 100, latencyP99Ms: 250', 'slo: { latencyP95Ms: 300, latencyP99Ms: 250');
    expectError(text, 'services[1].slo.latencyP95Ms', /above p99/);
    text = edit('resources: { cpu: 500m, memory: 512Mi, cpuLimit: "2", memoryLimit: 1Gi }', 'resources: { cpu: 500m, memory: 512Mi, cpuLimit: 250m, memoryLimit: 256Mi }');
    expectError(text, 'services[2].resources.cpuLimit', /below the request/);
    expectError(text, 'services[2].resources.memoryLimit', /below the request/);
  });

  it('database and cache constraints', () => {
    let text = edit('      name: sessions\n', '      name: postgres\n');
    expectError(text, 'services[2].database.name', /reserved by postgresql/, lineOf(text, 'name: postgres\n'));
    text = edit('      engine: postgresql\n', '      engine: oracle\n');
    expectError(text, 'services[2].database.engine', /must be one of "postgresql", "mysql"/);
    text = edit('      storageGb: 100\n', '      storageGb: 5\n');
    expectError(text, 'services[2].database.storageGb', /must be >= 20/);
    text = edit('        - core-platform/core-session-manager/session-signing-key', '        - core-platform/core-session-manager/redis-auth-token');
    expectError(text, 'services[2].aws.secrets[0]', /holds the cache's auth token/);
    text = edit('        - core-platform/core-session-manager/session-signing-key\n', '        - core-platform/core-session-manager/signing.key\n        - core-platform/other/Signing_Key\n');
    expectError(text, 'services[2].aws.secrets[1]', /mounts like secrets\[0\]/);
  });

  it('Kubernetes API access: no wildcards, no escalation, secrets only by name', () => {
    const withApi = (rules: string) => edit('    cache: true\n', `    cache: true\n    kubernetesApi:\n${rules}`);
    let text = withApi('      - { apiGroups: [""], resources: ["*"], verbs: [get] }\n');
    expectError(text, 'services[2].kubernetesApi[0].resources[0]', /wildcards are not allowed/);
    text = withApi('      - { apiGroups: [""], resources: [pods/exec], verbs: [create] }\n');
    expectError(text, 'services[2].kubernetesApi[0].resources[0]', /pods\/exec: runs commands in other pods/, lineOf(text, 'pods/exec'));
    text = withApi('      - { apiGroups: [""], resources: [secrets], verbs: [list] }\n');
    expectError(text, 'services[2].kubernetesApi[0].verbs', /listing or watching secrets/);
    text = withApi('      - { apiGroups: [""], resources: [configmaps], verbs: [escalate] }\n');
    expectError(text, 'services[2].kubernetesApi[0].verbs[0]', /must be one of "get"/);
    expect(loadSpecText(withApi('      - { apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update] }\n'), 'p.yaml').errors).toEqual([]);
  });

  it('a public service without a hostname; alerting that names a missing receiver', () => {
    let text = edit('    hostname: api.core-platform.example.com\n', '');
    expectError(text, 'services[0].public', /needs a hostname/);
    text = edit('  page: oncall ', '  page: on-call ');
    expectError(text, 'alerting.page', /no receiver named "on-call"/, lineOf(text, 'page: on-call'));
  });

  it('cluster fields: account id, zones outside the region, missing fields', () => {
    let text = edit('accountId: "111122223333"', 'accountId: 111122223333');
    expectError(text, 'cluster.accountId', /must be of type string/);
    text = edit('availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]', 'availabilityZones: [eu-west-1a, us-east-1b]');
    expectError(text, 'cluster.availabilityZones[1]', /is not in eu-west-1/);
    text = edit('  environment: production\n', '');
    expectError(text, 'cluster', /missing required field "environment"/, lineOf(text, '  name: core-platform'));
  });

  it('YAML errors: syntax, duplicate keys, several documents, aliases beyond the bound', () => {
    expectError('cluster: [\n', '(document)', /YAML/);
    const duplicate = edit('  region: eu-west-1\n', '  region: eu-west-1\n  region: eu-west-2\n');
    expectError(duplicate, '(document)', /YAML: Map keys must be unique/, lineOf(duplicate, 'region: eu-west-2'));
    expectError(`${exampleText()}---\nkind: Platform\n`, '(document)', /YAML/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${i === 0 ? 'a' : 'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    expect(loadSpecText(bomb, 'bomb.yaml').spec).toBeUndefined();
  });

  it('a spec too large to be one', () => {
    expectError(`# ${'x'.repeat(1024 * 1024)}\n`, '(document)', /larger than/);
  });

  it('checks across fields run for the parts the schema accepts, and not for broken ones', () => {
    let text = edit('    domain: core-routing\n', '    domian: core-routing\n');
    text = edit('      - from: core-routing\n', '      - from: core-routter\n', text);
    text = edit('replicas: { min: 3, max: 10 }', 'replicas: { min: 30, max: 10 }', text);
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['services[1].domian', 'services[2].accepts[0].from']);
  });

  it('several mistakes at once, sorted by line', () => {
    let text = edit('kind: Platform', 'kind: Platfrom');
    text = edit('    domain: core-routing\n', '    domian: core-routing\n', text);
    const errors = errorsOf(text);
    // The misspelt field stands for the missing one: no separate "missing domain" error.
    expect(errors.map((e) => e.path)).toEqual(['kind', 'services[1].domian']);
    expect(errors[0].message).toBe('must be "Platform"');
    expect([...errors].sort((a, b) => a.line - b.line)).toEqual(errors);
  });
});

describe('closest', () => {
  it('suggests a near key and nothing for a distant one', () => {
    expect(closest('acepts', ['accepts', 'aws'])).toBe('accepts');
    expect(closest('databse', ['database', 'cache'])).toBe('database');
    expect(closest('zzzzzz', ['accepts', 'aws'])).toBeUndefined();
  });
});
