// OBS-SATURATION: CPU throttling (cAdvisor CFS periods), memory working set
// near the limit, OOMKills and the HPA pinned at its maximum
// (kube-state-metrics), for the service's own pods and container.
import { TICKET, workloadName } from '../names.js';
import { alertRule, type ServiceContext } from './context.js';
import type { AlertCase, AlertRule, Labels, RuleGroup } from './model.js';
import { anyOf, num, selector, type Matcher } from './promql.js';
import { counter, gauge, podName, series, step } from './series.js';

export const THROTTLING_RATIO = 0.25;
export const MEMORY_RATIO = 0.9;
const POD_LABELS = '(namespace, pod, container)';

/** The service's containers: its namespace, pods of its Deployment (name-<hash>-<suffix>) and its container name. */
export function containerMatchers(ctx: ServiceContext): Matcher[] {
  const workload = workloadName(ctx.service);
  return [
    ['namespace', '=', ctx.service.namespace],
    ['pod', '=~', `${anyOf([workload])}-[a-z0-9]+-[a-z0-9]+`],
    ['container', '=', workload],
  ];
}

export function saturationGroup(ctx: ServiceContext): RuleGroup {
  const { min, max } = ctx.service.replicas;
  // With min = max the HPA always sits at its maximum: nothing to alert on.
  const hpa = min < max ? [hpaAlert(ctx)] : [];
  return { name: `${ctx.service.name}.saturation`, rules: [throttlingAlert(ctx), memoryAlert(ctx), oomAlert(ctx), ...hpa] };
}

function podLabels(ctx: ServiceContext): Labels {
  const workload = workloadName(ctx.service);
  return { namespace: ctx.service.namespace, pod: podName(workload), container: workload };
}

function throttlingAlert(ctx: ServiceContext): AlertRule {
  const c = containerMatchers(ctx);
  const rate = (metric: string) => `sum by ${POD_LABELS} (rate(${selector(metric, c)}[5m]))`;
  const pod = podLabels(ctx);
  const periods = (throttledPerMinute: number): AlertCase['series'] => [
    series('container_cpu_cfs_periods_total', pod, counter(600, 40)),
    series('container_cpu_cfs_throttled_periods_total', pod, counter(throttledPerMinute, 40)),
  ];
  return alertRule(ctx, {
    alert: 'ServiceCPUThrottled',
    expr: `${rate('container_cpu_cfs_throttled_periods_total')}\n/\n${rate('container_cpu_cfs_periods_total')}\n> ${num(THROTTLING_RATIO)}`,
    for: '15m',
    severity: TICKET,
    signal: 'saturation',
    summary: `${ctx.service.name}: CPU throttled in {{ $labels.pod }}`,
    description: `Container {{ $labels.container }} of pod {{ $labels.pod }} (namespace ${ctx.service.namespace}) was throttled in more than ${num(THROTTLING_RATIO * 100)}% of its CFS periods for 15 minutes: its CPU limit is too low for its load, which shows up as latency.`,
    cases: [
      { name: '10% of periods throttled', series: periods(60), evalMinutes: 35 },
      { name: '50% of periods throttled', series: periods(300), evalMinutes: 35, fires: pod },
    ],
  });
}

function memoryAlert(ctx: ServiceContext): AlertRule {
  const c = containerMatchers(ctx);
  const pod = podLabels(ctx);
  const limit = 512 * 1024 * 1024;
  const memory = (share: number): AlertCase['series'] => [
    series('container_memory_working_set_bytes', pod, gauge(Math.round(limit * share), 30)),
    series('kube_pod_container_resource_limits', { ...pod, resource: 'memory', unit: 'byte' }, gauge(limit, 30)),
  ];
  return alertRule(ctx, {
    alert: 'ServiceMemoryNearLimit',
    expr: `max by ${POD_LABELS} (${selector('container_memory_working_set_bytes', c)})\n/\nmax by ${POD_LABELS} (${selector('kube_pod_container_resource_limits', [...c, ['resource', '=', 'memory']])})\n> ${num(MEMORY_RATIO)}`,
    for: '15m',
    severity: TICKET,
    signal: 'saturation',
    summary: `${ctx.service.name}: memory near its limit in {{ $labels.pod }}`,
    description: `Container {{ $labels.container }} of pod {{ $labels.pod }} (namespace ${ctx.service.namespace}) has used more than ${num(MEMORY_RATIO * 100)}% of its memory limit for 15 minutes; past the limit the kernel OOM-kills it.`,
    cases: [
      { name: 'working set at 60% of the limit', series: memory(0.6), evalMinutes: 25 },
      { name: 'working set at 95% of the limit', series: memory(0.95), evalMinutes: 25, fires: pod },
    ],
  });
}

function oomAlert(ctx: ServiceContext): AlertRule {
  const c = containerMatchers(ctx);
  const pod = podLabels(ctx);
  const restarts = (values: string, reason: string): AlertCase['series'] => [
    series('kube_pod_container_status_restarts_total', pod, values),
    series('kube_pod_container_status_last_terminated_reason', { ...pod, reason }, gauge(1, 30)),
  ];
  return alertRule(ctx, {
    alert: 'ServiceOOMKilled',
    expr: `max by ${POD_LABELS} (increase(${selector('kube_pod_container_status_restarts_total', c)}[15m])) > 0\nand on ${POD_LABELS}\nmax by ${POD_LABELS} (${selector('kube_pod_container_status_last_terminated_reason', [...c, ['reason', '=', 'OOMKilled']])}) == 1`,
    severity: TICKET,
    signal: 'saturation',
    summary: `${ctx.service.name}: {{ $labels.pod }} was OOM-killed`,
    description: `Container {{ $labels.container }} of pod {{ $labels.pod }} (namespace ${ctx.service.namespace}) restarted in the last 15 minutes after the kernel killed it for exceeding its memory limit.`,
    cases: [
      { name: 'an OOM kill long ago, no restart since', series: restarts(gauge(1, 30), 'OOMKilled'), evalMinutes: 25 },
      { name: 'a restart after an error exit', series: restarts(step(0, 1, 15, 30), 'Error'), evalMinutes: 20 },
      { name: 'a restart after an OOM kill', series: restarts(step(0, 1, 15, 30), 'OOMKilled'), evalMinutes: 20, fires: pod },
    ],
  });
}

function hpaAlert(ctx: ServiceContext): AlertRule {
  const workload = workloadName(ctx.service);
  const h: Matcher[] = [
    ['namespace', '=', ctx.service.namespace],
    ['horizontalpodautoscaler', '=', workload],
  ];
  const labels: Labels = { namespace: ctx.service.namespace, horizontalpodautoscaler: workload };
  const { min, max } = ctx.service.replicas;
  const replicas = (current: number): AlertCase['series'] => [
    series('kube_horizontalpodautoscaler_status_current_replicas', labels, gauge(current, 30)),
    series('kube_horizontalpodautoscaler_spec_max_replicas', labels, gauge(max, 30)),
  ];
  const by = '(namespace, horizontalpodautoscaler)';
  return alertRule(ctx, {
    alert: 'ServiceAtMaxReplicas',
    expr: `max by ${by} (${selector('kube_horizontalpodautoscaler_status_current_replicas', h)})\n>=\nmax by ${by} (${selector('kube_horizontalpodautoscaler_spec_max_replicas', h)})`,
    for: '15m',
    severity: TICKET,
    signal: 'saturation',
    summary: `${ctx.service.name}: autoscaler at its maximum of ${max} replicas`,
    description: `The HorizontalPodAutoscaler of ${ctx.service.name} (namespace ${ctx.service.namespace}) has run at its maximum of ${max} replicas for 15 minutes: it cannot absorb more load, so latency and errors come next.`,
    cases: [
      { name: `${min} of ${max} replicas`, series: replicas(min), evalMinutes: 25 },
      { name: `${max} of ${max} replicas`, series: replicas(max), evalMinutes: 25, fires: labels },
    ],
  });
}
