// `guardrail serve`: the admission webhook. Runs until SIGTERM or SIGINT, then
// shuts down gracefully and exits 0.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_BODY_LIMIT, startServer } from '../server/server.js';
import { tracesEndpoint } from '../server/tracing.js';
import { loadConfig } from './scan-command.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT, parseSize } from './main.js';

interface ServeCliOptions {
  port: number;
  host: string;
  tlsCert: string;
  tlsKey: string;
  config?: string;
  metricsPort: number;
  metricsHost: string;
  auditOnly?: boolean;
  bodyLimit: number;
  logLevel: string;
  otlpEndpoint?: string;
  shutdownDelay: number;
  maxNamespaceLabels: number;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function registerServe(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('Run the Kubernetes admission webhook: the scan rules at admission (POST /validate) and safe defaults (POST /mutate) over HTTPS; metrics, health and readiness over HTTP.')
    .requiredOption('--tls-cert <file>', 'PEM serving certificate (reloaded when it changes)')
    .requiredOption('--tls-key <file>', 'PEM private key of the certificate (reloaded when it changes)')
    .option('--port <port>', 'HTTPS port of the webhook', integer(0, 65535), 8443)
    .option('--host <address>', 'address the webhook listens on', '0.0.0.0')
    .option('-c, --config <file>', 'configuration file (default: .guardrail.yaml in the current directory, if present)')
    .option('--metrics-port <port>', 'HTTP port of /metrics, /healthz and /readyz', integer(0, 65535), 9090)
    .option('--metrics-host <address>', 'address the metrics port listens on', '0.0.0.0')
    .option('--audit-only', 'admit everything; report would-be denials as warnings, metrics and logs')
    .addOption(new Option('--body-limit <size>', 'largest request body accepted; larger ones get 413').argParser(parseSize).default(DEFAULT_BODY_LIMIT, '7MiB'))
    .option('--log-level <level>', `log level (${LOG_LEVELS.join(', ')}); denials and errors log at info and above, other decisions at debug`, (v) => {
      if (!LOG_LEVELS.includes(v)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(', ')}`);
      return v;
    }, 'info')
    .option('--otlp-endpoint <url>', 'export a trace span per review to this OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, if set)')
    .option('--shutdown-delay <seconds>', 'on SIGTERM, seconds to keep serving with readiness false before closing', integer(0, 300), 0)
    .option('--max-namespace-labels <n>', 'distinct namespaces named in metric labels; later ones are counted as "_other"', integer(1, 100_000), 200)
    .addHelpText(
      'after',
      `
Policy comes from the config's \`admission\` section (denyAt, exemptNamespaces, failureMode,
allowExistingViolations), its rule switches and suppressions, and guardrail.dev/ignore annotations.

Examples:
  guardrail serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key
  guardrail serve --tls-cert tls.crt --tls-key tls.key --config .guardrail.yaml --audit-only`,
    )
    .action(async (options: ServeCliOptions) => setExit(await serveCommand(options)));
}

async function serveCommand(options: ServeCliOptions): Promise<number> {
  const loaded = await loadConfig(options.config);
  if ('error' in loaded) {
    process.stderr.write(`guardrail: ${loaded.error}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  let server;
  try {
    server = await startServer({
      host: options.host,
      port: options.port,
      metricsHost: options.metricsHost,
      metricsPort: options.metricsPort,
      tls: { cert: options.tlsCert, key: options.tlsKey },
      config: loaded.config,
      auditOnly: options.auditOnly === true,
      bodyLimit: options.bodyLimit,
      logLevel: options.logLevel,
      otlpTracesUrl: tracesEndpoint(options.otlpEndpoint, process.env),
      shutdownDelayMs: options.shutdownDelay * 1000,
      maxNamespaceLabels: options.maxNamespaceLabels,
    });
  } catch (error) {
    process.stderr.write(`guardrail: cannot start the webhook: ${(error as Error).message}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      running.logger.info({ signal }, 'signal received');
      running.close().then(resolve, (error: Error) => {
        running.logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return EXIT_OK;
}
