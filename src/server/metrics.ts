// The webhook's own metrics: latency per endpoint, decisions, errors by cause,
// saturation (in-flight, event-loop lag, CPU, memory) and readiness.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TOOL_VERSION } from '../version.js';
import type { Outcome } from './policy.js';

/** Millisecond-scale buckets, in seconds: reviews take well under 10 ms; the API server gives up at the webhook's timeout. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1, 3];

export type Endpoint = 'validate' | 'mutate';
export type ErrorCause = 'body_too_large' | 'invalid_json' | 'invalid_review' | 'rule_error' | 'internal' | 'timeout';

/** The label value shared by values seen after a label's cap is reached. */
export const OTHER = '_other';

/** Bounds a label's cardinality: the first `max` values keep their name, later ones share OTHER. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}
  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly duration: Histogram<'endpoint' | 'code'>;
  readonly decisions: Counter<'endpoint' | 'result' | 'kind' | 'namespace'>;
  readonly violations: Counter<'practice' | 'severity' | 'action' | 'kind' | 'namespace'>;
  readonly errors: Counter<'cause'>;
  readonly inFlight: Gauge<'endpoint'>;
  readonly ready: Gauge;
  readonly certExpiry: Gauge;
  readonly certReloads: Counter<'result'>;
  private readonly namespaces: BoundedLabel;
  // Kinds come from the webhook's rules, but a caller could send any: bound them too.
  private readonly kinds = new BoundedLabel(100);

  constructor(maxNamespaces = 200) {
    this.namespaces = new BoundedLabel(maxNamespaces);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    // Gauges prom-client names like counters; promtool rejects them, and the in-flight gauge says more.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(name);
    this.duration = new Histogram({
      name: 'guardrail_admission_request_duration_seconds',
      help: 'Time from receiving an admission request to answering it, by endpoint and HTTP status code.',
      labelNames: ['endpoint', 'code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.decisions = new Counter({
      name: 'guardrail_admission_decisions_total',
      help: 'Admission reviews answered, by result (allowed, warned, denied, dry_run_denied, audit_only_denied, exempt, skipped), object kind and namespace.',
      labelNames: ['endpoint', 'result', 'kind', 'namespace'],
      registers,
    });
    this.violations = new Counter({
      name: 'guardrail_admission_violations_total',
      help: 'Practices violated by reviewed objects, by practice, severity, action taken (deny, warn, audit) and object kind and namespace.',
      labelNames: ['practice', 'severity', 'action', 'kind', 'namespace'],
      registers,
    });
    this.errors = new Counter({
      name: 'guardrail_admission_errors_total',
      help: 'Requests that failed or could not be fully judged, by cause.',
      labelNames: ['cause'],
      registers,
    });
    this.inFlight = new Gauge({ name: 'guardrail_admission_in_flight_requests', help: 'Admission requests being handled.', labelNames: ['endpoint'], registers });
    this.ready = new Gauge({ name: 'guardrail_ready', help: '1 when rules and certificates are loaded and the server is not shutting down.', registers });
    this.certExpiry = new Gauge({
      name: 'guardrail_tls_certificate_expiry_timestamp_seconds',
      help: 'Expiry (notAfter) of the serving certificate in use, as a Unix timestamp.',
      registers,
    });
    this.certReloads = new Counter({ name: 'guardrail_tls_reloads_total', help: 'Serving certificate reloads, by result.', labelNames: ['result'], registers });
    new Gauge({ name: 'guardrail_build_info', help: 'The running guardrail version.', labelNames: ['version'], registers }).set({ version: TOOL_VERSION }, 1);
    for (const cause of ['body_too_large', 'invalid_json', 'invalid_review', 'rule_error', 'internal', 'timeout'] as const) this.errors.inc({ cause }, 0);
    this.certReloads.inc({ result: 'success' }, 0);
    this.certReloads.inc({ result: 'failure' }, 0);
  }

  labels(kind: string, namespace: string | undefined): { kind: string; namespace: string } {
    return { kind: this.kinds.of(kind), namespace: this.namespaces.of(namespace ?? '') };
  }
}
