// IAM policy documents (identity, trust and resource policies) as plain
// values, normalized into statements that keep the key path of every element,
// so findings point at the `Action` or `Resource` line that is wrong. Input is
// untrusted: invalid shapes become problems, never exceptions.
import type { KeyPath } from '../types.js';
import { isRecord } from '../values.js';
import { arnGlobMatch } from './wildcard.js';

export type Effect = 'Allow' | 'Deny';

export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];
export type PrincipalMap = Record<PrincipalType, string[]>;
/** `"*"` (anyone) or the principals by type; a type not given is an empty list. */
export type Principal = '*' | PrincipalMap;

export interface ConditionView {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The operator without set qualifier and IfExists, e.g. `StringLike`. */
  base: string;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  ifExists: boolean;
  /** The condition key as written (keys are case-insensitive in AWS). */
  key: string;
  /** Values as strings: numbers and booleans are compared as text by AWS. */
  values: string[];
  /** Path of the key inside its operator block. */
  path: KeyPath;
}

export type StatementField =
  | 'Sid' | 'Effect' | 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';
export type ListField = 'Action' | 'NotAction' | 'Resource' | 'NotResource';

export interface StatementView {
  /** Position in the `Statement` list (0 when `Statement` is a single object). */
  index: number;
  /** Path of the statement object. */
  path: KeyPath;
  sid?: string;
  effect: Effect | undefined;
  actions: string[] | undefined;
  notActions: string[] | undefined;
  resources: string[] | undefined;
  notResources: string[] | undefined;
  principal: Principal | undefined;
  notPrincipal: Principal | undefined;
  conditions: ConditionView[];
  /** Path of each element present in the statement. */
  paths: Partial<Record<StatementField, KeyPath>>;
  /** Path of each value of a list element, parallel to `actions`, `resources`, …; empty when absent. */
  valuePaths: Record<ListField, KeyPath[]>;
}

export interface PolicyProblem {
  path: KeyPath;
  message: string;
}

export interface NormalizedPolicy {
  statements: StatementView[];
  problems: PolicyProblem[];
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const POLICY_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set<string>([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

function has(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** A value for a message: short, and never a whole nested structure. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  return String(value);
}

/**
 * True for a plain value that is an IAM policy document: it has `Statement`,
 * and either a policy language `Version` or a statement with `Effect` and
 * `Action`/`NotAction`. Used to tell IAM JSON files from other JSON.
 */
export function isPolicyDocument(value: unknown): boolean {
  if (!isRecord(value) || !has(value, 'Statement')) return false;
  if (typeof value.Version === 'string' && VERSIONS.has(value.Version)) return true;
  const items = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  return items.some((s) => isRecord(s) && has(s, 'Effect') && (has(s, 'Action') || has(s, 'NotAction')));
}

/** Statements of a policy document found at `basePath`, and what is wrong with its shape. */
export function normalizePolicy(value: unknown, basePath: KeyPath): NormalizedPolicy {
  const problems: PolicyProblem[] = [];
  const statements: StatementView[] = [];
  const problem = (path: KeyPath, message: string): void => {
    problems.push({ path, message });
  };
  if (!isRecord(value)) {
    problem(basePath, `policy document must be a map, not ${shown(value)}`);
    return { statements, problems };
  }
  for (const key of Object.keys(value)) {
    if (!POLICY_ELEMENTS.has(key)) problem([...basePath, key], `unknown policy element ${shown(key)}`);
  }
  if (has(value, 'Version') && !(typeof value.Version === 'string' && VERSIONS.has(value.Version))) {
    problem([...basePath, 'Version'], `Version must be "2012-10-17" or "2008-10-17", not ${shown(value.Version)}`);
  }
  const statementPath = [...basePath, 'Statement'];
  const add = (raw: unknown, index: number, path: KeyPath): void => {
    const statement = statementView(raw, index, path, problem);
    if (statement) statements.push(statement);
  };
  if (!has(value, 'Statement')) problem(basePath, 'policy document has no Statement');
  else if (Array.isArray(value.Statement)) value.Statement.forEach((raw, i) => add(raw, i, [...statementPath, i]));
  else if (isRecord(value.Statement)) add(value.Statement, 0, statementPath);
  else problem(statementPath, `Statement must be a map or a list of maps, not ${shown(value.Statement)}`);

  // IAM requires Sids to be unique within a policy.
  const sids = new Set<string>();
  for (const s of statements) {
    if (s.sid === undefined) continue;
    if (sids.has(s.sid)) problem([...s.path, 'Sid'], `duplicate Sid ${shown(s.sid)}`);
    sids.add(s.sid);
  }
  return { statements, problems };
}

type ProblemSink = (path: KeyPath, message: string) => void;

function statementView(raw: unknown, index: number, path: KeyPath, problem: ProblemSink): StatementView | undefined {
  if (!isRecord(raw)) {
    problem(path, `statement must be a map, not ${shown(raw)}`);
    return undefined;
  }
  const paths: Partial<Record<StatementField, KeyPath>> = {};
  for (const key of Object.keys(raw)) {
    if (STATEMENT_ELEMENTS.has(key)) paths[key as StatementField] = [...path, key];
    else problem([...path, key], `unknown statement element ${shown(key)}`);
  }
  const list = (field: ListField): { values: string[]; paths: KeyPath[] } | undefined =>
    has(raw, field) ? stringList(raw[field], [...path, field], field, problem) : undefined;
  const action = list('Action');
  const notAction = list('NotAction');
  const resource = list('Resource');
  const notResource = list('NotResource');

  const view: StatementView = {
    index,
    path,
    effect: undefined,
    actions: action?.values,
    notActions: notAction?.values,
    resources: resource?.values,
    notResources: notResource?.values,
    principal: has(raw, 'Principal') ? principalOf(raw.Principal, [...path, 'Principal'], 'Principal', problem) : undefined,
    notPrincipal: has(raw, 'NotPrincipal')
      ? principalOf(raw.NotPrincipal, [...path, 'NotPrincipal'], 'NotPrincipal', problem)
      : undefined,
    conditions: has(raw, 'Condition') ? conditionsOf(raw.Condition, [...path, 'Condition'], problem) : [],
    paths,
    valuePaths: {
      Action: action?.paths ?? [],
      NotAction: notAction?.paths ?? [],
      Resource: resource?.paths ?? [],
      NotResource: notResource?.paths ?? [],
    },
  };
  if (has(raw, 'Sid')) {
    if (typeof raw.Sid === 'string') view.sid = raw.Sid;
    else problem([...path, 'Sid'], `Sid must be a string, not ${shown(raw.Sid)}`);
  }
  if (!has(raw, 'Effect')) problem(path, 'statement has no Effect');
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') view.effect = raw.Effect;
  else problem([...path, 'Effect'], `Effect must be "Allow" or "Deny", not ${shown(raw.Effect)}`);

  for (const [element, negated] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
    if (has(raw, element) && has(raw, negated)) problem([...path, negated], `statement has both ${element} and ${negated}`);
  }
  if (!has(raw, 'Action') && !has(raw, 'NotAction')) problem(path, 'statement has neither Action nor NotAction');
  return view;
}

/** A string or a list of strings; bad items are reported and left out. */
function stringList(
  raw: unknown,
  path: KeyPath,
  field: string,
  problem: ProblemSink,
): { values: string[]; paths: KeyPath[] } | undefined {
  if (typeof raw === 'string') return { values: [raw], paths: [path] };
  if (!Array.isArray(raw)) {
    problem(path, `${field} must be a string or a list of strings, not ${shown(raw)}`);
    return undefined;
  }
  const values: string[] = [];
  const paths: KeyPath[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') {
      values.push(item);
      paths.push([...path, i]);
    } else {
      problem([...path, i], `${field} items must be strings, not ${shown(item)}`);
    }
  });
  return { values, paths };
}

function principalOf(raw: unknown, path: KeyPath, field: string, problem: ProblemSink): Principal | undefined {
  if (raw === '*') return '*';
  if (!isRecord(raw)) {
    problem(path, `${field} must be "*" or a map of principal types, not ${shown(raw)}`);
    return undefined;
  }
  const map: PrincipalMap = { AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  for (const [type, value] of Object.entries(raw)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      problem([...path, type], `unknown principal type ${shown(type)}`);
      continue;
    }
    const list = stringList(value, [...path, type], `${field} ${type}`, problem);
    if (list) map[type as PrincipalType].push(...list.values);
  }
  return map;
}

const SET_QUALIFIER = /^(ForAnyValue|ForAllValues):/;

function conditionsOf(raw: unknown, path: KeyPath, problem: ProblemSink): ConditionView[] {
  if (!isRecord(raw)) {
    problem(path, `Condition must be a map of operators, not ${shown(raw)}`);
    return [];
  }
  const conditions: ConditionView[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const qualifier = SET_QUALIFIER.exec(operator);
    let base = qualifier ? operator.slice(qualifier[0].length) : operator;
    const ifExists = base.endsWith('IfExists') && base.length > 'IfExists'.length;
    if (ifExists) base = base.slice(0, -'IfExists'.length);
    if (!CONDITION_OPERATORS.has(base)) problem([...path, operator], `unknown condition operator ${shown(operator)}`);
    if (!isRecord(block)) {
      problem([...path, operator], `condition operator ${shown(operator)} must map condition keys to values`);
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      const keyPath = [...path, operator, key];
      const values = conditionValues(value, keyPath, problem);
      if (values === undefined) continue;
      conditions.push({
        operator,
        base,
        set: qualifier ? (qualifier[1] as 'ForAnyValue' | 'ForAllValues') : undefined,
        ifExists,
        key,
        values,
        path: keyPath,
      });
    }
  }
  return conditions;
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function conditionValues(raw: unknown, path: KeyPath, problem: ProblemSink): string[] | undefined {
  const single = scalarText(raw);
  if (single !== undefined) return [single];
  if (!Array.isArray(raw)) {
    problem(path, `condition values must be strings, numbers, booleans or a list of them, not ${shown(raw)}`);
    return undefined;
  }
  const values: string[] = [];
  raw.forEach((item, i) => {
    const text = scalarText(item);
    if (text !== undefined) values.push(text);
    else problem([...path, i], `condition values must be strings, numbers or booleans, not ${shown(item)}`);
  });
  return values;
}

/**
 * Whether an ARN pattern from a `Resource` element (or `ArnLike`) covers an
 * ARN: case-sensitive, `*`/`?` within a colon-separated segment, a `*` ending
 * a segment also spanning later segments. Policy variables such as
 * `${aws:username}` are compared literally.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  return arnGlobMatch(pattern, arn);
}

const ONLY_STARS = /^\*+$/;
const RESOURCE_TYPE_PREFIX = /^[A-Za-z0-9_-]+[/:]/;

/**
 * Whether a resource pattern covers every resource of its service (or of
 * everything): `*`, `arn:aws:s3:::*`, `arn:aws:kms:*:*:key/*`,
 * `arn:aws:iam::123456789012:role/*`, `arn:aws:sqs:eu-west-1:*`. After an
 * optional resource-type word (`key/`, `role/`, `function:`) the resource part
 * holds only wildcards and separators. Region and account do not count as
 * scoping: the platform lives in one account. S3 bucket and object ARNs have no
 * resource-type word (`arn:aws:s3:::sessions-bucket/*` names a bucket), so
 * none is skipped for them.
 */
export function isWildcardResource(resource: string): boolean {
  if (ONLY_STARS.test(resource)) return true;
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 2) return false;
  if (parts.length < 6) return ONLY_STARS.test(parts[parts.length - 1]);
  const [, , service, region, account] = parts;
  let id = parts.slice(5).join(':');
  const bucketArn = service === 's3' && region === '' && account === '';
  if (!bucketArn) id = id.replace(RESOURCE_TYPE_PREFIX, '');
  return id.endsWith('*') && /^[*/:]+$/.test(id);
}

/**
 * Condition keys that narrow a broad statement to particular resources or
 * callers, lower-cased; `ResourceTag/` and `EncryptionContext:` keys are
 * matched by prefix. Deliberately left out: aws:RequestedRegion (a region
 * still holds every resource), aws:ResourceAccount / aws:ResourceOrgID (the
 * platform is one account, so they narrow nothing), aws:SecureTransport and
 * MFA keys (they constrain how, not what).
 */
const SCOPING_KEYS = new Set([
  's3:prefix', // ListBucket limited to a key prefix
  'aws:sourcearn', // service principals acting for one resource
  'aws:sourceaccount',
  'aws:principalorgid', // resource policies: only callers of one organization
  'iam:passedtoservice', // PassRole to one service only
  'iam:associatedresourcearn', // PassRole to one resource only
  'kms:viaservice', // KMS only through one service (e.g. S3 in one region)
]);
const SCOPING_PREFIXES = ['kms:encryptioncontext:'];
const RESOURCE_TAG = /^[a-z0-9-]+:resourcetag\//;

function isScopingKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SCOPING_KEYS.has(lower) || SCOPING_PREFIXES.some((p) => lower.startsWith(p)) || RESOURCE_TAG.test(lower);
}

/**
 * Conditions that actually narrow the statement: a scoping key under a
 * positive operator (not a `Not…` operator, not `Null`), without `IfExists`
 * or `ForAllValues:` (both pass when the key is absent from the request), and
 * with no value that is only wildcards.
 */
export function scopingConditions(statement: StatementView): ConditionView[] {
  return statement.conditions.filter(
    (c) =>
      isScopingKey(c.key) &&
      !c.base.includes('Not') &&
      c.base !== 'Null' &&
      !c.ifExists &&
      c.set !== 'ForAllValues' &&
      c.values.length > 0 &&
      !c.values.some((v) => ONLY_STARS.test(v)),
  );
}
