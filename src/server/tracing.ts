// OpenTelemetry traces: one span per review, exported over OTLP/HTTP in
// batches, only when an endpoint is configured.
import { defaultTextMapGetter, ROOT_CONTEXT, trace, type Context, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TOOL_VERSION } from '../version.js';

export interface Tracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

/**
 * The traces URL: `--otlp-endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT are base
 * URLs (`http://collector:4318`, as the OTLP exporter spec defines them),
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is.
 */
export function tracesEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag) return tracesUrl(flag);
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  return undefined;
}

/** A base endpoint's traces URL; a URL already ending in /v1/traces is kept. */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** Spans of every review, sent in batches to an OTLP/HTTP traces URL. */
export function startTracing(url: string): Tracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'guardrail', 'service.version': TOOL_VERSION }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  return { tracer: provider.getTracer('guardrail', TOOL_VERSION), shutdown: () => provider.shutdown() };
}

const propagator = new W3CTraceContextPropagator();

/**
 * The trace a review belongs to: the API server sends W3C `traceparent` (and
 * `tracestate`) when its own tracing is on, so the webhook's span joins the
 * request's trace. Without the header a review starts its own trace.
 */
export function parentContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** Spans go nowhere without an endpoint. */
export const NO_TRACING: Tracing = { tracer: trace.getTracer('guardrail'), shutdown: async () => undefined };
