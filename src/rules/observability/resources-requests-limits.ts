import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record } from '../../core/values.js';

type Amounts = { cpu: boolean; memory: boolean };

function hasQuantity(map: unknown, resource: 'cpu' | 'memory'): boolean {
  const value = record(map)[resource];
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

function amounts(map: unknown): Amounts {
  return { cpu: hasQuantity(map, 'cpu'), memory: hasQuantity(map, 'memory') };
}

function or(a: Amounts, b: Amounts): Amounts {
  return { cpu: a.cpu || b.cpu, memory: a.memory || b.memory };
}

interface Defaults {
  requests: Amounts;
  limits: Amounts;
}

const NONE: Defaults = { requests: { cpu: false, memory: false }, limits: { cpu: false, memory: false } };

/**
 * What the LimitRanger admission plugin fills in for containers of a
 * namespace, from the `type: Container` items of its LimitRanges, with the API
 * defaulting of LimitRangeItem: a missing `default` (limit) falls back to
 * `max`; a missing `defaultRequest` falls back to `default`, then to `min`.
 */
function limitRangeDefaults(model: Model, namespace: string | undefined): Defaults {
  let result = NONE;
  for (const range of model.ofKind('LimitRange')) {
    if (range.input !== 'k8s' || (range.namespace ?? '') !== (namespace ?? '')) continue;
    for (const item of list(get(range.value, ['spec', 'limits']))) {
      if (!isRecord(item) || item.type !== 'Container') continue;
      const limits = or(amounts(item.default), amounts(item.max));
      const requests = or(or(amounts(item.defaultRequest), limits), amounts(item.min));
      result = { requests: or(result.requests, requests), limits: or(result.limits, limits) };
    }
  }
  return result;
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export const resourcesRequestsLimits: Rule = {
  id: 'resources-requests-limits',
  practice: 'OBS-SATURATION',
  severity: 'medium',
  title: 'Containers set CPU and memory requests and a memory limit',
  rationale:
    'Without requests the scheduler packs pods onto nodes blind, and under pressure they are the first evicted (BestEffort); without a memory limit one leaking container takes the node memory from its neighbours. Saturation alerts (memory working set against the limit, CPU usage against the request, OOMKills) have nothing to compare against when these are unset.',
  remediation:
    'Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container and init container (or namespace defaults in a `LimitRange`). A CPU limit (`resources.limits.cpu`) makes CPU throttling measurable and bounds noisy neighbours, but throttles bursts: size it from observed usage, well above the request.',
  inputs: ['k8s'],
  *check(resource: Resource, model: Model): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    const defaults = limitRangeDefaults(model, resource.namespace);
    // Pod-level resources (PodLevelResources, Kubernetes 1.32+) bound all containers together.
    const podRequests = amounts(get(pod.spec, ['resources', 'requests']));
    const podLimits = amounts(get(pod.spec, ['resources', 'limits']));
    for (const c of containersOf(pod)) {
      // Ephemeral containers cannot set resources.
      if (c.type === 'ephemeralContainer') continue;
      const own = record(c.container.resources);
      const limits = or(or(amounts(own.limits), podLimits), defaults.limits);
      // A container's request defaults to its own limit when only the limit is set.
      const requests = or(or(or(amounts(own.requests), amounts(own.limits)), podRequests), defaults.requests);
      const path = c.container.resources !== undefined ? [...c.path, 'resources'] : c.path;
      const missing: string[] = [];
      if (!requests.cpu) missing.push('cpu request');
      if (!requests.memory) missing.push('memory request');
      if (!limits.memory) missing.push('memory limit');
      if (missing.length > 0) {
        yield {
          path,
          message: `${c.type} "${c.name}" sets no ${joinOr(missing)}, which safe scheduling and saturation alerts (usage against request and limit, OOMKills) need`,
        };
      }
      if (!limits.cpu) {
        yield {
          path,
          severity: 'low',
          message: `${c.type} "${c.name}" sets no cpu limit: CPU throttling alerts need a limit to be meaningful, though a limit also throttles bursts, so size it from observed usage`,
        };
      }
    }
  },
};
