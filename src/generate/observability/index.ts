// The observability part of `guardrail generate`: per service, alert and
// recording rules (plain, as a PrometheusRule, and their promtool tests) and
// a Grafana dashboard; for the platform, Alertmanager routing and the
// OpenTelemetry Collector and Fluent Bit configurations.
import type { GeneratedFile } from '../files.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { alertmanagerFiles } from './alertmanager.js';
import { serviceContext } from './context.js';
import { dashboardFiles } from './dashboard.js';
import { databaseGroup } from './database.js';
import { errorGroup } from './errors.js';
import { fluentBitFiles } from './fluent-bit.js';
import { latencyGroup } from './latency.js';
import type { RuleGroup } from './model.js';
import { collectorFiles } from './otel-collector.js';
import { ruleFiles } from './rule-files.js';
import { saturationGroup } from './saturation.js';

/** Every rule group of one service: latency, errors and availability, saturation, and its database if it owns one. */
export function serviceRuleGroups(spec: PlatformSpec, service: ServiceSpec): RuleGroup[] {
  const ctx = serviceContext(spec, service);
  const database = databaseGroup(ctx);
  return [latencyGroup(ctx), errorGroup(ctx), saturationGroup(ctx), ...(database ? [database] : [])];
}

/** Alert and recording rules, their unit tests, Alertmanager, dashboards and collectors. */
export function generateObservability(spec: PlatformSpec): GeneratedFile[] {
  const files = [
    ...spec.services.flatMap((service) => ruleFiles(spec, service, serviceRuleGroups(spec, service))),
    ...dashboardFiles(spec),
    ...alertmanagerFiles(spec),
    ...collectorFiles(spec),
    ...fluentBitFiles(spec),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
