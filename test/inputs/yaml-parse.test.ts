import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlStream } from '../../src/inputs/yaml/parse.js';
import { locateIn } from '../../src/inputs/yaml/positions.js';
import { kubernetesResources } from '../../src/inputs/k8s/resources.js';

function only(text: string) {
  const stream = parseYamlStream(text, 'f.yaml');
  expect(stream.errors).toEqual([]);
  expect(stream.documents).toHaveLength(1);
  const [doc] = stream.documents;
  return { value: doc.value as Record<string, unknown>, at: (...path: Array<string | number>) => locateIn(doc.value, doc.positions, path) };
}

describe('YAML parsing with positions', () => {
  it('locates map keys and sequence items, falling back to the nearest ancestor', () => {
    const { at } = only('a: 1\nb:\n  c:\n    - x\n    - d: 2\n      e: 3\n');
    expect(at('a')).toEqual({ line: 1, column: 1 });
    expect(at('b', 'c')).toEqual({ line: 3, column: 3 });
    expect(at('b', 'c', 1)).toEqual({ line: 5, column: 7 });
    expect(at('b', 'c', 1, 'e')).toEqual({ line: 6, column: 7 });
    expect(at('b', 'c', 1, 'missing')).toEqual({ line: 5, column: 7 });
    expect(at('b', 'c', 9)).toEqual({ line: 3, column: 3 });
  });

  it('keeps positions right when integer-like keys reorder an object', () => {
    const { value, at } = only('data:\n  b: 1\n  "8080": tcp/svc\n  a: 2\n');
    expect(Object.keys(value.data as object)).toEqual(['8080', 'b', 'a']);
    expect(at('data', '8080').line).toBe(3);
    expect(at('data', 'b').line).toBe(2);
    expect(at('data', 'a').line).toBe(4);
  });

  it('reports duplicate keys but keeps the document, the last value winning', () => {
    const stream = parseYamlStream('a: 1\nb: 2\na: 3\nc: 4\n', 'f.yaml');
    expect(stream.errors).toHaveLength(1);
    expect(stream.errors[0]).toMatchObject({ file: 'f.yaml', line: 3 });
    const [doc] = stream.documents;
    expect(doc.value).toEqual({ a: 3, b: 2, c: 4 });
    expect(locateIn(doc.value, doc.positions, ['a']).line).toBe(3);
    expect(locateIn(doc.value, doc.positions, ['c']).line).toBe(4);
  });

  it('expands aliases and merge keys as Kubernetes does', () => {
    const { value, at } = only('base: &base\n  p: 1\n  q: 2\nitem:\n  <<: *base\n  q: 3\nref: *base\n');
    expect(value.item).toEqual({ q: 3, p: 1 });
    expect(value.ref).toEqual({ p: 1, q: 2 });
    expect(at('item', 'p').line).toBe(5);
    expect(at('item', 'q').line).toBe(6);
  });

  it('decodes YAML 1.1 booleans and keeps timestamps as text', () => {
    const { value } = only('hostNetwork: yes\nprivileged: on\ncreated: 2024-01-02\nversion: "1.29"\n');
    expect(value).toEqual({ hostNetwork: true, privileged: true, created: '2024-01-02', version: '1.29' });
  });

  it('keeps the other documents of a stream when one is malformed', () => {
    const stream = parseYamlStream('a: 1\n---\nb: [\n---\nc: 3\n', 'f.yaml');
    expect(stream.documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(stream.errors.length).toBeGreaterThan(0);
    expect(stream.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('refuses absurd nesting with an error, not a crash', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const stream = parseYamlStream(text, 'deep.yaml');
    expect(stream.documents).toEqual([]);
    expect(stream.errors.length).toBeGreaterThan(0);
  });

  it('finds the same value and key lines as the source for any data (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    const leaf = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z ]{0,8}$/));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), fc.array(tie('node'), { maxLength: 3 })),
      map: fc.dictionary(key, tie('node'), { minKeys: 1, maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(tree, (data) => {
        const text = stringify(data, { version: '1.1' });
        const stream = parseYamlStream(text, 'p.yaml');
        expect(stream.errors).toEqual([]);
        const [doc] = stream.documents;
        expect(doc.value).toEqual(data);
        const lines = text.split('\n');
        for (const [k, v] of Object.entries(data)) {
          const { line } = locateIn(doc.value, doc.positions, [k]);
          expect(lines[line - 1]).toContain(k);
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            for (const inner of Object.keys(v)) expect(lines[locateIn(doc.value, doc.positions, [k, inner]).line - 1]).toContain(inner);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Kubernetes resources', () => {
  it('expands kind: List and keeps each item’s positions', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: a\n      namespace: core-routing\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: b}\n    spec:\n      containers: [{name: c, image: x}]\n';
    const { documents } = parseYamlStream(text, 'list.yaml');
    const { resources, errors } = kubernetesResources(documents, 'list.yaml');
    expect(errors).toEqual([]);
    expect(resources.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)).toEqual(['ServiceAccount/core-routing/a', 'Pod//b']);
    expect(resources[1].locate(['spec', 'containers', 0]).line).toBe(13);
    expect(resources[0].locate(['metadata', 'namespace']).line).toBe(8);
  });

  it('skips documents that are not Kubernetes and reports malformed ones', () => {
    const text = 'on: push\njobs: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {namespace: [x]}\n---\napiVersion: 1\nkind: Pod\nmetadata: {name: p}\n';
    const { documents } = parseYamlStream(text, 'f.yaml');
    const { resources, errors } = kubernetesResources(documents, 'f.yaml');
    expect(resources).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([4, 8]);
  });
});

describe('configuration files with apiVersion and kind', () => {
  it('are not taken for API objects', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n---\napiVersion: v1\nkind: Config\nclusters: []\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
    const { documents } = parseYamlStream(text, 'k.yaml');
    expect(kubernetesResources(documents, 'k.yaml')).toEqual({ resources: [], errors: [] });
  });
});
