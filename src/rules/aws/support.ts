// Helpers shared by the rules over live-account facts (`guardrail audit aws`).
import type { AwsKind } from '../../audit/facts.js';
import type { Model, Resource } from '../../core/types.js';

/** The resource's facts when it is of `kind`; the collector wrote them in the shape of facts.ts. */
export function factsOf<T>(resource: Resource, kind: AwsKind): T | undefined {
  return resource.kind === kind && resource.input === 'live-aws' ? (resource.value as T) : undefined;
}

/** Every resource of `kind` with its facts. */
export function* allOf<T>(model: Model, kind: AwsKind): Iterable<{ resource: Resource; facts: T }> {
  for (const resource of model.ofKind(kind)) {
    if (resource.input === 'live-aws') yield { resource, facts: resource.value as T };
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (ISO dates); undefined when either is not a date. */
export function daysBetween(from: string | undefined, to: string): number | undefined {
  if (from === undefined) return undefined;
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.floor((end - start) / DAY_MS);
}

export function shortList(values: readonly string[], max = 3): string {
  return values.length <= max ? values.join(', ') : `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

export const OPEN_CIDRS: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0']);
