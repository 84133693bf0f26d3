// OBS-LATENCY: p50/p95/p99 request latency per service from the request
// duration histogram, and alerts when p95 or p99 exceeds the service's SLO.
import { PAGE, REQUEST_DURATION_METRIC, TICKET } from '../names.js';
import { alertRule, type ServiceContext } from './context.js';
import type { AlertCase, AlertRule, RecordingRule, RuleGroup } from './model.js';
import { equal, num, selector } from './promql.js';
import { counter, series } from './series.js';

export const BUCKET_RATE = `namespace_service:${REQUEST_DURATION_METRIC}_bucket:rate5m`;
export const REQUEST_RATE = `namespace_service:${REQUEST_DURATION_METRIC.replace(/_duration_seconds$/, 's')}:rate5m`;

export function quantileRecord(quantile: 50 | 95 | 99): string {
  return `namespace_service:${REQUEST_DURATION_METRIC}:p${quantile}_5m`;
}

export function latencyGroup(ctx: ServiceContext): RuleGroup {
  const ids = equal(ctx.ids);
  const recordings: RecordingRule[] = [
    { record: BUCKET_RATE, expr: `sum by (namespace, service, le) (rate(${selector(`${REQUEST_DURATION_METRIC}_bucket`, ids)}[5m]))` },
    { record: REQUEST_RATE, expr: `sum by (namespace, service) (rate(${selector(`${REQUEST_DURATION_METRIC}_count`, ids)}[5m]))` },
    ...([50, 95, 99] as const).map((q) => ({
      record: quantileRecord(q),
      expr: `histogram_quantile(${num(q / 100)}, ${selector(BUCKET_RATE, ids)})`,
    })),
  ];
  const { latencyP95Ms, latencyP99Ms } = ctx.service.slo;
  return {
    name: `${ctx.service.name}.latency`,
    rules: [...recordings, latencyAlert(ctx, 95, latencyP95Ms), latencyAlert(ctx, 99, latencyP99Ms)],
  };
}

/**
 * p95 above its objective means one request in twenty is too slow: a page.
 * p99 alone above its objective is the tail: a ticket (a p95 page inhibits it).
 */
function latencyAlert(ctx: ServiceContext, quantile: 95 | 99, objectiveMs: number): AlertRule {
  const seconds = objectiveMs / 1000;
  const { name, namespace } = ctx.service;
  return alertRule(ctx, {
    alert: `ServiceLatencyP${quantile}AboveObjective`,
    expr: `${selector(quantileRecord(quantile), equal(ctx.ids))} > ${num(seconds)}`,
    for: '10m',
    severity: quantile === 95 ? PAGE : TICKET,
    signal: 'latency',
    summary: `${name}: p${quantile} latency above ${objectiveMs} ms`,
    description: `The ${quantile}th percentile of request latency of ${name} (namespace ${namespace}) has been above its objective of ${objectiveMs} ms for 10 minutes.`,
    cases: latencyCases(ctx, quantile, seconds),
  });
}

/**
 * Buckets at half, once, twice and four times the objective. All requests
 * fast: silent. 3 % of requests past twice the objective: p99 lands there and
 * fires, p95 stays in the first bucket. 10 % slow: both fire.
 */
function latencyCases(ctx: ServiceContext, quantile: 95 | 99, objective: number): AlertCase[] {
  const minutes = 30;
  const bounds = [objective / 2, objective, objective * 2, objective * 4];
  const histogram = (slowPercent: number) =>
    [...bounds.map(num), '+Inf'].map((le, i) =>
      series(`${REQUEST_DURATION_METRIC}_bucket`, { ...ctx.ids, le }, counter(i < 3 ? 100 - slowPercent : 100, minutes)),
    );
  return [
    { name: 'all requests fast', series: histogram(0), evalMinutes: 25 },
    quantile === 99
      ? { name: '3% of requests slow', series: histogram(3), evalMinutes: 25, fires: ctx.ids }
      : { name: '3% of requests slow', series: histogram(3), evalMinutes: 25 },
    { name: '10% of requests slow', series: histogram(10), evalMinutes: 25, fires: ctx.ids },
  ];
}
