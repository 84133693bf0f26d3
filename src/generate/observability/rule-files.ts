// One service's rule groups written three ways: a plain rule file (what
// promtool and a file-configured Prometheus read), a PrometheusRule for the
// Prometheus Operator, and the promtool unit tests generated from each
// alert's cases.
import { yamlFile, type GeneratedFile } from '../files.js';
import { OBSERVABILITY_NAMESPACE, PROMETHEUS_SELECTOR_LABELS, serviceLabels } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { isAlert, type AlertCase, type AlertRule, type Labels, type RuleGroup } from './model.js';

export function rulesPath(service: ServiceSpec): string {
  return `observability/prometheus/rules/${service.name}.yaml`;
}

export function testsPath(service: ServiceSpec): string {
  return `observability/prometheus/tests/${service.name}.test.yaml`;
}

export function prometheusRulePath(service: ServiceSpec): string {
  return `kubernetes/observability/${service.name}-rules.yaml`;
}

/** Groups as Prometheus reads them (the test cases left out). */
function plainGroups(groups: readonly RuleGroup[]): unknown[] {
  return groups.map((group) => ({
    name: group.name,
    rules: group.rules.map((rule) =>
      isAlert(rule)
        ? { alert: rule.alert, expr: rule.expr, ...(rule.for ? { for: rule.for } : {}), labels: rule.labels, annotations: rule.annotations }
        : { record: rule.record, expr: rule.expr },
    ),
  }));
}

export function ruleFiles(spec: PlatformSpec, service: ServiceSpec, groups: readonly RuleGroup[]): GeneratedFile[] {
  const plain = plainGroups(groups);
  const prometheusRule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `${service.name}-rules`,
      namespace: OBSERVABILITY_NAMESPACE,
      labels: { ...serviceLabels(spec, service), ...PROMETHEUS_SELECTOR_LABELS },
    },
    spec: { groups: plain },
  };
  return [
    yamlFile(rulesPath(service), [{ groups: plain }]),
    yamlFile(prometheusRulePath(service), [prometheusRule]),
    yamlFile(testsPath(service), [unitTests(service, groups)]),
  ];
}

const LABEL_REFERENCE = /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g;

/** An annotation as Prometheus renders it: `{{ $labels.x }}` from the expression's output labels. */
export function renderAnnotation(template: string, labels: Labels): string {
  return template.replace(LABEL_REFERENCE, (_match, name: string) => {
    const value = labels[name];
    if (value === undefined) throw new Error(`annotation refers to label ${name}, which the alert's expression does not yield`);
    return value;
  });
}

function expected(rule: AlertRule, fires: Labels): unknown {
  const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, renderAnnotation(v, fires)]));
  return { exp_labels: { ...fires, ...rule.labels }, exp_annotations: annotations };
}

function testGroup(rule: AlertRule, c: AlertCase): unknown {
  return {
    name: `${rule.alert}: ${c.name}${c.fires ? ' fires' : ' stays silent'}`,
    interval: '1m',
    input_series: c.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [
      {
        eval_time: `${c.evalMinutes}m`,
        alertname: rule.alert,
        exp_alerts: c.fires ? [expected(rule, c.fires)] : [],
      },
    ],
  };
}

/** promtool's test file: every alert of the service fired by its unhealthy series, silent on its healthy ones. */
function unitTests(service: ServiceSpec, groups: readonly RuleGroup[]): unknown {
  const alerts = groups.flatMap((g) => g.rules.filter(isAlert));
  return {
    rule_files: [`../rules/${service.name}.yaml`],
    evaluation_interval: '1m',
    tests: alerts.flatMap((rule) => rule.cases.map((c) => testGroup(rule, c))),
  };
}
