// Synthetic input series for the generated promtool tests, one sample a minute.
import type { InputSeries, Labels } from './model.js';
import { num, quote } from './promql.js';

export function series(name: string, labels: Labels, values: string): InputSeries {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(',');
  return { series: `${name}{${body}}`, values };
}

/** A counter (or an age) growing by `perMinute` each minute for `minutes` minutes, from `start`. */
export function counter(perMinute: number, minutes: number, start = 0): string {
  return `${num(start)}+${num(perMinute)}x${minutes}`;
}

/** A gauge holding `value` for `minutes` minutes. */
export function gauge(value: number, minutes: number): string {
  return `${num(value)}x${minutes}`;
}

/** A gauge holding `before` for `at` minutes, then `after` until `minutes`. */
export function step(before: number, after: number, at: number, minutes: number): string {
  return `${num(before)}x${at - 1} ${num(after)}x${minutes - at}`;
}

/** A pod name the service's Deployment would create (ReplicaSet hash and suffix). */
export function podName(workload: string, n = 0): string {
  return `${workload}-7d9f8c6b5-${['x2k8p', 'q7w4z', 'm3n9v'][n % 3]}`;
}
