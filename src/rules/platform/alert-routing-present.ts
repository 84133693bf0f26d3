import { parseDocument } from 'yaml';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str } from '../../core/values.js';
import { chartDeployments, isKind, notSeen } from './support.js';

/** Alertmanager configuration files larger than this are not read. */
const MAX_CONFIG = 1_000_000;
/** How deep nested routes are followed. */
const MAX_ROUTE_DEPTH = 16;
const CONFIG_KEYS = ['alertmanager.yaml', 'alertmanager.yml'];

/**
 * Receivers that notify someone: any non-empty integration list, `*_configs`
 * in an alertmanager.yaml (slack_configs, pagerduty_configs, webhook_configs,
 * opsgenie_configs, sns_configs, ...) or `*Configs` in an AlertmanagerConfig.
 */
function notifyingReceivers(receivers: unknown, suffix: string): Set<string> {
  const names = new Set<string>();
  for (const receiver of list(receivers)) {
    if (!isRecord(receiver)) continue;
    const name = str(receiver.name);
    if (name === undefined) continue;
    if (Object.entries(receiver).some(([key, value]) => key.endsWith(suffix) && list(value).length > 0)) names.add(name);
  }
  return names;
}

/** Receiver names the routing tree sends alerts to. */
function routedReceivers(route: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (!isRecord(node) || depth > MAX_ROUTE_DEPTH) return;
    const receiver = str(node.receiver);
    if (receiver) names.add(receiver);
    for (const child of list(node.routes)) walk(child, depth + 1);
  };
  walk(route, 0);
  return names;
}

/** Whether a configuration routes alerts to at least one receiver that notifies someone. */
function routesToPeople(receivers: unknown, route: unknown, suffix: string): boolean {
  const notifying = notifyingReceivers(receivers, suffix);
  for (const name of routedReceivers(route)) if (notifying.has(name)) return true;
  return false;
}

/** An alertmanager.yaml text (from a Secret, ConfigMap) parsed leniently; undefined when unreadable. */
function parseConfig(text: string): unknown {
  if (text.length > MAX_CONFIG) return undefined;
  try {
    // parseDocument never logs; a document with errors counts as unreadable.
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) return undefined;
    return doc.toJS({ maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}

function configTexts(resource: Resource): string[] {
  const texts: string[] = [];
  if (resource.kind === 'ConfigMap') {
    for (const key of CONFIG_KEYS) {
      const text = str(get(resource.value, ['data', key]));
      if (text !== undefined) texts.push(text);
    }
  } else if (resource.kind === 'Secret') {
    for (const key of CONFIG_KEYS) {
      const plain = str(get(resource.value, ['stringData', key]));
      if (plain !== undefined) texts.push(plain);
      const encoded = str(get(resource.value, ['data', key]));
      if (encoded !== undefined && encoded.length <= MAX_CONFIG) texts.push(Buffer.from(encoded, 'base64').toString('utf8'));
    }
  }
  return texts;
}

function configRoutes(config: unknown): boolean {
  return routesToPeople(get(config, ['receivers']), get(config, ['route']), '_configs');
}

interface Findings {
  routed: boolean;
  /** Alertmanager objects seen that do not (visibly) route to anyone. */
  partial: string[];
}

function survey(model: Model): Findings {
  const partial: string[] = [];
  const configSecrets = new Set<string>();
  for (const resource of model.resources) {
    if (isKind(resource, 'Alertmanager', ['monitoring.coreos.com'])) {
      // The operator reads spec.configSecret, else the Secret alertmanager-<name>.
      const secret = str(get(resource.value, ['spec', 'configSecret'])) ?? `alertmanager-${resource.name}`;
      configSecrets.add(`${resource.namespace ?? ''}/${secret}`);
    }
  }
  for (const resource of model.resources) {
    if (resource.input !== 'k8s') continue;
    if (isKind(resource, 'AlertmanagerConfig', ['monitoring.coreos.com'])) {
      const spec = record(get(resource.value, ['spec']));
      if (routesToPeople(spec.receivers, spec.route, 'Configs')) return { routed: true, partial };
      partial.push(`AlertmanagerConfig ${resource.name}`);
    } else if (isKind(resource, 'Alertmanager', ['monitoring.coreos.com'])) {
      partial.push(`Alertmanager ${resource.name}`);
    } else if (
      (resource.kind === 'Secret' || resource.kind === 'ConfigMap') &&
      (resource.name.toLowerCase().includes('alertmanager') || configSecrets.has(`${resource.namespace ?? ''}/${resource.name}`))
    ) {
      const texts = configTexts(resource);
      if (texts.some((text) => configRoutes(parseConfig(text)))) return { routed: true, partial };
      if (texts.length > 0) partial.push(`${resource.kind} ${resource.name}`);
    }
  }
  // kube-prometheus-stack values carry the alertmanager.yaml as alertmanager.config.
  for (const deployment of chartDeployments(model)) {
    if (deployment.resource.kind !== 'HelmRelease') continue;
    const config = get(deployment.resource.value, ['spec', 'values', 'alertmanager', 'config']);
    if (config !== undefined && configRoutes(config)) return { routed: true, partial };
  }
  return { routed: false, partial };
}

export const alertRoutingPresent: Rule = {
  id: 'alert-routing-present',
  practice: 'OBS-ALERT-ROUTING',
  severity: 'info',
  title: 'Alerts are routed to people',
  rationale:
    'An alert that fires into an Alertmanager with only the default null receiver, or into no Alertmanager at all, wakes nobody: the latency and error-rate rules exist on paper while the incident runs. Routing must reach a channel someone watches (Slack, PagerDuty, Opsgenie, a webhook).',
  remediation:
    'Add an `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) whose `route.receiver` names a receiver with `slackConfigs`, `pagerdutyConfigs` or `webhookConfigs` (credentials from a Secret), or the `alertmanager.yaml` Secret of your Alertmanager with a `route` to a receiver with `slack_configs`/`pagerduty_configs`.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const { routed, partial } = survey(model);
    if (routed) return;
    const seen = partial.length > 0 ? `; found ${partial.slice(0, 3).join(', ')} without such a route` : '';
    yield* notSeen(
      model,
      `no alert routing to people seen in the scanned files (looked for an AlertmanagerConfig, or an alertmanager.yaml in an Alertmanager's Secret or a ConfigMap, whose route reaches a receiver with a slack, pagerduty, webhook or other notification config${seen})`,
    );
  },
};
