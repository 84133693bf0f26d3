// `guardrail serve`: the admission webhook over HTTPS (POST /validate and
// /mutate) and its own observability on a plain-HTTP port (GET /metrics,
// /healthz, /readyz). Stateless: scale it by adding replicas.
import { createServer, type Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { Config } from '../core/config.js';
import { ServerMetrics, type Endpoint, type ErrorCause } from './metrics.js';
import { safeDefaults } from './mutate.js';
import { admissionPolicy, Reviewer, type Decision } from './policy.js';
import { ADMISSION_REVIEW_SCHEMA, reviewResponse, type AdmissionRequest, type AdmissionResponse, type AdmissionReview } from './review.js';
import { CertificateWatcher, readTls, type TlsFiles, type TlsMaterial } from './tls.js';
import { NO_TRACING, parentContext, startTracing, type Tracing } from './tracing.js';

/** The API server sends at most ~3 MiB per object, and an UPDATE carries two. */
export const DEFAULT_BODY_LIMIT = 7 * 1024 * 1024;

export interface ServeOptions {
  host: string;
  port: number;
  metricsHost: string;
  metricsPort: number;
  tls: TlsFiles;
  config: Config;
  auditOnly: boolean;
  bodyLimit?: number;
  logLevel?: string;
  /** Where logs go (default standard output). */
  logDestination?: DestinationStream;
  /** OTLP/HTTP traces URL; no spans are exported without one. */
  otlpTracesUrl?: string;
  /** Time between readiness turning false and the listener closing, for endpoints to drop the pod. */
  shutdownDelayMs?: number;
  /** Distinct namespaces named in metric labels before the rest share one label. */
  maxNamespaceLabels?: number;
  tlsPollMs?: number;
}

export interface RunningServer {
  port: number;
  metricsPort: number;
  logger: Logger;
  /** Readiness false, stop accepting, finish in-flight requests, flush traces. */
  close(): Promise<void>;
}

/** Fastify's body errors, as causes and statuses. */
function classify(error: FastifyError): { status: number; cause: ErrorCause; reason: string } {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, cause: 'body_too_large', reason: 'body is larger than the limit' };
  if (error.validation) return { status: 400, cause: 'invalid_review', reason: `not an admission.k8s.io/v1 AdmissionReview: ${error.message}` };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, cause: 'invalid_review', reason: 'content type must be application/json' };
  if (error.statusCode === 400 || error.code?.startsWith('FST_ERR_CTP_')) return { status: 400, cause: 'invalid_json', reason: `malformed JSON: ${error.message}` };
  if (error.code === 'FST_ERR_REQUEST_TIMEOUT' || error.statusCode === 408) return { status: 408, cause: 'timeout', reason: 'request timed out' };
  return { status: 500, cause: 'internal', reason: 'internal error' };
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = pino(
    {
      level: options.logLevel ?? 'info',
      base: { service: 'guardrail' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.logDestination ?? pino.destination({ dest: 1, sync: false }),
  );
  const metrics = new ServerMetrics(options.maxNamespaceLabels);
  const reviewer = new Reviewer(options.config, admissionPolicy(options.config, options.auditOnly));
  const tracing: Tracing = options.otlpTracesUrl ? startTracing(options.otlpTracesUrl) : NO_TRACING;
  const material: TlsMaterial = await readTls(options.tls);
  let ready = false;
  const setReady = (value: boolean): void => {
    ready = value;
    metrics.ready.set(value ? 1 : 0);
  };
  setReady(false);

  const app = Fastify({
    https: { key: material.key, cert: material.cert, minVersion: 'TLSv1.2' },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // No per-request access log: decisions are logged below, denials at info and the rest at debug.
    logger: false,
    requestTimeout: 10_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, cause, reason } = classify(error);
    metrics.errors.inc({ cause });
    if (status >= 500) logger.error({ err: error, cause, url: request.url }, 'request failed');
    else logger.warn({ cause, status, url: request.url, reason: reason.slice(0, 300) }, 'bad request');
    void reply.code(status).send({ error: cause, message: reason });
  });

  // 'close' fires for every response, answered or aborted, so the in-flight gauge cannot drift.
  const timed = (endpoint: Endpoint) => ({
    onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
      const start = process.hrtime.bigint();
      metrics.inFlight.inc({ endpoint });
      reply.raw.once('close', () => {
        metrics.inFlight.dec({ endpoint });
        if (reply.raw.writableFinished) metrics.duration.observe({ endpoint, code: String(reply.raw.statusCode) }, Number(process.hrtime.bigint() - start) / 1e9);
      });
    },
  });

  const handle = (endpoint: Endpoint, answer: (request: AdmissionRequest, span: Span) => AdmissionResponse) => async (request: FastifyRequest) => {
    const review = (request.body as AdmissionReview).request;
    const labels = metrics.labels(review.kind.kind, review.namespace);
    const span = tracing.tracer.startSpan(
      `guardrail ${endpoint}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'guardrail.endpoint': endpoint,
          'k8s.namespace.name': review.namespace ?? '',
          'guardrail.kind': review.kind.kind,
          'guardrail.operation': review.operation,
          'guardrail.dry_run': review.dryRun === true,
        },
      },
      parentContext(request.headers),
    );
    try {
      return reviewResponse(answer(review, span));
    } catch (error) {
      // An internal error never admits silently: validation follows the failure mode; defaults are best effort.
      metrics.errors.inc({ cause: 'internal' });
      const deny = endpoint === 'validate' && reviewer.policy.failureMode === 'deny';
      metrics.decisions.inc({ endpoint, result: deny ? 'denied' : 'warned', ...labels });
      logger.error({ err: error, uid: review.uid, kind: review.kind.kind, namespace: review.namespace }, `${endpoint} failed`);
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('guardrail.allowed', !deny);
      const message = endpoint === 'validate' ? `guardrail could not judge this object (internal error); failure mode is ${reviewer.policy.failureMode}` : 'guardrail could not add safe defaults (internal error)';
      return reviewResponse(deny ? { uid: review.uid, allowed: false, status: { code: 500, message } } : { uid: review.uid, allowed: true, warnings: [message] });
    } finally {
      span.end();
    }
  };

  const validate = (review: AdmissionRequest, span: Span): AdmissionResponse => {
    const decision = reviewer.review(review);
    const labels = metrics.labels(review.kind.kind, review.namespace);
    metrics.decisions.inc({ endpoint: 'validate', result: decision.outcome, ...labels });
    const action = options.auditOnly ? 'audit' : review.dryRun ? 'dry_run' : 'deny';
    for (const f of decision.denying) metrics.violations.inc({ practice: f.practice, severity: f.severity, action, ...labels });
    for (const f of decision.warning) metrics.violations.inc({ practice: f.practice, severity: f.severity, action: 'warn', ...labels });
    if (decision.ruleErrors > 0) metrics.errors.inc({ cause: 'rule_error' }, decision.ruleErrors);
    span.setAttributes({ 'guardrail.allowed': decision.allowed, 'guardrail.findings': decision.denying.length + decision.warning.length, 'guardrail.result': decision.outcome });
    logDecision(logger, review, decision);
    return {
      uid: review.uid,
      allowed: decision.allowed,
      ...(decision.message ? { status: { code: 403, reason: 'Forbidden', message: decision.message } } : {}),
      ...(decision.warnings.length > 0 ? { warnings: decision.warnings } : {}),
    };
  };

  const mutate = (review: AdmissionRequest, span: Span): AdmissionResponse => {
    const exempt = review.namespace !== undefined && reviewer.isExempt(review.namespace);
    const patch = exempt ? [] : safeDefaults(review);
    const labels = metrics.labels(review.kind.kind, review.namespace);
    metrics.decisions.inc({ endpoint: 'mutate', result: exempt ? 'exempt' : 'allowed', ...labels });
    span.setAttributes({ 'guardrail.allowed': true, 'guardrail.patch_operations': patch.length });
    logger.debug({ uid: review.uid, kind: review.kind.kind, namespace: review.namespace, name: review.name, operations: patch.length }, 'mutated');
    if (patch.length === 0) return { uid: review.uid, allowed: true };
    if (options.auditOnly) return { uid: review.uid, allowed: true, warnings: [`would add ${patch.length} safe defaults (audit only)`] };
    return { uid: review.uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
  };

  const route = { schema: { body: ADMISSION_REVIEW_SCHEMA } };
  app.post('/validate', { ...route, ...timed('validate') }, handle('validate', validate));
  app.post('/mutate', { ...route, ...timed('mutate') }, handle('mutate', mutate));

  const watcher = new CertificateWatcher(options.tls, material, {
    pollMs: options.tlsPollMs,
    onChange: (next) => {
      try {
        (app.server as unknown as HttpsServer).setSecureContext({ key: next.key, cert: next.cert, minVersion: 'TLSv1.2' });
      } catch (error) {
        metrics.certReloads.inc({ result: 'failure' });
        logger.error({ err: error }, 'certificate reload failed; keeping the previous one');
        return;
      }
      metrics.certExpiry.set(next.notAfter.getTime() / 1000);
      metrics.certReloads.inc({ result: 'success' });
      logger.info({ notAfter: next.notAfter.toISOString() }, 'serving certificate reloaded');
    },
    onError: (error) => {
      metrics.certReloads.inc({ result: 'failure' });
      logger.warn({ err: { message: error.message } }, 'certificate files unreadable or mismatched; keeping the previous certificate');
    },
  });
  metrics.certExpiry.set(material.notAfter.getTime() / 1000);

  const metricsServer = observabilityServer(metrics, () => ready);
  await app.listen({ host: options.host, port: options.port });
  metricsServer.listen(options.metricsPort, options.metricsHost);
  await once(metricsServer, 'listening');
  watcher.start();
  setReady(true);

  const port = (app.server.address() as AddressInfo).port;
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  logger.info(
    { port, metricsPort, rules: reviewer.rules.length, denyAt: reviewer.policy.denyAt, auditOnly: options.auditOnly, tracing: options.otlpTracesUrl !== undefined },
    `guardrail serve listening: validate and mutate on https://${options.host}:${port}, metrics on http://${options.metricsHost}:${metricsPort}`,
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      setReady(false);
      logger.info('shutting down: readiness is false');
      if (options.shutdownDelayMs) await new Promise((resolve) => setTimeout(resolve, options.shutdownDelayMs));
      watcher.close();
      await app.close();
      await tracing.shutdown().catch((error: Error) => logger.warn({ err: { message: error.message } }, 'trace export failed at shutdown'));
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      logger.info('stopped');
      logger.flush();
    })());
  return { port, metricsPort, logger, close };
}

function logDecision(logger: Logger, review: AdmissionRequest, decision: Decision): void {
  const denied = decision.denying.length > 0;
  const level = decision.ruleErrors > 0 ? 'error' : denied ? 'info' : 'debug';
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      uid: review.uid,
      operation: review.operation,
      kind: review.kind.kind,
      namespace: review.namespace,
      name: review.name,
      user: review.userInfo?.username,
      dryRun: review.dryRun === true,
      allowed: decision.allowed,
      result: decision.outcome,
      practices: [...new Set(decision.denying.map((f) => f.practice))],
      rules: [...new Set(decision.denying.map((f) => f.rule))],
      warnings: decision.warning.length,
      ...(decision.ruleErrors > 0 ? { ruleErrors: decision.denying.concat(decision.warning).filter((f) => f.rule === 'rule-error').map((f) => f.message) } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
    'admission decision',
  );
}

/** /metrics, /healthz (the process answers) and /readyz (rules and certificate loaded, not shutting down). */
function observabilityServer(metrics: ServerMetrics, isReady: () => boolean): Server {
  return createServer((request, response) => {
    const url = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else if (url === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (url === '/readyz') {
      const ok = isReady();
      response.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready\n' : 'not ready\n');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
}
