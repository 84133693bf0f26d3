// `.guardrail.yaml`: rules on/off, severity overrides, excludes, suppressions
// and the admission policy. Parsed from text; reading the file is the caller's.
import { parseYamlStream } from '../inputs/yaml/parse.js';
import { locateIn } from '../inputs/yaml/positions.js';
import type { ConfigSuppression } from './suppression.js';
import { isSeverity } from './severity.js';
import type { InputError, Rule, Severity } from './types.js';
import { isRecord } from './values.js';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
}

export interface Config {
  file?: string;
  failOn?: Severity;
  /** Keyed by rule id or practice id; a rule id setting wins over its practice's. */
  rules: Record<string, RuleSetting>;
  exclude: string[];
  suppressions: ConfigSuppression[];
  admission: {
    denyAt?: Severity;
    exemptNamespaces: string[];
    failureMode?: 'deny' | 'warn';
    /** On UPDATE, findings the old object already had warn instead of deny (default true). */
    allowExistingViolations?: boolean;
  };
}

export const DEFAULT_CONFIG: Config = { rules: {}, exclude: [], suppressions: [], admission: { exemptNamespaces: [] } };

const TOP_LEVEL = new Set(['failOn', 'rules', 'exclude', 'suppressions', 'admission']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseConfig(text: string, file: string): { config: Config; errors: InputError[] } {
  const errors: InputError[] = [];
  const config: Config = { file, rules: {}, exclude: [], suppressions: [], admission: { exemptNamespaces: [] } };
  const stream = parseYamlStream(text, file);
  errors.push(...stream.errors);
  const doc = stream.documents[0];
  if (!doc) return { config, errors };
  const root = doc.value;
  const at = (path: Array<string | number>): number => locateIn(root, doc.positions, path).line;
  const fail = (path: Array<string | number>, message: string): void => {
    errors.push({ file, line: at(path), message: `${path.join('.') || 'config'}: ${message}` });
  };
  if (!isRecord(root)) {
    fail([], 'must be a map');
    return { config, errors };
  }
  for (const key of Object.keys(root)) if (!TOP_LEVEL.has(key)) fail([key], `unknown setting (expected one of ${[...TOP_LEVEL].join(', ')})`);
  if (root.failOn !== undefined) {
    if (isSeverity(root.failOn)) config.failOn = root.failOn;
    else fail(['failOn'], 'must be critical, high, medium, low or info');
  }
  if (root.exclude !== undefined) {
    if (Array.isArray(root.exclude) && root.exclude.every((e) => typeof e === 'string')) config.exclude = root.exclude as string[];
    else fail(['exclude'], 'must be a list of globs');
  }
  if (root.rules !== undefined) {
    if (!isRecord(root.rules)) fail(['rules'], 'must be a map of rule or practice id to on, off, a severity, or {enabled, severity}');
    else {
      for (const [id, setting] of Object.entries(root.rules)) {
        const parsed = ruleSetting(setting);
        if (parsed) config.rules[id] = parsed;
        else fail(['rules', id], 'must be on, off, a severity, or {enabled: bool, severity: …}');
      }
    }
  }
  if (root.suppressions !== undefined) {
    if (!Array.isArray(root.suppressions)) fail(['suppressions'], 'must be a list');
    else {
      root.suppressions.forEach((entry, i) => {
        const path = ['suppressions', i];
        if (!isRecord(entry)) return fail(path, 'must be a map with id and reason');
        const ids = typeof entry.id === 'string' ? [entry.id] : Array.isArray(entry.ids) ? entry.ids.map(String) : [];
        if (ids.length === 0) return fail(path, 'needs `id` (a rule or practice id) or `ids`');
        const until = entry.until === undefined ? undefined : String(entry.until);
        if (until !== undefined && !DATE.test(until)) return fail([...path, 'until'], 'must be a date YYYY-MM-DD');
        config.suppressions.push({
          ids,
          reason: typeof entry.reason === 'string' ? entry.reason.trim() : '',
          until,
          resource: typeof entry.resource === 'string' ? entry.resource : undefined,
          file: typeof entry.file === 'string' ? entry.file : undefined,
          line: at(path),
        });
      });
    }
  }
  if (root.admission !== undefined) {
    const admission = root.admission;
    if (!isRecord(admission)) fail(['admission'], 'must be a map');
    else {
      if (admission.denyAt !== undefined) {
        if (isSeverity(admission.denyAt)) config.admission.denyAt = admission.denyAt;
        else fail(['admission', 'denyAt'], 'must be a severity');
      }
      if (admission.exemptNamespaces !== undefined) {
        if (Array.isArray(admission.exemptNamespaces)) config.admission.exemptNamespaces = admission.exemptNamespaces.map(String);
        else fail(['admission', 'exemptNamespaces'], 'must be a list of namespaces');
      }
      if (admission.failureMode !== undefined) {
        if (admission.failureMode === 'deny' || admission.failureMode === 'warn') config.admission.failureMode = admission.failureMode;
        else fail(['admission', 'failureMode'], 'must be deny or warn');
      }
      if (admission.allowExistingViolations !== undefined) {
        if (typeof admission.allowExistingViolations === 'boolean') config.admission.allowExistingViolations = admission.allowExistingViolations;
        else fail(['admission', 'allowExistingViolations'], 'must be true or false');
      }
    }
  }
  return { config, errors };
}

function ruleSetting(value: unknown): RuleSetting | undefined {
  if (value === true || value === 'on') return { enabled: true };
  if (value === false || value === 'off') return { enabled: false };
  if (isSeverity(value)) return { enabled: true, severity: value };
  if (isRecord(value)) {
    const enabled = value.enabled === undefined ? true : value.enabled;
    if (typeof enabled !== 'boolean') return undefined;
    if (value.severity !== undefined && !isSeverity(value.severity)) return undefined;
    return { enabled, severity: value.severity as Severity | undefined };
  }
  return undefined;
}

/** The rules to run, with the config's switches and severity overrides applied. */
export function configureRules(rules: readonly Rule[], config: Config): Rule[] {
  const result: Rule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id] ?? config.rules[rule.practice];
    if (setting && !setting.enabled) continue;
    result.push(setting?.severity ? { ...rule, severity: setting.severity } : rule);
  }
  return result;
}

/** Ids named in the config that match no rule or practice. */
export function unknownRuleIds(config: Config, rules: readonly Rule[]): string[] {
  const known = new Set(rules.flatMap((r) => [r.id, r.practice]));
  return Object.keys(config.rules).filter((id) => !known.has(id));
}
