// Kubernetes label selector semantics, as a pure helper over untrusted data.
//
// Two kinds of selector exist in the API:
// - a LabelSelector (`matchLabels` + `matchExpressions`), used by Deployments,
//   NetworkPolicies, ServiceMonitors, ...: the requirements are ANDed; an empty
//   selector (`{}`) matches everything; a null or absent one matches nothing;
// - an equality map (a Service's or ReplicationController's `spec.selector`):
//   every entry must equal the object's label.
//
// Operators, as metav1.LabelSelectorAsSelector applies them:
//   In            the key is present and its value is one of `values` (non-empty)
//   NotIn         the key is absent, or its value is not one of `values` (non-empty)
//   Exists        the key is present (`values` must be empty)
//   DoesNotExist  the key is absent (`values` must be empty)
// A selector the API server would reject (unknown operator, wrong `values`,
// non-string values) is reported as invalid and matches nothing.
import type { KeyPath } from './types.js';
import { isRecord } from './values.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

export interface LabelSelector {
  /** All must hold; an empty list matches every object. */
  requirements: readonly Requirement[];
}

export type SelectorParse =
  /** `selector: null` means the selector is absent: it matches nothing. */
  | { ok: true; selector: LabelSelector | null }
  | { ok: false; error: string; path: KeyPath };

export type Labels = Readonly<Record<string, string>>;

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Label values are strings; YAML scalars written unquoted (numbers, booleans) compare as their text. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Parses a LabelSelector (`matchLabels` / `matchExpressions`) from untrusted data. */
export function parseLabelSelector(value: unknown): SelectorParse {
  if (value === undefined || value === null) return { ok: true, selector: null };
  if (!isRecord(value)) return { ok: false, error: 'selector must be a map', path: [] };
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = value;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return { ok: false, error: 'matchLabels must be a map', path: ['matchLabels'] };
    for (const [key, raw] of Object.entries(matchLabels)) {
      const text = scalarText(raw);
      if (text === undefined) return { ok: false, error: `matchLabels.${key} must be a string`, path: ['matchLabels', key] };
      requirements.push({ key, operator: 'In', values: [text] });
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return { ok: false, error: 'matchExpressions must be a list', path: ['matchExpressions'] };
    for (let i = 0; i < matchExpressions.length; i++) {
      const expression: unknown = matchExpressions[i];
      const at: KeyPath = ['matchExpressions', i];
      if (!isRecord(expression)) return { ok: false, error: 'a matchExpressions item must be a map', path: at };
      const { key, operator, values } = expression;
      if (typeof key !== 'string' || key === '') return { ok: false, error: 'a matchExpressions item needs a key', path: [...at, 'key'] };
      if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
        return { ok: false, error: `matchExpressions operator must be In, NotIn, Exists or DoesNotExist`, path: [...at, 'operator'] };
      }
      if (values !== undefined && values !== null && !Array.isArray(values)) {
        return { ok: false, error: 'matchExpressions values must be a list', path: [...at, 'values'] };
      }
      const texts: string[] = [];
      for (const v of Array.isArray(values) ? values : []) {
        const text = scalarText(v);
        if (text === undefined) return { ok: false, error: 'matchExpressions values must be strings', path: [...at, 'values'] };
        texts.push(text);
      }
      const op = operator as SelectorOperator;
      if ((op === 'In' || op === 'NotIn') && texts.length === 0) {
        return { ok: false, error: `operator ${op} needs at least one value`, path: [...at, 'values'] };
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && texts.length > 0) {
        return { ok: false, error: `operator ${op} takes no values`, path: [...at, 'values'] };
      }
      requirements.push({ key, operator: op, values: texts });
    }
  }
  return { ok: true, selector: { requirements } };
}

function has(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** Whether a parsed selector matches a set of labels (null matches nothing). */
export function selectorMatches(selector: LabelSelector | null, labels: Labels): boolean {
  if (selector === null) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

export function requirementMatches(requirement: Requirement, labels: Labels): boolean {
  const present = has(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return present && requirement.values.includes(labels[requirement.key]);
    case 'NotIn':
      return !present || !requirement.values.includes(labels[requirement.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** A LabelSelector from untrusted data against labels: absent or invalid selectors match nothing. */
export function labelSelectorMatches(value: unknown, labels: Labels): boolean {
  const parsed = parseLabelSelector(value);
  return parsed.ok && selectorMatches(parsed.selector, labels);
}

/** True for a selector that matches every object (`{}`, or only empty lists). */
export function selectsEverything(selector: LabelSelector | null): boolean {
  return selector !== null && selector.requirements.length === 0;
}

/**
 * An equality selector (a map of label → value, as a Service's `spec.selector`)
 * against labels. An empty map matches every object here, as
 * labels.SelectorFromSet does; callers for which an empty selector selects
 * nothing (a Service without selector gets no endpoints) check that first.
 * A non-map or a non-scalar value matches nothing.
 */
export function mapSelectorMatches(selector: unknown, labels: Labels): boolean {
  if (!isRecord(selector)) return false;
  for (const [key, raw] of Object.entries(selector)) {
    const text = scalarText(raw);
    if (text === undefined || !has(labels, key) || labels[key] !== text) return false;
  }
  return true;
}
