import { containersOf, podViews, type PodSpecView } from '../../core/kinds.js';
import { labelSelectorMatches, mapSelectorMatches } from '../../core/selectors.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str, stringMap } from '../../core/values.js';

const MONITORING_GROUP = 'monitoring.coreos.com';
const SCRAPE_ANNOTATION = 'prometheus.io/scrape';

function group(resource: Resource): string {
  const apiVersion = resource.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '') === (b ?? '');
}

function annotated(metadata: unknown): boolean {
  return stringMap(get(metadata, ['annotations']))[SCRAPE_ANNOTATION] === 'true';
}

/**
 * The namespaces a ServiceMonitor or PodMonitor discovers targets in
 * (prometheus-operator semantics): `namespaceSelector.any: true` for all,
 * `matchNames` for a list, otherwise only the monitor's own namespace.
 */
function watchesNamespace(monitor: Resource, namespace: string | undefined): boolean {
  const selector = record(get(monitor.value, ['spec', 'namespaceSelector']));
  if (selector.any === true) return true;
  const names = list(selector.matchNames).filter((n): n is string => typeof n === 'string');
  if (names.length > 0) return names.includes(namespace ?? '');
  return sameNamespace(monitor.namespace, namespace);
}

/** Port names a monitor endpoint may refer to: named `port`, or any when it names none. */
function endpointPortMatches(endpoint: unknown, portNames: ReadonlySet<string>): boolean {
  const port = get(endpoint, ['port']);
  if (typeof port === 'string' && port !== '') return portNames.has(port);
  return true;
}

interface Monitors {
  serviceMonitors: Resource[];
  podMonitors: Resource[];
}

function monitorsOf(model: Model): Monitors {
  const ofGroup = (kind: string) => model.ofKind(kind).filter((r) => r.input === 'k8s' && group(r) === MONITORING_GROUP);
  return { serviceMonitors: ofGroup('ServiceMonitor'), podMonitors: ofGroup('PodMonitor') };
}

/** Why a Service is not covered by any ServiceMonitor, or undefined when one covers it. */
function serviceMonitorGap(service: Resource, monitors: readonly Resource[]): string | undefined {
  const labels = stringMap(get(service.value, ['metadata', 'labels']));
  const portNames = new Set(
    list(get(service.value, ['spec', 'ports'])).map((p) => str(get(p, ['name']))).filter((n): n is string => n !== undefined),
  );
  let hint: string | undefined;
  for (const monitor of monitors) {
    if (!labelSelectorMatches(get(monitor.value, ['spec', 'selector']), labels)) continue;
    const where = `${monitor.namespace ? `${monitor.namespace}/` : ''}${monitor.name}`;
    if (!watchesNamespace(monitor, service.namespace)) {
      hint ??= `ServiceMonitor ${where} matches its labels but not its namespace (set namespaceSelector.matchNames)`;
      continue;
    }
    const endpoints = list(get(monitor.value, ['spec', 'endpoints']));
    if (endpoints.length === 0) {
      hint ??= `ServiceMonitor ${where} matches it but has no endpoints`;
      continue;
    }
    if (!endpoints.some((e) => endpointPortMatches(e, portNames))) {
      hint ??= `ServiceMonitor ${where} matches it but none of its endpoints names a port of the Service`;
      continue;
    }
    return undefined;
  }
  return hint ?? 'no ServiceMonitor selects it';
}

function podMonitorCovers(view: PodSpecView, monitors: readonly Resource[]): boolean {
  const labels = stringMap(view.metadata.labels);
  const portNames = new Set<string>();
  for (const c of containersOf(view)) {
    for (const port of list(c.container.ports)) {
      const name = str(get(port, ['name']));
      if (name) portNames.add(name);
    }
  }
  return monitors.some((monitor) => {
    if (!labelSelectorMatches(get(monitor.value, ['spec', 'selector']), labels)) return false;
    if (!watchesNamespace(monitor, view.resource.namespace)) return false;
    const endpoints = list(get(monitor.value, ['spec', 'podMetricsEndpoints']));
    return endpoints.some((e) => endpointPortMatches(e, portNames));
  });
}

function describeWorkloads(views: readonly PodSpecView[]): string {
  const names = views.slice(0, 3).map((v) => `${v.resource.kind} "${v.resource.name}"`);
  return views.length > 3 ? `${names.join(', ')} and ${views.length - 3} more` : names.join(', ');
}

export const metricsScraped: Rule = {
  id: 'metrics-scraped',
  practice: 'OBS-METRICS-SCRAPED',
  severity: 'medium',
  title: 'Every Service in front of a workload is scraped for metrics',
  rationale:
    'Latency, error-rate and saturation alerts only fire for targets Prometheus scrapes: a component nobody scrapes can fail silently while every dashboard stays green. A ServiceMonitor that selects the wrong labels, watches the wrong namespace or names a port the Service does not have scrapes nothing, without any error.',
  remediation:
    'Add a `ServiceMonitor` (monitoring.coreos.com/v1) whose `spec.selector` matches the Service labels, whose `namespaceSelector.matchNames` includes the Service namespace when it lives elsewhere, and whose `endpoints[].port` names a Service port; or a `PodMonitor` for the pods; or annotate the Service or pod template with `prometheus.io/scrape: "true"` (and `prometheus.io/port`) when Prometheus uses annotation-based discovery.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const views = podViews(model.resources);
    const { serviceMonitors, podMonitors } = monitorsOf(model);
    const noMonitors = serviceMonitors.length === 0 && podMonitors.length === 0;

    // Indexes keep the check linear in the size of the scan.
    const viewsByNamespace = new Map<string, PodSpecView[]>();
    for (const view of views) {
      const key = view.resource.namespace ?? '';
      const bucket = viewsByNamespace.get(key);
      if (bucket) bucket.push(view);
      else viewsByNamespace.set(key, [view]);
    }
    const watchingCache = new Map<string, Resource[]>();
    const watching = (namespace: string | undefined): Resource[] => {
      const key = namespace ?? '';
      let found = watchingCache.get(key);
      if (!found) watchingCache.set(key, (found = serviceMonitors.filter((m) => watchesNamespace(m, namespace))));
      return found;
    };

    const scraped = new Set<PodSpecView>();
    for (const view of views) {
      if (annotated(view.metadata) || podMonitorCovers(view, podMonitors)) scraped.add(view);
    }

    const services: Array<{ service: Resource; selected: PodSpecView[]; gap?: string }> = [];
    for (const service of model.ofKind('Service')) {
      if (service.input !== 'k8s' || group(service) !== '') continue;
      const selector = get(service.value, ['spec', 'selector']);
      // A Service without selector has manually managed endpoints, not pods of the scan.
      if (!isRecord(selector) || Object.keys(selector).length === 0) continue;
      const selected = (viewsByNamespace.get(service.namespace ?? '') ?? []).filter((v) => mapSelectorMatches(selector, stringMap(v.metadata.labels)));
      if (selected.length === 0) continue;
      // Monitors watching the namespace decide; all monitors are read only to explain a gap.
      const gap = annotated(get(service.value, ['metadata']))
        ? undefined
        : serviceMonitorGap(service, watching(service.namespace)) === undefined
          ? undefined
          : serviceMonitorGap(service, serviceMonitors);
      // A scraped Service scrapes every pod it selects.
      if (gap === undefined) for (const v of selected) scraped.add(v);
      services.push({ service, selected, gap });
    }

    for (const { service, selected, gap } of services) {
      if (gap === undefined) continue;
      const unscraped = selected.filter((v) => !scraped.has(v));
      if (unscraped.length === 0) continue;
      const suffix = noMonitors ? ' (the scanned files hold no ServiceMonitor or PodMonitor)' : `: ${gap}`;
      yield {
        resource: service,
        message: `service "${service.name}" selects ${describeWorkloads(unscraped)}, which no ServiceMonitor, PodMonitor or prometheus.io/scrape: "true" annotation covers${suffix}`,
      };
    }
  },
};
