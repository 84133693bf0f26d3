// Reading PrometheusRule objects (not a rule): alerts, recording rules they
// build on, which metrics an alert reads, and which namespaces it watches.
// PromQL is only scanned lexically, with linear regexes over bounded text.
import type { KeyPath, Model, Resource } from '../../core/types.js';
import type { NamespaceInfo } from '../../core/namespaces.js';
import { get, list, stringMap } from '../../core/values.js';
import { isKind } from './support.js';

/** Expressions longer than this are cut before scanning. */
const MAX_EXPR = 20_000;
/** How many levels of recording rules an alert is followed through. */
const MAX_DEPTH = 4;

export interface Alert {
  resource: Resource;
  path: KeyPath;
  name: string;
  expr: string;
  labels: Record<string, string>;
  /** The expression followed through the recording rules it reads. */
  expanded: string;
  /** Metric names read, through recording rules (resolved recording rule names left out). */
  metrics: string[];
  /** Label matchers of the expanded expression. */
  matchers: Matcher[];
}

export interface AlertIndex {
  alerts: Alert[];
  /** Recording rule name → its expressions (a name may be recorded by several rules). */
  records: Map<string, string[]>;
  /** Whether the scan holds any PrometheusRule at all. */
  anyRules: boolean;
}

function exprText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_EXPR);
  if (typeof value === 'number') return String(value);
  return undefined;
}

const cache = new WeakMap<Model, AlertIndex>();

export function alertIndex(model: Model): AlertIndex {
  const cached = cache.get(model);
  if (cached) return cached;
  const found: Array<Pick<Alert, 'resource' | 'path' | 'name' | 'expr' | 'labels'>> = [];
  const records = new Map<string, string[]>();
  let anyRules = false;
  for (const resource of model.ofKind('PrometheusRule')) {
    if (!isKind(resource, 'PrometheusRule', ['monitoring.coreos.com'])) continue;
    anyRules = true;
    list(get(resource.value, ['spec', 'groups'])).forEach((group, g) => {
      list(get(group, ['rules'])).forEach((rule, r) => {
        const expr = exprText(get(rule, ['expr']));
        if (expr === undefined) return;
        const alert = get(rule, ['alert']);
        const record = get(rule, ['record']);
        if (typeof alert === 'string') {
          found.push({
            resource,
            path: ['spec', 'groups', g, 'rules', r],
            name: alert,
            expr,
            labels: stringMap(get(rule, ['labels'])),
          });
        } else if (typeof record === 'string') {
          const known = records.get(record);
          if (known) known.push(expr);
          else records.set(record, [expr]);
        }
      });
    });
  }
  const alerts = found.map((a): Alert => {
    const expanded = expandedExpr(a.expr, records);
    return {
      ...a,
      expanded,
      metrics: identifiers(expanded).filter((name) => !records.has(name)),
      matchers: matchers(expanded),
    };
  });
  const index = { alerts, records, anyRules };
  cache.set(model, index);
  return index;
}

/** The alert expression followed through the recording rules it reads, as one text. */
export function expandedExpr(expr: string, records: ReadonlyMap<string, string[]>): string {
  const parts = [expr];
  const seen = new Set<string>();
  let frontier = [expr];
  let total = expr.length;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const text of frontier) {
      for (const name of identifiers(text)) {
        if (seen.has(name)) continue;
        seen.add(name);
        for (const recorded of records.get(name) ?? []) {
          if (total + recorded.length > MAX_EXPR * 4) continue;
          total += recorded.length;
          parts.push(recorded);
          next.push(recorded);
        }
      }
    }
    frontier = next;
  }
  return parts.join('\n');
}

const STRING = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/g;
const MATCHERS = /\{[^{}]*\}/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)/g;
const RANGE = /\[[^\][]*\]/g;
/** A name not preceded by a name character, number or colon, not followed by more of it or by "(" (a function). */
const IDENTIFIER = /(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:]|\s*\()/g;
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'atan2', 'inf', 'nan', 'Inf', 'NaN']);

/** Metric (and recording rule) names an expression reads: no functions, keywords, label names or strings. */
export function identifiers(expr: string): string[] {
  const cleaned = expr.replace(STRING, ' ').replace(MATCHERS, ' ').replace(GROUPING, ' ').replace(RANGE, ' ');
  const names = new Set<string>();
  for (const match of cleaned.matchAll(IDENTIFIER)) if (!KEYWORDS.has(match[0])) names.add(match[0]);
  return [...names];
}

export interface Matcher {
  label: string;
  op: '=' | '=~' | '!=' | '!~';
  value: string;
}

const MATCHER = /(?<![\w.:])([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"\n]{0,500})"/g;

/** Label matchers (`label op "value"`) anywhere in an expression. */
export function matchers(expr: string): Matcher[] {
  const result: Matcher[] = [];
  for (const match of expr.matchAll(MATCHER)) result.push({ label: match[1], op: match[2] as Matcher['op'], value: match[3] });
  return result;
}

/** Metric name prefixes of Kubernetes, node and monitoring-stack exporters: not an application's own signals. */
const INFRA_PREFIXES = [
  'apiserver_', 'etcd_', 'kube_', 'kubelet_', 'kubeproxy_', 'kubernetes_', 'node_', 'container_', 'machine_',
  'process_', 'go_', 'prometheus_', 'alertmanager_', 'scheduler_', 'workqueue_', 'rest_client_', 'coredns_',
  'storage_operation_', 'volume_manager_',
];

function isInfra(name: string): boolean {
  if (name === 'up' || name === 'ALERTS' || name === 'ALERTS_FOR_STATE') return true;
  // Recording rule names are level:metric:operations; any part may name the metric.
  return name.split(':').some((part) => INFRA_PREFIXES.some((prefix) => part.startsWith(prefix)));
}

/** Whether an alert reads at least one metric that is not Kubernetes' or the monitoring stack's own. */
export function readsApplicationMetrics(alert: Alert): boolean {
  return alert.metrics.some((name) => !isInfra(name));
}

const HIGH_QUANTILE = /^0?\.9[59]/;
const HISTOGRAM_QUANTILE = /histogram_quantile\s*\(\s*0?\.9[59]/;

/** An alert on p95/p99 latency: histogram_quantile(0.95|0.99, …) or a summary's quantile="0.95|0.99", over application metrics. */
export function isLatencyAlert(alert: Alert): boolean {
  const quantile =
    HISTOGRAM_QUANTILE.test(alert.expanded) ||
    alert.matchers.some((m) => m.label === 'quantile' && (m.op === '=' || m.op === '=~') && HIGH_QUANTILE.test(m.value));
  return quantile && readsApplicationMetrics(alert);
}

const ERROR_NAME = /error|fail|drop|5xx/i;

const FAILURE_VALUE = /fail|error|timeout|drop|refused|reject/i;

function isErrorMatcher(m: Matcher): boolean {
  const label = m.label.toLowerCase();
  const positive = m.op === '=' || m.op === '=~';
  const value = m.value.replace(/^[\^(]+/, '');
  if (label.startsWith('grpc_') && (label.endsWith('code') || label.endsWith('status'))) {
    // grpc_code!="OK", or a positive match on a failure code
    return positive ? !value.startsWith('OK') : value.startsWith('OK');
  }
  if (label.includes('code') || label.includes('status') || label.includes('result') || label.includes('outcome')) {
    // code=~"5..", status="failed", or code!~"2.." (not a success)
    return positive ? value.startsWith('5') || FAILURE_VALUE.test(value) : value.startsWith('2');
  }
  return false;
}

/**
 * An alert on an error or failure rate: a 5xx status matcher, a gRPC code
 * other than OK, or an application metric named for errors, failures or drops.
 */
export function isErrorRateAlert(alert: Alert): boolean {
  if (!readsApplicationMetrics(alert)) return false;
  // Recording rule names count here: job:http_errors:ratio5m names what it measures.
  const names = identifiers(alert.expanded).filter((name) => !isInfra(name));
  return alert.matchers.some(isErrorMatcher) || names.some((name) => ERROR_NAME.test(name));
}

const COMPONENT_LABELS = new Set(['job', 'service', 'app', 'app_kubernetes_io_name', 'container', 'deployment', 'workload', 'statefulset', 'daemonset']);
const MATCH_ALL = new Set(['.*', '.+', '.*?', '.+?']);

function alternatives(m: Matcher): string[] {
  if (m.op === '=') return [m.value];
  return m.value.split('|').map((v) => v.replace(/^\(/, '').replace(/\)$/, ''));
}

/**
 * Whether an alert watches a namespace: it lives in it, names it in a
 * `namespace` matcher or label, or names one of its Services or workloads in a
 * job/service/app/container matcher; an alert restricted to neither watches
 * every namespace (e.g. `sum by (namespace, service) (…)`).
 */
export function alertWatches(alert: Alert, ns: NamespaceInfo): boolean {
  if (alert.resource.namespace === ns.name || alert.labels.namespace === ns.name) return true;
  const found = alert.matchers.filter(
    (m) => (m.op === '=' || m.op === '=~') && !(m.op === '=~' && MATCH_ALL.has(m.value)),
  );
  const namespaces = found.filter((m) => m.label === 'namespace').flatMap(alternatives);
  if (namespaces.length > 0) return namespaces.includes(ns.name);
  const components = found.filter((m) => COMPONENT_LABELS.has(m.label)).flatMap(alternatives);
  if (components.length === 0) return true;
  const names = new Set(ns.resources.filter((r) => r.kind === 'Service' || ns.workloads.includes(r)).map((r) => r.name));
  return components.some((c) => names.has(c) || c.startsWith(`${ns.name}/`));
}
