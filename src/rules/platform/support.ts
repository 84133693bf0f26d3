// Helpers shared by the platform-completeness rules (not a rule): where a
// "component not seen" finding goes, and how platform components are
// recognised (workload images, Helm charts deployed by Flux or Argo CD, API groups).
import { containersOf, podSpecOf, podViews } from '../../core/kinds.js';
import type { Model, Report, Resource } from '../../core/types.js';
import { get, list, str } from '../../core/values.js';
import { imageRepositoryName } from '../../core/images.js';

/** The API group of a resource (`''` for the core group). */
export function apiGroup(resource: Resource): string {
  const apiVersion = resource.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether the resource is `kind` in an API group equal to, or ending with, one of `groups`. */
export function isKind(resource: Resource, kind: string, groups: readonly string[]): boolean {
  if (resource.input !== 'k8s' || resource.kind !== kind) return false;
  const g = apiGroup(resource);
  return groups.some((wanted) => g === wanted || g.endsWith(`.${wanted}`));
}

/** The first workload (any object with a pod template) of the scan. */
export function firstWorkload(model: Model): Resource | undefined {
  return podViews(model.resources)[0]?.resource;
}

/** A once-per-scan "component not seen" finding, at the first workload; nothing when the scan holds no workload. */
export function* notSeen(model: Model, message: string): Iterable<Report> {
  const anchor = firstWorkload(model);
  if (anchor) yield { resource: anchor, message };
}

/** Repository names (last path component, lower case) of a workload's regular and init containers. */
export function imageRepositories(resource: Resource): string[] {
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const names: string[] = [];
  for (const c of containersOf(pod)) {
    if (c.type === 'ephemeralContainer') continue;
    const image = str(c.container.image);
    const name = image === undefined ? undefined : imageRepositoryName(image.trim());
    if (name) names.push(name);
  }
  return names;
}

/** Workloads of the given kinds that run an image whose repository name is in `repositories`. */
export function workloadsRunning(
  model: Model,
  kinds: ReadonlySet<string>,
  repositories: ReadonlySet<string>,
): Resource[] {
  return model.resources.filter(
    (r) => r.input === 'k8s' && kinds.has(r.kind) && imageRepositories(r).some((name) => repositories.has(name)),
  );
}

/** A Helm chart deployed declaratively: a Flux HelmRelease or an Argo CD Application. */
export interface ChartDeployment {
  resource: Resource;
  chart: string;
}

/**
 * Chart names of Flux `HelmRelease` (`spec.chart.spec.chart`, or the
 * `spec.chartRef.name` of an OCIRepository) and Argo CD `Application`
 * (`spec.source.chart`, `spec.sources[].chart`) objects in the scan.
 */
export function chartDeployments(model: Model): ChartDeployment[] {
  const result: ChartDeployment[] = [];
  for (const resource of model.resources) {
    if (isKind(resource, 'HelmRelease', ['helm.toolkit.fluxcd.io'])) {
      for (const chart of [get(resource.value, ['spec', 'chart', 'spec', 'chart']), get(resource.value, ['spec', 'chartRef', 'name'])]) {
        if (typeof chart === 'string' && chart !== '') result.push({ resource, chart: chartName(chart) });
      }
    } else if (isKind(resource, 'Application', ['argoproj.io'])) {
      const sources = [get(resource.value, ['spec', 'source']), ...list(get(resource.value, ['spec', 'sources']))];
      for (const source of sources) {
        const chart = get(source, ['chart']);
        if (typeof chart === 'string' && chart !== '') result.push({ resource, chart: chartName(chart) });
      }
    }
  }
  return result;
}

/** `oci://registry/charts/falco` or `falcosecurity/falco` → `falco`. */
function chartName(chart: string): string {
  return chart.slice(chart.lastIndexOf('/') + 1).toLowerCase();
}

/** Deployments of any of the given charts. */
export function chartsNamed(model: Model, charts: ReadonlySet<string>): ChartDeployment[] {
  return chartDeployments(model).filter((d) => charts.has(d.chart));
}
