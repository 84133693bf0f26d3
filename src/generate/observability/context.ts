// What every alert of one service shares: the labels Alertmanager routes and
// inhibits on, where its runbook lives, and the series labels the tests use.
import { PAGE, TICKET } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import type { AlertCase, AlertRule, Labels, Signal } from './model.js';

/** Runbooks for every generated alert, one page per alert name (docs/generate-observability.md holds the same text). */
export const RUNBOOK_BASE_URL = 'https://guardrail.dev/runbooks/';

export interface ServiceContext {
  spec: PlatformSpec;
  service: ServiceSpec;
  /** namespace and service, the labels every service series and alert carries. */
  ids: Labels;
}

export function serviceContext(spec: PlatformSpec, service: ServiceSpec): ServiceContext {
  return { spec, service, ids: { namespace: service.namespace, service: service.name } };
}

export type Severity = typeof PAGE | typeof TICKET;

export interface AlertDraft {
  alert: string;
  expr: string;
  for?: string;
  severity: Severity;
  signal: Signal;
  summary: string;
  description: string;
  cases: AlertCase[];
}

/** Runbook page of an alert: its name in lower case, as the Prometheus Operator's runbooks name theirs. */
export function runbookUrl(alert: string): string {
  return `${RUNBOOK_BASE_URL}${alert.toLowerCase()}`;
}

/** An alert with the labels routing needs: severity, signal (the inhibition family), service, namespace, environment. */
export function alertRule(ctx: ServiceContext, draft: AlertDraft): AlertRule {
  return {
    alert: draft.alert,
    expr: draft.expr,
    ...(draft.for ? { for: draft.for } : {}),
    labels: {
      severity: draft.severity,
      signal: draft.signal,
      service: ctx.service.name,
      namespace: ctx.service.namespace,
      environment: ctx.spec.cluster.environment,
    },
    annotations: {
      summary: draft.summary,
      description: draft.description,
      runbook_url: runbookUrl(draft.alert),
    },
    cases: draft.cases,
  };
}
