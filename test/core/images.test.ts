import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imageRepositoryName, isSha256Digest, parseImageReference, pinningProblem } from '../../src/core/images.js';

const HEX = 'a'.repeat(64);

describe('parseImageReference', () => {
  it.each([
    ['busybox', { path: 'busybox', repository: 'busybox' }],
    ['busybox:1.36', { path: 'busybox', tag: '1.36' }],
    ['library/busybox:latest', { path: 'library/busybox', tag: 'latest' }],
    ['registry.example.com/core-routing', { domain: 'registry.example.com', path: 'core-routing' }],
    ['registry.example.com:5000/core-routing', { domain: 'registry.example.com:5000', path: 'core-routing', tag: undefined }],
    ['localhost/app:dev', { domain: 'localhost', path: 'app', tag: 'dev' }],
    ['localhost:5000/team/app', { domain: 'localhost:5000', path: 'team/app', tag: undefined }],
    ['core-ingress-parser:5000', { domain: undefined, path: 'core-ingress-parser', tag: '5000' }],
    ['[fd00::1]:5000/app:v1', { domain: '[fd00::1]:5000', path: 'app', tag: 'v1' }],
    ['Registry.Example.com/app', { domain: 'Registry.Example.com', path: 'app' }],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/core/gc:1.2.3', { path: 'core/gc', repository: 'gc', tag: '1.2.3' }],
    [`app@sha256:${HEX}`, { path: 'app', tag: undefined, digest: { algorithm: 'sha256', hex: HEX } }],
    [`host:5000/app:1.0@sha256:${HEX}`, { domain: 'host:5000', path: 'app', tag: '1.0', digest: { algorithm: 'sha256', hex: HEX } }],
    ['docker.io/bitnami/postgresql:16', { repository: 'postgresql' }],
    ['my_app__x/a-b--c.d:t', { path: 'my_app__x/a-b--c.d' }],
  ])('parses %s', (text, expected) => {
    expect(parseImageReference(text)).toMatchObject(expected);
  });

  it.each([
    '',
    'team/UPPER',
    'app:',
    'app:-tag',
    'app@sha256:',
    'app@sha256:xyz',
    'app@:' + HEX,
    '${IMAGE}',
    '{{ .Values.image }}',
    'a//b',
    '/app',
    'app/',
    'host:port/app',
    'a_-b',
    ' app',
    'app:' + 't'.repeat(129),
    'a'.repeat(600),
  ])('rejects %s', (text) => {
    expect(parseImageReference(text)).toBeUndefined();
  });

  it('checks sha256 digests strictly', () => {
    expect(isSha256Digest(parseImageReference(`app@sha256:${HEX}`)?.digest)).toBe(true);
    expect(isSha256Digest(parseImageReference(`app@sha256:${HEX.toUpperCase()}`)?.digest)).toBe(false);
    expect(isSha256Digest(parseImageReference(`app@sha256:${HEX}aa`)?.digest)).toBe(false);
    expect(isSha256Digest(parseImageReference(`app@sha512:${'a'.repeat(128)}`)?.digest)).toBe(false);
    expect(isSha256Digest(undefined)).toBe(false);
  });

  it('finds repository names, also of references that do not parse', () => {
    expect(imageRepositoryName('public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4')).toBe('aws-for-fluent-bit');
    expect(imageRepositoryName(`falcosecurity/falco-no-driver@sha256:${HEX}`)).toBe('falco-no-driver');
    expect(imageRepositoryName('registry:5000/Team/Fluent-Bit:v1')).toBe('fluent-bit');
    expect(imageRepositoryName('')).toBeUndefined();
  });

  it('is fast on long adversarial input and never throws', () => {
    const inputs = ['a-'.repeat(200) + '!', 'a.'.repeat(250) + '/', '_'.repeat(500), `a@${'a'.repeat(300)}:${'f'.repeat(200)}`];
    const start = Date.now();
    for (const text of inputs) {
      parseImageReference(text);
      imageRepositoryName(text);
    }
    expect(Date.now() - start).toBeLessThan(200);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parseImageReference(text);
        imageRepositoryName(text);
      }),
    );
  });
});

describe('pinningProblem', () => {
  it('judges pinning the same way for every input', () => {
    expect(pinningProblem(`registry.example.com/core-routing@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(pinningProblem('registry.example.com/core-routing')).toEqual({ kind: 'no-tag', severity: 'high' });
    expect(pinningProblem('registry.example.com/core-routing:latest')).toEqual({ kind: 'latest', severity: 'high' });
    expect(pinningProblem('registry.example.com:5000/core-routing:1.4.2')).toEqual({ kind: 'tag', severity: 'medium', tag: '1.4.2' });
    expect(pinningProblem('core-routing@sha256:abc')).toEqual({ kind: 'malformed-digest', severity: 'medium' });
    expect(pinningProblem('Not A Reference')).toEqual({ kind: 'invalid', severity: 'medium' });
  });
});
