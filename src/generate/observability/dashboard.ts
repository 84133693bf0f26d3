// OBS-DASHBOARDS: one Grafana dashboard per service with the golden signals
// (traffic, latency percentiles against the SLO, errors and burn rate,
// saturation), network and disk I/O, and its database when it owns one,
// provisioned through the Grafana sidecar by a labelled ConfigMap.
import { createHash } from 'node:crypto';
import { jsonFile, yamlFile, type GeneratedFile } from '../files.js';
import { OBSERVABILITY_NAMESPACE, REQUEST_DURATION_METRIC, serviceLabels, workloadName } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { serviceContext, type ServiceContext } from './context.js';
import { exporterJob } from './database.js';
import { errorRatioRecord, OPERATIONS_METRIC } from './errors.js';
import { quantileRecord, REQUEST_RATE } from './latency.js';
import { equal, num, selector, type Matcher } from './promql.js';
import { containerMatchers, MEMORY_RATIO, THROTTLING_RATIO } from './saturation.js';

/** The dashboard JSON model version of Grafana 12. */
export const SCHEMA_VERSION = 41;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const RATE = '[$__rate_interval]';

export function dashboardPath(service: ServiceSpec): string {
  return `observability/grafana/dashboards/${service.name}.json`;
}

/** Stable across runs and unique per cluster and service; Grafana allows 40 characters. */
export function dashboardUid(spec: PlatformSpec, service: ServiceSpec): string {
  return `guardrail-${createHash('sha256').update(`${spec.cluster.name}/${service.name}`).digest('hex').slice(0, 24)}`;
}

interface Query {
  expr: string;
  legend: string;
}

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
  /** A red line at this value (an objective or an alert threshold). */
  threshold?: number;
}

type Section = [title: string, panels: PanelSpec[]];

const WIDTH = 12;
const HEIGHT = 8;

function timeseries(id: number, panel: PanelSpec, x: number, y: number): Record<string, unknown> {
  const steps: Array<{ color: string; value: number | null }> = [{ color: 'green', value: null }];
  if (panel.threshold !== undefined) steps.push({ color: 'red', value: panel.threshold });
  return {
    id,
    type: 'timeseries',
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos: { h: HEIGHT, w: WIDTH, x, y },
    fieldConfig: {
      defaults: {
        unit: panel.unit,
        min: 0,
        color: { mode: 'palette-classic' },
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 10,
          showPoints: 'never',
          spanNulls: false,
          thresholdsStyle: { mode: panel.threshold === undefined ? 'off' : 'line' },
        },
        thresholds: { mode: 'absolute', steps },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: panel.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend,
      range: true,
    })),
  };
}

/** Rows of two panels each, with ids in layout order. */
function layout(sections: readonly Section[]): unknown[] {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const [title, specs] of sections) {
    panels.push({ id: id++, type: 'row', title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    specs.forEach((panel, i) => {
      panels.push(timeseries(id++, panel, (i % 2) * WIDTH, y + Math.floor(i / 2) * HEIGHT));
    });
    y += Math.ceil(specs.length / 2) * HEIGHT;
  }
  return panels;
}

function goldenSignals(ctx: ServiceContext): PanelSpec[] {
  const ids = equal(ctx.ids);
  const { slo } = ctx.service;
  const requests = selector(`${REQUEST_DURATION_METRIC}_count`, ids);
  return [
    {
      title: 'Requests per second',
      description: 'HTTP requests served, in total (over 5 minutes) and by status code.',
      unit: 'reqps',
      queries: [
        { expr: selector(REQUEST_RATE, ids), legend: 'total' },
        { expr: `sum by (http_response_status_code) (rate(${requests}${RATE}))`, legend: '{{http_response_status_code}}' },
      ],
    },
    {
      title: 'Latency p50 / p95 / p99',
      description: `Request latency percentiles over 5 minutes; objectives p95 ${slo.latencyP95Ms} ms, p99 ${slo.latencyP99Ms} ms (red line: p95).`,
      unit: 's',
      threshold: slo.latencyP95Ms / 1000,
      queries: ([50, 95, 99] as const).map((q) => ({ expr: selector(quantileRecord(q), ids), legend: `p${q}` })),
    },
    {
      title: 'Error ratio',
      description: `5xx responses and failed operations over all requests and operations; the error budget is ${num(slo.errorRate * 100)}%.`,
      unit: 'percentunit',
      threshold: slo.errorRate,
      queries: (['5m', '1h'] as const).map((w) => ({ expr: selector(errorRatioRecord(w), ids), legend: w })),
    },
    {
      title: 'Error budget burn rate',
      description: 'Error ratio divided by the budget: 1 spends the budget in exactly 30 days; 14.4 over 1h and 6 over 6h page.',
      unit: 'none',
      threshold: 14.4,
      queries: (['1h', '6h', '3d'] as const).map((w) => ({ expr: `${selector(errorRatioRecord(w), ids)} / ${num(slo.errorRate)}`, legend: w })),
    },
    {
      title: 'Operations per second',
      description: 'Non-HTTP operations (such as session establishments), by operation and outcome.',
      unit: 'ops',
      queries: [{ expr: `sum by (operation, outcome) (rate(${selector(OPERATIONS_METRIC, ids)}${RATE}))`, legend: '{{operation}} {{outcome}}' }],
    },
    {
      title: 'Targets up',
      description: 'Pods Prometheus scrapes successfully.',
      unit: 'short',
      queries: [{ expr: `sum(${selector('up', ids)})`, legend: 'up' }],
    },
  ];
}

function saturation(ctx: ServiceContext): PanelSpec[] {
  const c = containerMatchers(ctx);
  const h: Matcher[] = [
    ['namespace', '=', ctx.service.namespace],
    ['horizontalpodautoscaler', '=', workloadName(ctx.service)],
  ];
  const perPod = (metric: string, extra: Matcher[] = []) => `sum by (pod) (${selector(metric, [...c, ...extra])})`;
  const ratePerPod = (metric: string) => `sum by (pod) (rate(${selector(metric, c)}${RATE}))`;
  return [
    {
      title: 'CPU usage and limit',
      description: 'CPU cores used per pod, and the container limit.',
      unit: 'short',
      queries: [
        { expr: ratePerPod('container_cpu_usage_seconds_total'), legend: '{{pod}}' },
        { expr: `max(${selector('kube_pod_container_resource_limits', [...c, ['resource', '=', 'cpu']])})`, legend: 'limit' },
      ],
    },
    {
      title: 'CPU throttling',
      description: `Share of CFS periods in which the container was throttled; the alert fires above ${num(THROTTLING_RATIO * 100)}%.`,
      unit: 'percentunit',
      threshold: THROTTLING_RATIO,
      queries: [{ expr: `${ratePerPod('container_cpu_cfs_throttled_periods_total')}\n/\n${ratePerPod('container_cpu_cfs_periods_total')}`, legend: '{{pod}}' }],
    },
    {
      title: 'Memory working set and limit',
      description: `Working set per pod against the limit; the alert fires above ${num(MEMORY_RATIO * 100)}% of it.`,
      unit: 'bytes',
      queries: [
        { expr: perPod('container_memory_working_set_bytes'), legend: '{{pod}}' },
        { expr: `max(${selector('kube_pod_container_resource_limits', [...c, ['resource', '=', 'memory']])})`, legend: 'limit' },
      ],
    },
    {
      title: 'Replicas',
      description: `Current and desired replicas of the autoscaler (bounds ${ctx.service.replicas.min} to ${ctx.service.replicas.max}).`,
      unit: 'short',
      threshold: ctx.service.replicas.max,
      queries: [
        { expr: `max(${selector('kube_horizontalpodautoscaler_status_current_replicas', h)})`, legend: 'current' },
        { expr: `max(${selector('kube_horizontalpodautoscaler_status_desired_replicas', h)})`, legend: 'desired' },
      ],
    },
    {
      title: 'Restarts and OOM kills',
      description: 'Container restarts per pod over the last hour; OOM kills are the restarts whose last termination reason is OOMKilled.',
      unit: 'short',
      queries: [
        { expr: `sum by (pod) (increase(${selector('kube_pod_container_status_restarts_total', c)}[1h]))`, legend: '{{pod}} restarts' },
        { expr: `sum by (pod) (${selector('kube_pod_container_status_last_terminated_reason', [...c, ['reason', '=', 'OOMKilled']])})`, legend: '{{pod}} last OOMKilled' },
      ],
    },
    {
      title: 'Threads',
      description: 'Threads per container.',
      unit: 'short',
      queries: [{ expr: perPod('container_threads'), legend: '{{pod}}' }],
    },
  ];
}

function io(ctx: ServiceContext): PanelSpec[] {
  // Network counters are per pod (its sandbox), not per container.
  const pods = containerMatchers(ctx).filter(([label]) => label !== 'container');
  const c = containerMatchers(ctx);
  const rate = (metric: string, m: Matcher[]) => `sum by (pod) (rate(${selector(metric, m)}${RATE}))`;
  return [
    {
      title: 'Network throughput',
      description: 'Bytes received and transmitted per pod.',
      unit: 'Bps',
      queries: [
        { expr: rate('container_network_receive_bytes_total', pods), legend: '{{pod}} in' },
        { expr: rate('container_network_transmit_bytes_total', pods), legend: '{{pod}} out' },
      ],
    },
    {
      title: 'Dropped packets',
      description: 'Packets dropped per pod, received and transmitted.',
      unit: 'pps',
      queries: [
        { expr: rate('container_network_receive_packets_dropped_total', pods), legend: '{{pod}} in' },
        { expr: rate('container_network_transmit_packets_dropped_total', pods), legend: '{{pod}} out' },
      ],
    },
    {
      title: 'Disk I/O',
      description: 'Bytes read from and written to disk per pod.',
      unit: 'Bps',
      queries: [
        { expr: rate('container_fs_reads_bytes_total', c), legend: '{{pod}} read' },
        { expr: rate('container_fs_writes_bytes_total', c), legend: '{{pod}} write' },
      ],
    },
    {
      title: 'Disk usage',
      description: 'Writable-layer and emptyDir bytes used per pod.',
      unit: 'bytes',
      queries: [{ expr: `sum by (pod) (${selector('container_fs_usage_bytes', c)})`, legend: '{{pod}}' }],
    },
  ];
}

function panel(title: string, description: string, unit: string, ...queries: Array<[expr: string, legend: string]>): PanelSpec {
  return { title, description, unit, queries: queries.map(([expr, legend]) => ({ expr, legend })) };
}

function database(ctx: ServiceContext): PanelSpec[] {
  const db = ctx.service.database;
  if (!db) return [];
  const job: Matcher[] = [['job', '=', exporterJob(ctx, db)]];
  const max = (metric: string, m: Matcher[] = job) => `max(${selector(metric, m)})`;
  const rate = (metric: string, m: Matcher[] = job) => `sum(rate(${selector(metric, m)}${RATE}))`;
  if (db.engine === 'postgresql') {
    const d: Matcher[] = [...job, ['datname', '=', db.name]];
    return [
      panel('Connections', 'Sessions by state against max_connections.', 'short',
        [`sum by (state) (${selector('pg_stat_activity_count', job)})`, '{{state}}'],
        [max('pg_settings_max_connections'), 'max_connections']),
      panel('Transactions', 'Commits, rollbacks and deadlocks per second.', 'ops',
        [rate('pg_stat_database_xact_commit', d), 'commits'],
        [rate('pg_stat_database_xact_rollback', d), 'rollbacks'],
        [rate('pg_stat_database_deadlocks', d), 'deadlocks']),
      panel('Lock waits and longest transaction', 'Sessions waiting for a lock, and the longest open transaction in seconds.', 'short',
        [max('pg_lock_waits_sessions', d), 'waiting sessions'],
        [max('pg_stat_activity_max_tx_duration', d), 'longest transaction (s)']),
      panel('WAL size', 'Write-ahead log on disk.', 'bytes', [max('pg_wal_size_bytes'), 'WAL']),
      panel('Replication lag', 'How far replicas are behind.', 's', [max('pg_replication_lag_seconds'), 'lag']),
      panel('Dead rows', 'Dead rows awaiting vacuum, per table (top 10).', 'short',
        [`topk(10, ${selector('pg_stat_user_tables_n_dead_tup', d)})`, '{{schemaname}}.{{relname}}']),
      panel('Temporary file spills', 'Bytes written to temporary files by sorts and hashes over work_mem.', 'Bps',
        [rate('pg_stat_database_temp_bytes', d), 'temp bytes']),
      panel('Last WAL archived', 'Age of the last archived WAL segment (point-in-time recovery).', 's',
        [max('pg_stat_archiver_last_archive_age'), 'age']),
    ];
  }
  return [
    panel('Connections', 'Threads connected against max_connections.', 'short',
      [max('mysql_global_status_threads_connected'), 'connected'],
      [max('mysql_global_variables_max_connections'), 'max_connections']),
    panel('Errors', 'Aborted connection attempts per second.', 'ops', [rate('mysql_global_status_aborted_connects'), 'aborted connects']),
    panel('Locks', 'Row lock waits in progress; deadlocks and lock wait timeouts per second.', 'short',
      [max('mysql_global_status_innodb_row_lock_current_waits'), 'waiting'],
      [rate('mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total'), 'deadlocks/s'],
      [rate('mysql_info_schema_innodb_metrics_lock_lock_timeouts_total'), 'timeouts/s']),
    panel('Slow queries and disk temporary tables', 'Queries over long_query_time, and temporary tables created on disk, per second.', 'ops',
      [rate('mysql_global_status_slow_queries'), 'slow queries'],
      [rate('mysql_global_status_created_tmp_disk_tables'), 'disk tmp tables']),
    panel('Binary logs', 'Binary log bytes on disk.', 'bytes', [max('mysql_binlog_size_bytes'), 'binlog']),
    panel('Replication lag', 'How far replicas are behind.', 's',
      [`max(${selector('mysql_slave_status_seconds_behind_master', job)} or ${selector('mysql_slave_status_seconds_behind_source', job)})`, 'lag']),
    panel('History list length', 'InnoDB undo records awaiting purge.', 'short',
      [max('mysql_info_schema_innodb_metrics_transaction_trx_rseg_history_len'), 'history list']),
  ];
}

export function dashboard(spec: PlatformSpec, service: ServiceSpec): Record<string, unknown> {
  const ctx = serviceContext(spec, service);
  const sections: Section[] = [
    ['Golden signals', goldenSignals(ctx)],
    ['Saturation', saturation(ctx)],
    ['Network and disk', io(ctx)],
  ];
  const db = database(ctx);
  if (db.length > 0) sections.push([`Database (${service.database?.engine})`, db]);
  return {
    uid: dashboardUid(spec, service),
    title: `${service.name} (${spec.cluster.name})`,
    description: `Golden signals of ${service.name} in namespace ${service.namespace}.`,
    tags: ['guardrail', spec.cluster.name, service.domain],
    editable: false,
    graphTooltip: 1,
    timezone: 'utc',
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    links: [],
    annotations: { list: [] },
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1 }],
    },
    panels: layout(sections),
  };
}

export function dashboardFiles(spec: PlatformSpec): GeneratedFile[] {
  return spec.services.flatMap((service) => {
    const file = jsonFile(dashboardPath(service), dashboard(spec, service));
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${service.name}-dashboard`,
        namespace: OBSERVABILITY_NAMESPACE,
        labels: { ...serviceLabels(spec, service), grafana_dashboard: '1' },
      },
      data: { [`${service.name}.json`]: file.content },
    };
    return [file, yamlFile(`kubernetes/observability/${service.name}-dashboard.yaml`, [configMap])];
  });
}
