import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDockerfileName, parseDockerfile } from '../../../src/inputs/dockerfile/parse.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const DIGEST = 'b'.repeat(64);

describe('Dockerfile names', () => {
  it.each([
    ['Dockerfile', true],
    ['services/core-routing/Dockerfile', true],
    ['Dockerfile.prod', true],
    ['build\\api.Dockerfile', true],
    ['api.dockerfile', true],
    ['Containerfile', true],
    ['deploy/Containerfile.debug', true],
    ['dockerfile', true],
    ['Dockerfile.dockerignore', false],
    ['docs/Dockerfile.md', false],
    ['Dockerfile.j2', false],
    ['containerfile.yaml', false],
    ['.dockerignore', false],
    ['MyDockerfile', false],
    ['Dockerfiles/readme.md', false],
    ['docker-compose.yaml', false],
  ])('%s → %s', (name, expected) => {
    expect(isDockerfileName(name)).toBe(expected);
  });
});

describe('parsing a multi-stage Dockerfile', () => {
  const { payload, errors } = parseDockerfile('core-routing.Dockerfile', fixture('core-routing.Dockerfile'));

  it('reads global ARGs and resolves ${VAR} and $VAR in FROM from their defaults', () => {
    expect(errors).toEqual([]);
    expect(payload.globalArgs).toEqual([
      { key: 'GO_VERSION', value: '1.22', line: 3, column: 5 },
      { key: 'BASE', value: 'golang:${GO_VERSION}-bookworm', line: 4, column: 5 },
      { key: 'DISTROLESS', value: `gcr.io/distroless/static-debian12:nonroot@sha256:${DIGEST}`, line: 5, column: 5 },
    ]);
    expect(payload.stages.map((s) => [s.image, s.resolvedImage, s.name, s.platform, s.baseStage, s.line, s.column])).toEqual([
      ['${BASE}', 'golang:1.22-bookworm', 'Builder', '$BUILDPLATFORM', null, 7, 1],
      ['builder', 'builder', 'test', null, 0, 20, 1],
      ['$DISTROLESS', `gcr.io/distroless/static-debian12:nonroot@sha256:${DIGEST}`, null, null, null, 23, 1],
    ]);
  });

  it('reads the build stage: ARG words, ENV pairs over continuation lines, RUN with flags and comments', () => {
    const [builder] = payload.stages;
    expect(builder.args).toEqual([
      { key: 'TARGETOS', value: null, line: 8, column: 5 },
      { key: 'TARGETARCH', value: null, line: 8, column: 14 },
    ]);
    expect(builder.env).toEqual([
      { key: 'CGO_ENABLED', value: '0', line: 9, column: 5 },
      { key: 'GOOS', value: '${TARGETOS}', line: 10, column: 5 },
      { key: 'GOARCH', value: '${TARGETARCH}', line: 10, column: 22 },
    ]);
    expect(builder.run).toEqual([
      { line: 13, column: 1, exec: false, command: ['go mod download'], flags: [{ name: 'mount', value: 'type=cache,target=/go/pkg/mod' }] },
      { line: 16, column: 1, exec: false, command: ['go build -trimpath -ldflags="-s -w" -o /out/core-routing ./cmd/core-routing'], flags: [] },
    ]);
    expect(builder.copy.map((c) => [c.line, c.sources, c.destination])).toEqual([
      [12, ['go.mod', 'go.sum'], './'],
      [15, ['.'], '.'],
    ]);
    expect(builder.user).toBeNull();
  });

  it('reads the distroless final stage', () => {
    const final = payload.stages[2];
    expect(final.copy).toEqual([
      {
        line: 24,
        column: 1,
        instruction: 'COPY',
        sources: ['/out/core-routing'],
        destination: '/core-routing',
        chown: 'nonroot:nonroot',
        chmod: '0555',
        from: 'builder',
        remote: false,
        flags: [
          { name: 'from', value: 'builder' },
          { name: 'chown', value: 'nonroot:nonroot' },
          { name: 'chmod', value: '0555' },
        ],
      },
    ]);
    expect(final.expose).toEqual([
      { port: '8080/tcp', line: 25, column: 8 },
      { port: '9090', line: 25, column: 17 },
    ]);
    expect(final.user).toEqual({ value: 'nonroot:nonroot', line: 26, column: 1 });
    expect(final.healthcheck).toEqual({ line: 27, column: 1, exec: false, command: [], none: true, flags: [] });
    expect(final.entrypoint).toEqual({ line: 28, column: 1, exec: true, command: ['/core-routing', '--listen=:8080'] });
    expect(final.cmd).toBeNull();
  });

  it('is plain data that survives structured cloning', () => {
    expect(structuredClone(payload)).toEqual(payload);
  });
});

describe('parsing older single-stage habits', () => {
  const { payload, errors } = parseDockerfile('Dockerfile.legacy', fixture('Dockerfile.legacy'));
  const [stage] = payload.stages;

  it('reads ENV in both forms, ARG pairs, and keeps values', () => {
    expect(errors).toEqual([]);
    expect(stage.args).toEqual([
      { key: 'PIP_INDEX_URL', value: null, line: 4, column: 5 },
      { key: 'APP_HOME', value: '/srv/app', line: 5, column: 5 },
      { key: 'APP_USER', value: 'app', line: 5, column: 23 },
    ]);
    expect(stage.env).toEqual([
      { key: 'PYTHONDONTWRITEBYTECODE', value: '1', line: 6, column: 5 },
      { key: 'PATH', value: '/srv/app/bin:${PATH}', line: 7, column: 5 },
      { key: 'API_TOKEN', value: 'changeme', line: 8, column: 5 },
      { key: 'LOG_LEVEL', value: 'info', line: 9, column: 5 },
    ]);
  });

  it('reads ADD of a URL and the JSON form with spaces in paths', () => {
    expect(stage.copy.map((c) => [c.instruction, c.line, c.sources, c.destination, c.remote, c.chown])).toEqual([
      ['ADD', 10, ['https://example.com/tools/grpc-health-probe.tar.gz'], '/opt/', true, null],
      ['ADD', 11, ['config/app settings.yaml'], '/srv/app/', false, null],
      ['COPY', 12, ['requirements.txt'], '${APP_HOME}/', false, '1000:1000'],
    ]);
  });

  it('keeps the last USER, HEALTHCHECK CMD over two lines, shell-form ENTRYPOINT and a CMD that is not valid exec form', () => {
    expect(stage.user).toEqual({ value: 'app', line: 19, column: 1 });
    expect(stage.run.map((r) => [r.line, r.command])).toEqual([
      [13, ['pip install --no-cache-dir -r ${APP_HOME}/requirements.txt && useradd --uid 1000 app']],
    ]);
    expect(stage.expose).toEqual([{ port: '${PORT:-8000}', line: 16, column: 8 }]);
    expect(stage.healthcheck).toEqual({
      line: 17,
      column: 1,
      exec: false,
      command: ['curl -fsS http://localhost:8000/healthz || exit 1'],
      none: false,
      flags: [
        { name: 'interval', value: '30s' },
        { name: 'timeout', value: '3s' },
      ],
    });
    expect(stage.entrypoint).toEqual({ line: 20, column: 1, exec: false, command: ['python -m ingress_parser'] });
    // A number in the array makes Docker run it through a shell.
    expect(stage.cmd).toEqual({ line: 21, column: 1, exec: false, command: ['["--workers", 4]'] });
  });
});

describe('Dockerfile problems', () => {
  it('reports a Dockerfile without FROM at line 1 and still returns the model', () => {
    const { payload, errors } = parseDockerfile('Dockerfile.nofrom', fixture('Dockerfile.nofrom'));
    expect(errors).toEqual([{ file: 'Dockerfile.nofrom', line: 1, message: 'Dockerfile has no FROM instruction' }]);
    expect(payload).toEqual({ globalArgs: [], stages: [] });
    expect(parseDockerfile('Dockerfile', '').errors).toEqual([{ file: 'Dockerfile', line: 1, message: 'Dockerfile has no FROM instruction' }]);
  });

  it('reports unknown and misplaced instructions and FROM without an image, with lines', () => {
    const text = ['ENV A=1', 'FROM alpine:3.20', 'RUNN apk add curl', 'FROM', 'USER 10001', ''].join('\n');
    const { payload, errors } = parseDockerfile('Dockerfile', text);
    expect(errors).toEqual([
      { file: 'Dockerfile', line: 1, message: 'ENV before the first FROM (only ARG may come before it)' },
      { file: 'Dockerfile', line: 3, message: 'unknown Dockerfile instruction "RUNN"' },
      { file: 'Dockerfile', line: 4, message: 'FROM without an image' },
    ]);
    expect(payload.stages.map((s) => [s.image, s.user?.value ?? null])).toEqual([
      ['alpine:3.20', null],
      ['', '10001'],
    ]);
  });

  it('refuses huge files instead of parsing them', () => {
    const { payload, errors } = parseDockerfile('Dockerfile', `FROM alpine:3.20\n${'RUN true\n'.repeat(120_000)}`);
    expect(errors).toEqual([{ file: 'Dockerfile', line: 1, message: 'Dockerfile over 1024 KiB; skipped' }]);
    expect(payload).toEqual({ globalArgs: [], stages: [] });
  });

  it('leaves FROM unresolved when a variable has no default or uses another form', () => {
    const text = ['ARG REGISTRY', 'ARG TAG=3.20', 'FROM ${REGISTRY}/alpine:${TAG}', 'FROM alpine:${TAG:-3.19}', 'FROM alpine:$TAG', ''].join('\n');
    const { payload, errors } = parseDockerfile('Dockerfile', text);
    expect(errors).toEqual([]);
    expect(payload.stages.map((s) => s.resolvedImage)).toEqual([null, null, 'alpine:3.20']);
  });

  it('keeps exec-form strings exactly, spaces included', () => {
    const text = [
      'FROM alpine:3.20',
      'RUN ["sh", "-c", "apk add --no-cache curl"]',
      'HEALTHCHECK --interval=10s CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8080/healthz"]',
      'COPY ["config/app settings.yaml", "/etc/app/"]',
      '',
    ].join('\n');
    const [stage] = parseDockerfile('Dockerfile', text).payload.stages;
    expect(stage.run[0]).toMatchObject({ line: 2, exec: true, command: ['sh', '-c', 'apk add --no-cache curl'] });
    expect(stage.healthcheck).toEqual({
      line: 3,
      column: 1,
      exec: true,
      command: ['wget', '-q', '-O', '/dev/null', 'http://localhost:8080/healthz'],
      none: false,
      flags: [{ name: 'interval', value: '10s' }],
    });
    expect(stage.copy[0]).toMatchObject({ sources: ['config/app settings.yaml'], destination: '/etc/app/' });
  });

  it('handles CRLF line endings and the escape directive', () => {
    const crlf = parseDockerfile('Dockerfile', 'FROM alpine:3.20 AS base\r\nENV A=1 \\\r\n  B=2\r\nUSER 10001\r\n');
    expect(crlf.payload.stages[0].env).toEqual([
      { key: 'A', value: '1', line: 2, column: 5 },
      { key: 'B', value: '2', line: 3, column: 3 },
    ]);
    expect(crlf.payload.stages[0].user).toEqual({ value: '10001', line: 4, column: 1 });
    const windows = parseDockerfile('Dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV A=1 `\n  B=2\n');
    expect(windows.payload.stages[0].env.map((e) => [e.key, e.value, e.line])).toEqual([
      ['A', '1', 3],
      ['B', '2', 4],
    ]);
  });
});
