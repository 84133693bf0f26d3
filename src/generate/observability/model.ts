// The alerting model the rule files, the PrometheusRule objects and the
// promtool unit tests are all written from: every alert carries the synthetic
// series that must fire it and the healthy ones that must leave it silent.

export type Labels = Record<string, string>;

/** A promtool input series: `metric{labels}` and its expanding notation (`0+60x90`). */
export interface InputSeries {
  series: string;
  values: string;
}

/** One unit test of an alert: series, when to evaluate, and what must fire (nothing when `fires` is absent). */
export interface AlertCase {
  /** What the series show, in the test's name. */
  name: string;
  series: InputSeries[];
  /** Minutes after the series start. */
  evalMinutes: number;
  /** Labels the expression yields on these series (the rule's own labels are added); absent: silent. */
  fires?: Labels;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Labels;
  annotations: { summary: string; description: string; runbook_url: string };
  cases: AlertCase[];
}

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RuleGroup {
  name: string;
  rules: Array<AlertRule | RecordingRule>;
}

export function isAlert(rule: AlertRule | RecordingRule): rule is AlertRule {
  return 'alert' in rule;
}

/** Alert families Alertmanager inhibits within (label `signal`). */
export type Signal = 'availability' | 'latency' | 'errors' | 'saturation' | 'database';
