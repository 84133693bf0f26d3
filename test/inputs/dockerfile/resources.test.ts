import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/inputs/dockerfile/parse.js';
import { dockerfileModelOf, dockerfileResources, effectiveSetting, finalStage } from '../../../src/inputs/dockerfile/resources.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('a Dockerfile as a resource', () => {
  const { payload } = parseDockerfile('services/core-routing/Dockerfile', fixture('core-routing.Dockerfile'));
  const [resource] = dockerfileResources(payload, 'services/core-routing/Dockerfile');

  it('is one resource named by its file, holding the model', () => {
    expect(dockerfileResources(payload, 'services/core-routing/Dockerfile')).toHaveLength(1);
    expect([resource.input, resource.kind, resource.name, resource.namespace, resource.file, resource.position]).toEqual([
      'dockerfile',
      'Dockerfile',
      'services/core-routing/Dockerfile',
      undefined,
      'services/core-routing/Dockerfile',
      { line: 1, column: 1 },
    ]);
    expect(dockerfileModelOf(resource)).toBe(payload);
    expect(resource.value).toBe(payload);
  });

  it('locates stages, instructions and pairs, falling back to the nearest located ancestor', () => {
    expect(resource.locate(['stages', 2, 'user'])).toEqual({ line: 26, column: 1 });
    expect(resource.locate(['stages', 0, 'env', 2])).toEqual({ line: 10, column: 22 });
    expect(resource.locate(['stages', 0, 'env', 2, 'value'])).toEqual({ line: 10, column: 22 });
    expect(resource.locate(['stages', 2, 'expose', 1])).toEqual({ line: 25, column: 17 });
    expect(resource.locate(['stages', 2, 'copy', 0, 'chown'])).toEqual({ line: 24, column: 1 });
    expect(resource.locate(['stages', 1, 'user'])).toEqual({ line: 20, column: 1 });
    expect(resource.locate(['stages', 1, 'run', 0])).toEqual({ line: 21, column: 1 });
    expect(resource.locate(['stages', 9])).toEqual({ line: 1, column: 1 });
    expect(resource.locate(['globalArgs', 1])).toEqual({ line: 4, column: 5 });
    expect(resource.locate([])).toEqual({ line: 1, column: 1 });
  });

  it('knows the final stage and what it inherits', () => {
    expect(finalStage(payload)).toBe(2);
    expect(effectiveSetting(payload, 2, 'user')).toEqual({ stage: 2, setting: { value: 'nonroot:nonroot', line: 26, column: 1 } });
    expect(effectiveSetting(payload, 2, 'healthcheck')?.setting.none).toBe(true);
    // `test` builds FROM builder: neither sets USER, so the base image's user applies.
    expect(effectiveSetting(payload, 1, 'user')).toBeUndefined();
    expect(finalStage(parseDockerfile('Dockerfile', 'RUN true\n').payload)).toBeUndefined();
  });

  it('follows FROM <stage> for inherited settings, and an ENTRYPOINT clears an inherited CMD', () => {
    const text = [
      'FROM alpine:3.20 AS base', //   1
      'USER 10001', //                 2
      'CMD ["serve"]', //              3
      'FROM base AS app', //           4
      'EXPOSE 8080', //                5
      'FROM app', //                   6
      'ENTRYPOINT ["/bin/app"]', //    7
      '',
    ].join('\n');
    const model = parseDockerfile('Dockerfile', text).payload;
    expect(model.stages.map((s) => s.baseStage)).toEqual([null, 0, 1]);
    expect(effectiveSetting(model, 2, 'user')).toEqual({ stage: 0, setting: { value: '10001', line: 2, column: 1 } });
    expect(effectiveSetting(model, 1, 'cmd')?.stage).toBe(0);
    expect(effectiveSetting(model, 2, 'cmd')).toBeUndefined();
    expect(effectiveSetting(model, 2, 'entrypoint')?.setting.line).toBe(7);
    expect(effectiveSetting(model, 7, 'user')).toBeUndefined();
  });
});
