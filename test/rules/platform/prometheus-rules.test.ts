import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel } from '../../../src/core/model.js';
import { namespacesOf } from '../../../src/core/namespaces.js';
import type { Resource } from '../../../src/core/types.js';
import {
  alertIndex,
  alertWatches,
  expandedExpr,
  identifiers,
  isErrorRateAlert,
  isLatencyAlert,
  matchers,
} from '../../../src/rules/platform/prometheus-rules.js';

function resource(kind: string, name: string, namespace: string | undefined, value: Record<string, unknown>, apiVersion = 'v1'): Resource {
  return {
    kind, name, namespace, apiVersion, input: 'k8s', value: { apiVersion, kind, metadata: { name, namespace }, ...value }, file: 'x.yaml',
    position: { line: 1, column: 1 },
    locate: () => ({ line: 1, column: 1 }),
  };
}

function rules(namespace: string, entries: Array<Record<string, unknown>>): Resource {
  return resource('PrometheusRule', 'rules', namespace, { spec: { groups: [{ name: 'g', rules: entries }] } }, 'monitoring.coreos.com/v1');
}

function workload(name: string, namespace: string): Resource {
  return resource('Deployment', name, namespace, { spec: { template: { spec: { containers: [{ name: 'app', image: 'x' }] } } } }, 'apps/v1');
}

describe('identifiers', () => {
  it('keeps metric names, drops functions, keywords, label names, strings and durations', () => {
    expect(identifiers('sum by (namespace, le) (rate(http_server_request_duration_seconds_bucket{job="a", code=~"5.."}[5m])) > bool 0.5').sort())
      .toEqual(['http_server_request_duration_seconds_bucket']);
    expect(identifiers('a:b_c:ratio / on(instance) group_left node_x offset 5m').sort()).toEqual(['a:b_c:ratio', 'node_x']);
    expect(identifiers('1e3 + 0.99')).toEqual([]);
  });
});

describe('matchers', () => {
  it('reads label matchers with every operator', () => {
    expect(matchers('x{namespace="a", code=~"5..", grpc_code!="OK", path!~"/health"}')).toEqual([
      { label: 'namespace', op: '=', value: 'a' },
      { label: 'code', op: '=~', value: '5..' },
      { label: 'grpc_code', op: '!=', value: 'OK' },
      { label: 'path', op: '!~', value: '/health' },
    ]);
  });
});

describe('recording rules', () => {
  it('follows alerts through recording rules, without looping', () => {
    const records = new Map([
      ['a:p99', ['histogram_quantile(0.99, b:rate)']],
      ['b:rate', ['rate(latency_bucket[5m]) + a:p99']],
    ]);
    const text = expandedExpr('a:p99 > 1', records);
    expect(text).toContain('histogram_quantile(0.99');
    expect(text).toContain('latency_bucket');
  });
});

describe('alert classification', () => {
  const classify = (expr: string) => {
    const model = buildModel([rules('monitoring', [{ alert: 'A', expr }])]);
    const [alert] = alertIndex(model).alerts;
    return { latency: isLatencyAlert(alert), errors: isErrorRateAlert(alert) };
  };

  it.each([
    ['histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5', true],
    ['histogram_quantile(.95, rate(rpc_latency_seconds_bucket[5m])) > 0.5', true],
    ['rpc_duration_seconds{quantile="0.99"} > 1', true],
    ['histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[5m])) > 0.5', false],
    ['histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket[5m]))) > 1', false],
    ['avg(rate(http_request_duration_seconds_sum[5m])) > 1', false],
  ])('latency: %s → %s', (expr, expected) => {
    expect(classify(expr).latency).toBe(expected);
  });

  it.each([
    ['sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01', true],
    ['sum(rate(http_requests_total{status_code="503"}[5m])) > 1', true],
    ['sum(rate(http_requests_total{code!~"2..|3.."}[5m])) > 1', true],
    ['sum(rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) > 1', true],
    ['rate(session_establishment_failed_total[5m]) > 0.1', true],
    ['rate(sessions_total{result="failure"}[5m]) > 0.1', true],
    ['rate(packets_dropped_total[5m]) > 10', true],
    ['kube_job_failed{namespace=~".*"} > 0', false],
    ['sum(rate(apiserver_request_total{code=~"5.."}[5m])) > 1', false],
    ['sum(rate(http_requests_total{code=~"2.."}[5m])) < 1', false],
  ])('errors: %s → %s', (expr, expected) => {
    expect(classify(expr).errors).toBe(expected);
  });
});

describe('alertWatches', () => {
  const model = buildModel([
    workload('core-routing', 'core-routing'),
    workload('core-session-manager', 'core-session-manager'),
    rules('monitoring', [
      { alert: 'ByNamespace', expr: 'x_errors_total{namespace="core-routing"} > 1' },
      { alert: 'ByRegex', expr: 'x_errors_total{namespace=~"core-routing|core-session-manager"} > 1' },
      { alert: 'ByJob', expr: 'x_errors_total{job="core-session-manager"} > 1' },
      { alert: 'ClusterWide', expr: 'sum by (namespace) (x_errors_total) > 1' },
      { alert: 'MatchAll', expr: 'x_errors_total{namespace=~".*"} > 1' },
      { alert: 'Labelled', expr: 'x_errors_total > 1', labels: { namespace: 'core-routing' } },
    ]),
  ]);
  const namespaces = namespacesOf(model);
  const routing = namespaces.get('core-routing')!;
  const sessions = namespaces.get('core-session-manager')!;
  const alert = (name: string) => alertIndex(model).alerts.find((a) => a.name === name)!;

  it.each([
    ['ByNamespace', true, false],
    ['ByRegex', true, true],
    ['ByJob', false, true],
    ['ClusterWide', true, true],
    ['MatchAll', true, true],
    ['Labelled', true, true],
  ])('%s watches core-routing: %s, core-session-manager: %s', (name, inRouting, inSessions) => {
    expect(alertWatches(alert(name), routing)).toBe(inRouting);
    expect(alertWatches(alert(name), sessions)).toBe(inSessions);
  });
});

describe('robustness', () => {
  it('is fast on long adversarial expressions and never throws', () => {
    const inputs = [
      'a'.repeat(20_000) + '(',
      'x{' + 'code='.repeat(4000),
      '"'.repeat(10_000),
      'by ('.repeat(5000),
      'histogram_quantile( '.repeat(1000),
      'a_b:'.repeat(5000) + ' (',
    ];
    const start = Date.now();
    for (const expr of inputs) {
      identifiers(expr);
      matchers(expr);
      const model = buildModel([rules('monitoring', [{ alert: 'A', expr }])]);
      const [a] = alertIndex(model).alerts;
      isLatencyAlert(a);
      isErrorRateAlert(a);
    }
    expect(Date.now() - start).toBeLessThan(2000);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (expr) => {
        identifiers(expr);
        matchers(expr);
      }),
    );
  });
});
