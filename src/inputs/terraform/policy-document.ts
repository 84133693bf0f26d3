// `data "aws_iam_policy_document"` blocks (statement blocks with effect,
// actions, resources, principals, condition) in the IAM JSON shape, the way
// the AWS provider renders them, with the attribute each element came from.
import type { KeyPath } from '../../core/types.js';
import { isRecord, list, record } from '../../core/values.js';

/** One element of the document and the attribute (or block) it was written as. */
export interface PolicyOrigin {
  document: KeyPath;
  value: KeyPath;
  /** Whether deeper document paths map to the same deeper value paths (lists written as lists). */
  sameShape: boolean;
}

export interface ConvertedPolicy {
  document: { Version: unknown; Id?: unknown; Statement: Array<Record<string, unknown>> };
  origins: PolicyOrigin[];
}

const LIST_FIELDS = [
  ['Action', 'actions'],
  ['NotAction', 'not_actions'],
  ['Resource', 'resources'],
  ['NotResource', 'not_resources'],
] as const;

/** Converts a policy-document data source's arguments (hcl2json or plan values) to a policy document. */
export function policyDocumentFromData(value: unknown): ConvertedPolicy {
  const data = record(value);
  const origins: PolicyOrigin[] = [];
  const origin = (document: KeyPath, from: KeyPath, sameShape = false): void => {
    origins.push({ document, value: from, sameShape });
  };
  const document: ConvertedPolicy['document'] = { Version: data.version ?? '2012-10-17', Statement: [] };
  if (data.version !== undefined) origin(['Version'], ['version']);
  if (data.policy_id !== undefined && data.policy_id !== null) {
    document.Id = data.policy_id;
    origin(['Id'], ['policy_id']);
  }
  origin(['Statement'], ['statement']);
  list(data.statement).forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const from: KeyPath = ['statement', index];
    const at: KeyPath = ['Statement', document.Statement.length];
    const statement: Record<string, unknown> = {};
    origin(at, from);
    if (typeof raw.sid === 'string' && raw.sid !== '') {
      statement.Sid = raw.sid;
      origin([...at, 'Sid'], [...from, 'sid']);
    }
    // The provider's default effect.
    statement.Effect = raw.effect ?? 'Allow';
    if (raw.effect !== undefined) origin([...at, 'Effect'], [...from, 'effect']);
    for (const [field, attribute] of LIST_FIELDS) {
      if (raw[attribute] === undefined || raw[attribute] === null) continue;
      statement[field] = raw[attribute];
      origin([...at, field], [...from, attribute], true);
    }
    for (const [field, attribute] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
      const principal = principalOf(list(raw[attribute]), [...at, field], [...from, attribute], origin);
      if (principal !== undefined) statement[field] = principal;
    }
    const condition = conditionOf(list(raw.condition), [...at, 'Condition'], [...from, 'condition'], origin);
    if (condition !== undefined) statement.Condition = condition;
    document.Statement.push(statement);
  });
  return { document, origins };
}

type Origin = (document: KeyPath, from: KeyPath, sameShape?: boolean) => void;

/** `principals { type, identifiers }` blocks merged by type; type `*` is anyone (`"*"`). */
function principalOf(blocks: unknown[], at: KeyPath, from: KeyPath, origin: Origin): unknown {
  let principal: Record<string, unknown[]> | '*' | undefined;
  blocks.forEach((raw, index) => {
    const block = record(raw);
    const type = block.type;
    if (typeof type !== 'string') return;
    const blockPath = [...from, index];
    if (principal === undefined) origin(at, blockPath);
    if (type === '*') {
      principal = '*';
      return;
    }
    if (principal === '*') return;
    principal ??= {};
    const ids = Array.isArray(block.identifiers) ? block.identifiers : [block.identifiers];
    const existing = Object.prototype.hasOwnProperty.call(principal, type) ? principal[type] : undefined;
    const merged = existing ?? [];
    if (!existing) {
      Object.defineProperty(principal, type, { value: merged, enumerable: true, writable: true, configurable: true });
      origin([...at, type], blockPath);
    }
    ids.forEach((id, n) => {
      origin([...at, type, merged.length], Array.isArray(block.identifiers) ? [...blockPath, 'identifiers', n] : [...blockPath, 'identifiers']);
      merged.push(id);
    });
  });
  return principal;
}

/** `condition { test, variable, values }` blocks as `{ test: { variable: values } }`. */
function conditionOf(blocks: unknown[], at: KeyPath, from: KeyPath, origin: Origin): Record<string, Record<string, unknown[]>> | undefined {
  let condition: Record<string, Record<string, unknown[]>> | undefined;
  blocks.forEach((raw, index) => {
    const block = record(raw);
    const { test, variable } = block;
    if (typeof test !== 'string' || typeof variable !== 'string') return;
    const blockPath = [...from, index];
    if (condition === undefined) {
      condition = {};
      origin(at, blockPath);
    }
    const own = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);
    if (!own(condition, test)) {
      Object.defineProperty(condition, test, { value: {}, enumerable: true, writable: true, configurable: true });
      origin([...at, test], [...blockPath, 'test']);
    }
    const operator = condition[test];
    if (!own(operator, variable)) {
      Object.defineProperty(operator, variable, { value: [], enumerable: true, writable: true, configurable: true });
      origin([...at, test, variable], [...blockPath, 'variable']);
    }
    const values = operator[variable];
    const items = Array.isArray(block.values) ? block.values : [block.values];
    items.forEach((item, n) => {
      origin([...at, test, variable, values.length], Array.isArray(block.values) ? [...blockPath, 'values', n] : [...blockPath, 'values']);
      values.push(item);
    });
  });
  return condition;
}

/**
 * The value path a document path was written at: the origin of its longest
 * known prefix, extended by the rest of the path where the shapes agree.
 */
export function valuePathOf(origins: readonly PolicyOrigin[], documentPath: KeyPath): KeyPath {
  let best: PolicyOrigin | undefined;
  for (const candidate of origins) {
    const prefix = candidate.document;
    if (prefix.length > documentPath.length || (best && prefix.length <= best.document.length)) continue;
    if (prefix.every((segment, n) => segment === documentPath[n])) best = candidate;
  }
  if (!best) return [];
  return best.sameShape ? [...best.value, ...documentPath.slice(best.document.length)] : best.value;
}

/** Where a policy-document data source's policy is put in its value, in the IAM JSON shape. */
export const POLICY_KEY = '__policy';
const POLICY_DOCUMENT_KIND = 'data.aws_iam_policy_document';

/**
 * For a policy-document data source, its value with the policy added under
 * `__policy` (the rendered `json` of a plan, else the statements converted),
 * and the path in the source of a path in that value; other values unchanged.
 */
export function withPolicyDocument(kind: string, value: Record<string, unknown>): { value: Record<string, unknown>; sourcePath: (path: KeyPath) => KeyPath } {
  if (kind !== POLICY_DOCUMENT_KIND) return { value, sourcePath: (path) => path };
  const rendered = value.json;
  const converted = isRecord(rendered) ? undefined : policyDocumentFromData(value);
  const policy = converted ? converted.document : rendered;
  return {
    value: { ...value, [POLICY_KEY]: policy },
    sourcePath: (path) => {
      if (path[0] !== POLICY_KEY) return path;
      return converted ? valuePathOf(converted.origins, path.slice(1)) : ['json', ...path.slice(1)];
    },
  };
}
