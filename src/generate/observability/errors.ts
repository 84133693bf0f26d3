// OBS-ERROR-RATE: the error-budget SLI (5xx responses and failed operations
// such as session establishments, over all requests and operations),
// multi-window multi-burn-rate alerts on it (Google SRE workbook, ch. 5),
// a per-operation failure alert so a small operation is not diluted by HTTP
// traffic, and the availability alert that inhibits all of them.
import { PAGE, REQUEST_DURATION_METRIC, TICKET } from '../names.js';
import { alertRule, type ServiceContext, type Severity } from './context.js';
import type { AlertCase, AlertRule, InputSeries, Labels, RecordingRule, RuleGroup } from './model.js';
import { equal, num, selector, type Matcher } from './promql.js';
import { counter, gauge, podName, series } from './series.js';

/** Counter of non-HTTP operations (session establishments, ...): labels operation and outcome="success"|"failure". */
export const OPERATIONS_METRIC = 'app_operations_total';
const REQUESTS = `${REQUEST_DURATION_METRIC}_count`;
const STATUS = 'http_response_status_code';

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
type Window = (typeof WINDOWS)[number];

export function errorRatioRecord(window: Window): string {
  return `namespace_service:slo_errors:ratio_rate${window}`;
}

interface BurnRate {
  long: Window;
  short: Window;
  factor: number;
  severity: Severity;
  for: string;
}

/**
 * The workbook's recommended pairs for a 30-day budget: 2 % of it in an
 * hour, 5 % in six hours, 10 % in a day and in three days. The long window
 * already demands a sustained burn and the short one (1/12 of it) lets the
 * alert resolve soon after the burn stops; `for` only rides out a single
 * evaluation's blip.
 */
const BURN_RATES: readonly BurnRate[] = [
  { long: '1h', short: '5m', factor: 14.4, severity: PAGE, for: '2m' },
  { long: '6h', short: '30m', factor: 6, severity: PAGE, for: '2m' },
  { long: '1d', short: '2h', factor: 3, severity: TICKET, for: '15m' },
  { long: '3d', short: '6h', factor: 1, severity: TICKET, for: '15m' },
];

export function errorGroup(ctx: ServiceContext): RuleGroup {
  const ids = equal(ctx.ids);
  const ratio = (window: Window): string => {
    const bad = `rate(${selector(REQUESTS, [...ids, [STATUS, '=~', '5..']])}[${window}]) or rate(${selector(OPERATIONS_METRIC, [...ids, ['outcome', '=', 'failure']])}[${window}])`;
    const all = `rate(${selector(REQUESTS, ids)}[${window}]) or rate(${selector(OPERATIONS_METRIC, ids)}[${window}])`;
    return `sum by (namespace, service) (${bad})\n/\nsum by (namespace, service) (${all})`;
  };
  const recordings: RecordingRule[] = WINDOWS.map((w) => ({ record: errorRatioRecord(w), expr: ratio(w) }));
  const budget = ctx.service.slo.errorRate;
  // A burn rate the budget cannot reach (factor × budget ≥ 100 % errors) would never fire: left out.
  const burns = BURN_RATES.filter((b) => b.factor * budget < 1).map((b) => burnAlert(ctx, b));
  const operations = 14.4 * budget < 1 ? [operationAlert(ctx)] : [];
  return { name: `${ctx.service.name}.errors`, rules: [...recordings, ...burns, ...operations, downAlert(ctx)] };
}

function percent(fraction: number): string {
  return `${num(fraction * 100)}%`;
}

function burnAlert(ctx: ServiceContext, burn: BurnRate): AlertRule {
  const threshold = burn.factor * ctx.service.slo.errorRate;
  const ids = equal(ctx.ids);
  const { name, namespace } = ctx.service;
  return alertRule(ctx, {
    alert: `ServiceErrorBudgetBurn${burn.long}`,
    expr: `${selector(errorRatioRecord(burn.long), ids)} > ${num(threshold)}\nand\n${selector(errorRatioRecord(burn.short), ids)} > ${num(threshold)}`,
    for: burn.for,
    severity: burn.severity,
    signal: 'errors',
    summary: `${name}: error budget burning ${num(burn.factor)}x too fast`,
    description: `${name} (namespace ${namespace}) has failed more than ${percent(threshold)} of its requests and operations over the last ${burn.long} and ${burn.short}: ${num(burn.factor)} times its error budget of ${percent(ctx.service.slo.errorRate)}. At this rate a 30-day budget lasts ${num(Math.round((30 / burn.factor) * 10) / 10)} days.`,
    cases: burnCases(ctx, threshold, burn),
  });
}

/** Requests a minute with the given share of 5xx responses. */
function requests(ctx: ServiceContext, errorShare: number, perMinute: number, minutes: number): InputSeries[] {
  return [
    series(REQUESTS, { ...ctx.ids, [STATUS]: '200' }, counter(perMinute * (1 - errorShare), minutes)),
    series(REQUESTS, { ...ctx.ids, [STATUS]: '500' }, counter(perMinute * errorShare, minutes)),
  ];
}

/** Operations a minute with the given share of failures. */
function operations(ctx: ServiceContext, operation: string, failureShare: number, perMinute: number, minutes: number): InputSeries[] {
  return [
    series(OPERATIONS_METRIC, { ...ctx.ids, operation, outcome: 'success' }, counter(perMinute * (1 - failureShare), minutes)),
    series(OPERATIONS_METRIC, { ...ctx.ids, operation, outcome: 'failure' }, counter(perMinute * failureShare, minutes)),
  ];
}

function forMinutes(duration: string): number {
  const value = Number.parseInt(duration, 10);
  return duration.endsWith('h') ? value * 60 : value;
}

/** Twice the threshold fires (from 5xx responses, and from failed operations); half of it, or no errors, stays silent. */
function burnCases(ctx: ServiceContext, threshold: number, burn: BurnRate): AlertCase[] {
  const evalMinutes = forMinutes(burn.for) + 15;
  const minutes = evalMinutes + 5;
  const above = Math.min(1, threshold * 2);
  return [
    { name: 'no errors', series: requests(ctx, 0, 1000, minutes), evalMinutes },
    { name: `errors at half the ${num(burn.factor)}x burn rate`, series: requests(ctx, threshold / 2, 1000, minutes), evalMinutes },
    { name: `5xx at twice the ${num(burn.factor)}x burn rate`, series: requests(ctx, above, 1000, minutes), evalMinutes, fires: ctx.ids },
    {
      name: 'failed session establishments at twice the burn rate',
      series: operations(ctx, 'session_establishment', above, 1000, minutes),
      evalMinutes,
      fires: ctx.ids,
    },
  ];
}

/** Each operation held to the fast-burn threshold on its own, over 1h and 5m. */
function operationAlert(ctx: ServiceContext): AlertRule {
  const threshold = 14.4 * ctx.service.slo.errorRate;
  const ids = equal(ctx.ids);
  const ratio = (window: Window) => {
    const failed = selector(OPERATIONS_METRIC, [...ids, ['outcome', '=', 'failure']]);
    const all = selector(OPERATIONS_METRIC, ids);
    return `sum by (namespace, service, operation) (rate(${failed}[${window}]))\n/\nsum by (namespace, service, operation) (rate(${all}[${window}]))\n> ${num(threshold)}`;
  };
  const { name, namespace } = ctx.service;
  const minutes = 25;
  const busyHttp = requests(ctx, 0, 100_000, minutes);
  const fires: Labels = { ...ctx.ids, operation: 'session_establishment' };
  return alertRule(ctx, {
    alert: 'ServiceOperationFailing',
    expr: `(\n${ratio('1h')}\n)\nand\n(\n${ratio('5m')}\n)`,
    for: '2m',
    severity: PAGE,
    signal: 'errors',
    summary: `${name}: {{ $labels.operation }} failing`,
    description: `More than ${percent(threshold)} of ${name}'s {{ $labels.operation }} operations (namespace ${namespace}) failed over the last hour and 5 minutes, 14.4 times the error budget of ${percent(ctx.service.slo.errorRate)}.`,
    cases: [
      { name: 'no failed operations', series: [...busyHttp, ...operations(ctx, 'session_establishment', 0, 10, minutes)], evalMinutes: 20 },
      {
        name: 'failures at half the threshold',
        series: [...busyHttp, ...operations(ctx, 'session_establishment', threshold / 2, 1000, minutes)],
        evalMinutes: 20,
      },
      {
        name: 'all session establishments failing under heavy HTTP traffic',
        series: [...busyHttp, ...operations(ctx, 'session_establishment', 1, 10, minutes)],
        evalMinutes: 20,
        fires,
      },
    ],
  });
}

/** Every scrape target of the service down, or none left at all. */
function downAlert(ctx: ServiceContext): AlertRule {
  const ids: Matcher[] = equal(ctx.ids);
  const { name, namespace } = ctx.service;
  const up = (pod: number, value: number) => series('up', { ...ctx.ids, pod: podName(name, pod) }, gauge(value, 20));
  return alertRule(ctx, {
    alert: 'ServiceDown',
    expr: `max by (namespace, service) (${selector('up', ids)}) == 0\nor\nabsent(${selector('up', ids)})`,
    for: '5m',
    severity: PAGE,
    signal: 'availability',
    summary: `${name} is down`,
    description: `Prometheus has not scraped a single healthy ${name} pod in namespace ${namespace} for 5 minutes: every target is down, or there is none.`,
    cases: [
      { name: 'one of two pods down', series: [up(0, 1), up(1, 0)], evalMinutes: 15 },
      { name: 'all pods down', series: [up(0, 0), up(1, 0)], evalMinutes: 15, fires: ctx.ids },
      { name: 'no target left', series: [series('up', { namespace, service: 'another-service' }, gauge(1, 20))], evalMinutes: 15, fires: ctx.ids },
    ],
  });
}
