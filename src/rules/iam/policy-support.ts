// Shared reading of IAM policy documents for the IAM rules: which views a
// rule sees, how a statement is named in a message, what an Action pattern
// grants (always through the service-authorization data), where a principal
// value sits, and which conditions narrow a statement.
import { expandActions, type IamIndex } from '../../core/iam/actions.js';
import { isWildcardResource, scopingConditions, type ConditionView, type StatementView } from '../../core/iam/policy.js';
import { isReference, policiesOf, type PolicyView } from '../../core/policies.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { get, isRecord, str } from '../../core/values.js';

/** Policy views of a resource, or none when the scan has no IAM data (then nothing can be judged). */
export function viewsOf(resource: Resource, model: Model): { index: IamIndex; views: PolicyView[] } | undefined {
  if (!model.iam) return undefined;
  const views = policiesOf(resource);
  return views.length > 0 ? { index: model.iam, views } : undefined;
}

const ONLY_STARS = /^\*+$/;
const STAR_COLON_STAR = /^\*+:\*+$/;

/** `*`, `*:*`: every action of every service. Other rules leave these to iam-no-full-wildcard. */
export function grantsEveryAction(pattern: string): boolean {
  return ONLY_STARS.test(pattern) || STAR_COLON_STAR.test(pattern);
}

/** Service prefix of an action name or pattern, lower-cased (`''` for a bare `*`). */
export function serviceOf(pattern: string): string {
  const colon = pattern.indexOf(':');
  return colon < 0 ? '' : pattern.slice(0, colon).toLowerCase();
}

/** Whether the pattern (not a full wildcard) covers every action of `service`, as the data lists them: `kms:*`, `iam:*`. */
export function coversWholeService(index: IamIndex, pattern: string, service: string): boolean {
  if (grantsEveryAction(pattern)) return false;
  const all = index.services.get(service);
  if (!all || all.length === 0) return false;
  const prefix = `${service}:`;
  const expanded = expandActions(index, pattern).filter((a) => a.toLowerCase().startsWith(prefix));
  return expanded.length === all.length;
}

/**
 * Actions that an Allow statement's `Action` patterns grant, with the index of
 * the pattern granting each, leaving out full wildcards (reported on their own)
 * and patterns the data does not know (references, typos). Bounded: the data
 * holds about 22,000 actions.
 */
export function grantedActions(index: IamIndex, statement: StatementView): Array<{ action: string; at: number }> {
  const seen = new Set<string>();
  const result: Array<{ action: string; at: number }> = [];
  (statement.actions ?? []).forEach((pattern, at) => {
    if (grantsEveryAction(pattern) || isReference(pattern)) return;
    for (const action of expandActions(index, pattern)) {
      if (seen.has(action)) continue;
      seen.add(action);
      result.push({ action, at });
    }
  });
  return result;
}

/** A short list of names for a message: the first few and how many more. */
export function shortList(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** How a statement is named in messages: the resource, the inline policy's name, and the Sid or position. */
export function describeStatement(view: PolicyView, statement: StatementView): string {
  const resource = view.resource;
  const parts: string[] = [];
  if (resource.input !== 'iam') parts.push(resource.name);
  const policyName = inlinePolicyName(view);
  if (policyName) parts.push(`policy "${policyName}"`);
  if (view.role === 'trust') parts.push('trust policy');
  else if (view.keyPolicy || isKeyPolicy(view)) parts.push('key policy');
  parts.push(statement.sid !== undefined ? `statement "${statement.sid}"` : `statement #${statement.index + 1}`);
  return parts.join(' ');
}

/** `PolicyName` of a CloudFormation inline policy, `name` of a Terraform inline_policy block. */
function inlinePolicyName(view: PolicyView): string | undefined {
  const path = view.path;
  if (path.length < 2) return undefined;
  const parent = get(view.resource.value, path.slice(0, -1));
  if (!isRecord(parent)) return undefined;
  const name = str(parent.PolicyName) ?? (path[path.length - 1] === 'policy' && path[0] === 'inline_policy' ? str(parent.name) : undefined);
  return name !== undefined && !isReference(name) && name.length <= 128 ? name : undefined;
}

/**
 * A KMS key policy: the key's own `KeyPolicy`/`policy`, or a resource policy
 * (a policy file, a policy-document data source) whose Allow statements all
 * grant only KMS actions: only a key policy names principals for KMS alone.
 * There, `Resource: "*"` means "this key".
 */
export function isKeyPolicy(view: PolicyView): boolean {
  if (view.keyPolicy) return true;
  if (view.role !== 'resource') return false;
  const allows = view.policy.statements.filter((s) => s.effect === 'Allow');
  return (
    allows.length > 0 &&
    allows.every((s) => (s.actions ?? []).length > 0 && (s.actions ?? []).every((a) => serviceOf(a) === 'kms'))
  );
}

/** The statement relative to its document, to read the rendered values. */
function documentValue(view: PolicyView, path: KeyPath): unknown {
  return get(view.document, path.slice(view.path.length));
}

/** Principal values of one type with the key path of each (the item when a list, else the type key). */
export function principalValues(view: PolicyView, statement: StatementView, type: 'AWS' | 'Service' | 'Federated'): Array<{ value: string; path: KeyPath }> {
  const base = statement.paths.Principal;
  if (!base) return [];
  const raw = documentValue(view, [...base, type]);
  if (typeof raw === 'string') return [{ value: raw, path: [...base, type] }];
  if (!Array.isArray(raw)) return [];
  const result: Array<{ value: string; path: KeyPath }> = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') result.push({ value: item, path: [...base, type, i] });
  });
  return result;
}

/** Whether the Principal is anyone: `"*"`, or `{"AWS": "*"}`. */
export function principalIsAnyone(statement: StatementView): boolean {
  const p = statement.principal;
  if (p === undefined) return false;
  return p === '*' || p.AWS.some((a) => ONLY_STARS.test(a));
}

/**
 * Positive conditions on the given (lower-case) keys or key prefixes that
 * actually narrow: not a `Not…` operator, not `Null`, not `IfExists`, not
 * `ForAllValues:` (both pass when the key is missing), and no value that is
 * only wildcards.
 */
export function positiveConditions(statement: StatementView, keys: readonly string[], prefixes: readonly string[] = []): ConditionView[] {
  return statement.conditions.filter((c) => {
    const key = c.key.toLowerCase();
    return (
      (keys.includes(key) || prefixes.some((p) => key.startsWith(p))) &&
      !c.base.includes('Not') &&
      c.base !== 'Null' &&
      !c.ifExists &&
      c.set !== 'ForAllValues' &&
      c.values.length > 0 &&
      !c.values.some((v) => ONLY_STARS.test(v))
    );
  });
}

/** Whether a statement is narrowed by a scoping condition (policy.ts `scopingConditions`) or the extra keys given. */
export function isScoped(statement: StatementView, extraKeys: readonly string[] = [], extraPrefixes: readonly string[] = []): boolean {
  return scopingConditions(statement).length > 0 || positiveConditions(statement, extraKeys, extraPrefixes).length > 0;
}

/** Where a finding about a missing condition points: the Condition element, else the Federated principal, else the Principal or statement. */
export function conditionPlace(view: PolicyView, statement: StatementView): KeyPath {
  return statement.paths.Condition ?? principalValues(view, statement, 'Federated')[0]?.path ?? statement.paths.Principal ?? statement.path;
}

/** Condition entries whose key ends with `:<claim>` (`…:sub`, `…:aud`), as OIDC providers' keys do. */
export function claimConditions(statement: StatementView, claim: string): ConditionView[] {
  const suffix = `:${claim}`;
  return statement.conditions.filter((c) => c.key.toLowerCase().endsWith(suffix));
}

/** Claim conditions that admit what they list: positive string operators (IfExists is harmless: OIDC tokens always carry sub and aud). */
export function admittingClaimConditions(statement: StatementView, claim: string): ConditionView[] {
  return claimConditions(statement, claim).filter(
    (c) => (c.base === 'StringEquals' || c.base === 'StringLike' || c.base === 'StringEqualsIgnoreCase') && c.set !== 'ForAllValues',
  );
}

/** Whether a value holds an IAM wildcard (`*` or `?`); under `StringEquals` they are literal characters. */
export function hasGlob(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** Whether a condition operator treats `*`/`?` as wildcards. */
export function isLikeOperator(condition: ConditionView): boolean {
  return condition.base === 'StringLike' || condition.base === 'ArnLike';
}

const REFERENCE = /\$\{[^}]{0,200}\}/g;
const MARK = '\u0001';

/**
 * `isWildcardResource` for Resource values that may hold references: a
 * reference in the partition, region or account (`arn:aws:kms:${AWS::Region}:
 * ${AWS::AccountId}:key/*`) does not hide the wildcard that follows; a
 * reference in the service or the resource part leaves the value unknown.
 */
export function isWildcardPattern(resource: string): boolean {
  if (!isReference(resource)) return isWildcardResource(resource);
  const replaced = resource.replace(REFERENCE, MARK);
  const parts = replaced.split(':');
  if (parts[0] !== 'arn' || parts.length < 6 || parts[2].includes(MARK) || parts.slice(5).join(':').includes(MARK)) return false;
  return isWildcardResource(replaced);
}
