// Infrastructure code as the rules read it: Terraform (HCL and `terraform
// show -json` plans) and CloudFormation. The one place that knows what a
// setting is known to be, which module or template a resource belongs to,
// what a reference names, which root modules account-level practices are
// judged on, and which terraform-aws-modules module a `module` block calls.
// Anything these functions cannot establish is unknown, and rules report
// nothing on an unknown.
//
// Joins go through indexes built once per model (resources by unit and kind,
// by unit and address; reverse references and attachment coverage per join),
// so a rule that relates every resource to its peers stays linear in the size
// of the scan.
import path from 'node:path';
import { resolveRef, templateOf, type Literal } from '../inputs/cfn/resources.js';
import { resolveReference } from '../inputs/terraform/file.js';
import { TerraformResource } from '../inputs/terraform/resources.js';
import { renderIntrinsics } from './policies.js';
import type { KeyPath, Model, Report, Resource, Severity } from './types.js';
import { get, isRecord, list, str } from './values.js';

export type { Literal };

// ── Inputs ───────────────────────────────────────────────────────────────

/** `terraform show -json` output (plan or state): attributes are resolved, and an absent attribute is unknown until apply. */
export function isPlan(resource: Resource): boolean {
  return resource.input === 'terraform' && !resource.file.toLowerCase().endsWith('.tf');
}

/** How a resource is named in messages: its Terraform address, or the CloudFormation logical id and type. */
export function describe(resource: Resource): string {
  return resource.input === 'cfn' ? `${resource.name} (${resource.kind})` : resource.name;
}

// ── Settings ─────────────────────────────────────────────────────────────

/** Where a resource's settings are: CloudFormation `Properties`, a Terraform block itself. */
function settingsPath(resource: Resource): KeyPath {
  return resource.input === 'cfn' ? ['Properties'] : [];
}

/** The full key path of a setting, for a report. */
export function at(resource: Resource, ...path: KeyPath): KeyPath {
  return [...settingsPath(resource), ...path];
}

/**
 * A setting the scan cannot know: it sits behind a CloudFormation function
 * (`Fn::If`), a Terraform expression where a block belongs, or a Terraform
 * `dynamic` block. Every accessor here treats it as unknown.
 */
export const UNKNOWN: unique symbol = Symbol('unknown');

/** A CloudFormation intrinsic function or reference: `{"Fn::If": ...}`, `{"Ref": ...}`. */
function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * The value at `path` below the resource's settings: undefined when absent,
 * UNKNOWN when something on the way is computed.
 */
export function setting(resource: Resource, ...path: KeyPath): unknown {
  let node: unknown = resource.value;
  for (const segment of [...settingsPath(resource), ...path]) {
    if (node === undefined || node === null) return undefined;
    if (typeof node === 'string' || (resource.input === 'cfn' && isIntrinsic(node))) return UNKNOWN;
    // hcl2json puts `dynamic "x" { ... }` under `dynamic.x`: the blocks exist only at plan time.
    if (resource.input === 'terraform' && isRecord(node) && node[segment] === undefined && get(node, ['dynamic', segment]) !== undefined) return UNKNOWN;
    node = get(node, [segment]);
  }
  return node;
}

/**
 * A nested Terraform block: hcl2json and plan JSON give lists of objects,
 * module inputs may be plain objects. The first object, if any.
 */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  const first = list(value)[0];
  return isRecord(first) ? first : undefined;
}

export interface Block {
  value: Record<string, unknown>;
  /** Path of the block within the resource's value. */
  path: KeyPath;
}

/**
 * Nested blocks at `path`: hcl2json and plan JSON give lists of objects,
 * CloudFormation and module inputs plain objects.
 */
export function blocksAt(resource: Resource, ...path: KeyPath): Block[] {
  const full = at(resource, ...path);
  const value = setting(resource, ...path);
  if (isRecord(value)) return [{ value, path: full }];
  const blocks: Block[] = [];
  list(value).forEach((item, i) => {
    if (isRecord(item)) blocks.push({ value: item, path: [...full, i] });
  });
  return blocks;
}

/** The first nested block at `path`, if any. */
export function blockAt(resource: Resource, ...path: KeyPath): Block | undefined {
  return blocksAt(resource, ...path)[0];
}

const NO_VALUE = 'AWS::NoValue';

/**
 * Whether a setting is known NOT to be set: absent, null, or CloudFormation's
 * `AWS::NoValue`. In a plan an absent attribute is unknown (computed at
 * apply), so only null counts there.
 */
export function isUnset(resource: Resource, value: unknown): boolean {
  if (value === undefined) return !isPlan(resource);
  if (value === null) return true;
  return resource.input === 'cfn' && isRecord(value) && Object.keys(value).length === 1 && value.Ref === NO_VALUE;
}

/**
 * Whether a setting is known to hold nothing: unset, an empty string or an
 * empty list (plan JSON writes unset strings and lists that way).
 */
export function isBlank(resource: Resource, value: unknown): boolean {
  return isUnset(resource, value) || value === '' || (Array.isArray(value) && value.length === 0);
}

/** `${…}` or `%{…}`: a Terraform expression, computed unless it resolves to a literal variable default or local. */
const TEMPLATE = /\$\{|%\{/;

/** A Terraform expression (or a CloudFormation string that reads like one): its value is not known as written. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE.test(value);
}

/** `${var.x}`: a string that is nothing but one interpolation, so nothing of its value is known as written. */
function isOnlyReference(value: string): boolean {
  return /^\$\{[^}]*\}$/.test(value.trim());
}

/**
 * What a value is known to be as written: a literal, a Terraform `var.x`
 * with a literal default or a literal `local.x`, a CloudFormation parameter's
 * default. Lists and maps come back as they are; undefined when unknown
 * (another expression, a CloudFormation function other than such a `Ref`).
 */
export function resolved(resource: Resource, value: unknown): unknown {
  if (value === UNKNOWN) return undefined;
  if (resource.input === 'cfn') {
    if (!isIntrinsic(value)) return value;
    return typeof value.Ref === 'string' ? resolveRef(templateOf(resource), value) : undefined;
  }
  if (!isExpression(value)) return value;
  if (!(resource instanceof TerraformResource)) return undefined;
  return resolveReference(value, resource.scope);
}

/** The literal a value is known to have, if any. */
export function literalOf(resource: Resource, value: unknown): Literal | undefined {
  const known = resolved(resource, value);
  if (typeof known === 'string') return isExpression(known) ? undefined : known;
  return typeof known === 'number' || typeof known === 'boolean' ? known : undefined;
}

/** A known boolean: `true`, `"true"`, or a variable or parameter whose default is one. */
export function boolOf(resource: Resource, value: unknown): boolean | undefined {
  const literal = literalOf(resource, value);
  if (typeof literal === 'boolean') return literal;
  if (typeof literal === 'string') {
    const lower = literal.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** A known string (numbers as text). */
export function textOf(resource: Resource, value: unknown): string | undefined {
  const literal = literalOf(resource, value);
  return typeof literal === 'string' ? literal : typeof literal === 'number' ? String(literal) : undefined;
}

/** A known integer: a number or a numeric string. */
export function numberOf(resource: Resource, value: unknown): number | undefined {
  const literal = literalOf(resource, value);
  if (typeof literal === 'number') return Number.isInteger(literal) ? literal : undefined;
  if (typeof literal === 'string' && /^-?\d{1,10}$/.test(literal.trim())) return Number(literal.trim());
  return undefined;
}

/** A boolean setting with a default: its known value, the default when known to be unset, undefined when unknown. */
export function flag(resource: Resource, value: unknown, fallback: boolean): boolean | undefined {
  return isUnset(resource, value) ? fallback : boolOf(resource, value);
}

/**
 * A value as text with its fixed parts readable: the literal when known, else
 * a CloudFormation value with its functions rendered (`Fn::Sub` as written,
 * `Ref` as `${X}`), or a Terraform expression as written.
 */
export function renderedText(resource: Resource, value: unknown): string | undefined {
  const literal = literalOf(resource, value);
  if (typeof literal === 'string') return literal;
  if (resource.input === 'cfn') {
    const rendered = renderIntrinsics(value);
    return typeof rendered === 'string' ? rendered : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

export interface Item {
  /** The element as written (an expression, a CloudFormation function, a literal). */
  value: unknown;
  /** The literal it is known to be, if any. */
  literal: Literal | undefined;
  path: KeyPath;
}

/**
 * The elements of a list setting at `path`, each with its literal when known.
 * A whole-list expression that resolves to a literal list (a variable
 * default, a CloudFormation CommaDelimitedList default) gives its elements at
 * the setting's path. Undefined when the list itself is unknown.
 */
export function itemsAt(resource: Resource, ...path: KeyPath): Item[] | undefined {
  const full = at(resource, ...path);
  const value = setting(resource, ...path);
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, literal: literalOf(resource, v), path: [...full, i] }));
  const known = resolved(resource, value);
  if (Array.isArray(known)) return known.map((v) => ({ value: v, literal: literalOf(resource, v), path: full }));
  if (resource.input === 'cfn' && typeof known === 'string' && value !== known) {
    return known.split(',').map((v) => ({ value: v.trim(), literal: v.trim(), path: full }));
  }
  if (typeof value === 'string' && !isExpression(value)) return [{ value, literal: value, path: full }];
  return undefined;
}

/** The strings of a list value, when every element is known. */
export function knownStrings(resource: Resource, value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result: string[] = [];
  for (const item of value) {
    const text = textOf(resource, item);
    if (text === undefined) return undefined;
    result.push(text);
  }
  return result;
}

/**
 * The strings of a setting read as a list (one value counts as a list of
 * one), rendered so that fixed parts stay readable (a CloudFormation `Fn::Sub`
 * ARN keeps its standard's name). `unknown` is true when the list or one of
 * its items is computed; `absent` when the setting is known not to be set.
 */
export function renderedStrings(resource: Resource, ...path: KeyPath): { values: string[]; unknown: boolean; absent: boolean } {
  const raw = setting(resource, ...path);
  if (raw === UNKNOWN) return { values: [], unknown: true, absent: false };
  if (raw === undefined || raw === null) {
    const unknown = raw === undefined && isPlan(resource);
    return { values: [], unknown, absent: !unknown };
  }
  // A whole-value reference may name a literal list (a variable default, a parameter).
  const whole = resource.input === 'cfn' ? cfnLogicalId(raw) !== undefined : typeof raw === 'string' && isOnlyReference(raw);
  const value = whole ? resolved(resource, raw) : raw;
  if (value === undefined) return { values: [], unknown: true, absent: false };
  const values: string[] = [];
  let unknown = false;
  for (const item of Array.isArray(value) ? value : [value]) {
    const text = renderedText(resource, item);
    if (text !== undefined && !isOnlyReference(text)) values.push(text);
    else unknown = true;
  }
  return { values, unknown, absent: false };
}

/** A setting as the code states it: not written, written but computed (unknown), or known. */
export type Known = { state: 'absent' } | { state: 'unknown' } | { state: 'known'; value: unknown };

const ABSENT: Known = { state: 'absent' };
const UNKNOWN_STATE: Known = { state: 'unknown' };

/**
 * The setting at `path` as the code states it. References resolve only to
 * literal variable defaults, locals and parameter defaults; anything else is
 * unknown. In plan JSON a missing value is unknown (computed), `null` unset.
 */
export function stateOf(resource: Resource, ...path: KeyPath): Known {
  const raw = setting(resource, ...path);
  if (raw === UNKNOWN) return UNKNOWN_STATE;
  if (isUnset(resource, raw)) return ABSENT;
  const value = resolved(resource, raw);
  return value === undefined ? UNKNOWN_STATE : { state: 'known', value };
}

/**
 * A setting read as one type (`boolOf`, `textOf`, `numberOf`): its value,
 * `absent` when known not to be set (the service default applies), or
 * `unknown` when computed or not of that type.
 */
export function read<T>(resource: Resource, path: KeyPath, as: (resource: Resource, value: unknown) => T | undefined): T | 'absent' | 'unknown' {
  const state = stateOf(resource, ...path);
  if (state.state !== 'known') return state.state;
  return as(resource, state.value) ?? 'unknown';
}

// ── Units and the model's index ─────────────────────────────────────────

function directoryOf(file: string): string {
  return path.posix.dirname(file.split('\\').join('/'));
}

/** `module.a.module.b.` of a plan address: resources of one module instance refer to each other. */
const MODULE_PREFIX = /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]{0,256}\])?\.){0,32}/;

const templateIds = new WeakMap<object, number>();
let templateCount = 0;
const unitIds = new WeakMap<Resource, string>();

/**
 * The unit within which resources refer to each other: a Terraform module
 * (the directory of its .tf files; in a plan, the file and module address),
 * or one CloudFormation template.
 */
export function unitOf(resource: Resource): string {
  let id = unitIds.get(resource);
  if (id !== undefined) return id;
  if (resource.input === 'cfn') {
    const template = templateOf(resource);
    if (template && !templateIds.has(template)) templateIds.set(template, ++templateCount);
    id = template ? `cfn\u0000${templateIds.get(template)}` : `cfn\u0000${resource.file}`;
  } else if (isPlan(resource)) {
    id = `plan\u0000${resource.file}\u0000${MODULE_PREFIX.exec(resource.name)![0]}`;
  } else if (resource.input === 'terraform') {
    id = `terraform\u0000${directoryOf(resource.file)}`;
  } else {
    id = `${resource.input}\u0000${resource.file}`;
  }
  unitIds.set(resource, id);
  return id;
}

/** A resource's address within its unit: the Terraform address without a plan's module prefix and instance key, or the logical id. */
export function localAddress(resource: Resource): string {
  if (resource.input === 'cfn') return resource.name;
  const rest = resource.name.slice(MODULE_PREFIX.exec(resource.name)![0].length);
  const bracket = rest.indexOf('[');
  return bracket < 0 ? rest : rest.slice(0, bracket);
}

interface Index {
  /** Position of each resource in the model. */
  ordinal: Map<Resource, number>;
  /** `unit \0 kind` → resources, in model order. */
  byKind: Map<string, Resource[]>;
  /** `unit \0 local address` → resources (a plan's instances share one), in model order. */
  byAddress: Map<string, Resource[]>;
  /** Indexes derived for one join, by key. */
  derived: Map<string, unknown>;
}

const indexes = new WeakMap<Model, Index>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

function indexOf(model: Model): Index {
  let index = indexes.get(model);
  if (index) return index;
  index = { ordinal: new Map(), byKind: new Map(), byAddress: new Map(), derived: new Map() };
  model.resources.forEach((resource, i) => {
    if (resource.input !== 'terraform' && resource.input !== 'cfn') return;
    const unit = unitOf(resource);
    index!.ordinal.set(resource, i);
    push(index!.byKind, `${unit}\u0000${resource.kind}`, resource);
    push(index!.byAddress, `${unit}\u0000${localAddress(resource)}`, resource);
  });
  indexes.set(model, index);
  return index;
}

/**
 * A value derived from the model once and kept for the model's lifetime
 * (rules are pure: the same model always gives the same value). `key` must
 * name everything the value depends on besides the model.
 */
export function derived<T>(model: Model, key: string, compute: () => T): T {
  const cache = indexOf(model).derived;
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Resources of the given kinds in the same unit as `resource` (kind by kind, in model order). */
export function unitResources(model: Model, resource: Resource, ...kinds: string[]): readonly Resource[] {
  const index = indexOf(model);
  const unit = unitOf(resource);
  if (kinds.length === 1) return index.byKind.get(`${unit}\u0000${kinds[0]}`) ?? [];
  return kinds.flatMap((kind) => index.byKind.get(`${unit}\u0000${kind}`) ?? []);
}

/** The resources at `address` (Terraform address or CloudFormation logical id) in the unit of `from`. */
export function resourcesAt(model: Model, from: Resource, address: string): readonly Resource[] {
  return indexOf(model).byAddress.get(`${unitOf(from)}\u0000${address}`) ?? [];
}

// ── References ───────────────────────────────────────────────────────────

const EXACT_REFERENCE = /^\$\{\s*(data\.)?([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]{0,256}\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}$/;

/** Reference roots that are not resources of the module. */
const NOT_RESOURCES = new Set(['var', 'local', 'module', 'each', 'count', 'self', 'path', 'terraform']);

/** The address (`aws_vpc.main`, `data.x.y`, `module.vpc`, `var.x`) and attribute a Terraform expression is exactly a reference to. */
export function terraformReference(expression: unknown): { address: string; type: string; attribute?: string } | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = EXACT_REFERENCE.exec(expression);
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  return { address: `${data ?? ''}${type}.${name}`, type: data ? `data.${type}` : type, attribute };
}

/** Whether a reference's type is a managed resource type of the module (not a variable, local, data source or module output). */
function isResourceType(type: string): boolean {
  return !type.startsWith('data.') && !NOT_RESOURCES.has(type);
}

/** The logical id a CloudFormation `Ref` or `Fn::GetAtt` names. */
export function cfnLogicalId(value: unknown): string | undefined {
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/**
 * References in a Terraform expression: `aws_subnet.public`, `data.aws_subnets.private`,
 * `module.vpc.public_subnets`, `var.public_subnet_ids`, `local.subnets`. Only
 * text inside `${…}` is read; the pattern has no nested quantifiers.
 */
const TERRAFORM_REFERENCES =
  /(?<![A-Za-z0-9_.-])(data\.[a-z][a-z0-9_]{0,80}\.[A-Za-z_][A-Za-z0-9_-]{0,120}|module\.[A-Za-z_][A-Za-z0-9_-]{0,120}(?:\.[A-Za-z_][A-Za-z0-9_-]{0,120})?|(?:var|local)\.[A-Za-z_][A-Za-z0-9_-]{0,120}|[a-z][a-z0-9]{0,40}_[a-z0-9_]{0,80}\.[A-Za-z_][A-Za-z0-9_-]{0,120})/g;

const MAX_TEXT = 4096;
const MAX_DEPTH = 16;

function strings(value: unknown, out: string[], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (depth < MAX_DEPTH && value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) strings(child, out, depth + 1);
  }
  return out;
}

function terraformReferences(value: unknown): string[] {
  const found = new Set<string>();
  for (const text of strings(value, [])) {
    if (!text.includes('${')) continue;
    for (const match of text.slice(0, MAX_TEXT).matchAll(TERRAFORM_REFERENCES)) found.add(match[1]);
  }
  return [...found];
}

const SUB_VARIABLE = /\$\{(?!!)([A-Za-z0-9_:]{1,255})(?:\.[A-Za-z0-9_.]{1,255})?\}/g;

/**
 * Names a CloudFormation value refers to: logical ids and parameters of
 * `Ref`, `Fn::GetAtt` and `Fn::Sub` variables (pseudo parameters left out),
 * and the literal export names of `Fn::ImportValue`.
 */
function cfnReferences(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child, depth + 1);
      return;
    }
    if (!isRecord(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const arg = node[keys[0]];
      switch (keys[0]) {
        case 'Ref':
          if (typeof arg === 'string' && !arg.startsWith('AWS::')) found.add(arg);
          return;
        case 'Fn::GetAtt': {
          const id = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
          if (typeof id === 'string') found.add(id);
          return;
        }
        case 'Fn::Sub': {
          const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : undefined;
          const local = Array.isArray(arg) && isRecord(arg[1]) ? arg[1] : {};
          if (typeof text === 'string') {
            for (const match of text.slice(0, MAX_TEXT).matchAll(SUB_VARIABLE)) {
              if (!match[1].startsWith('AWS::') && !(match[1] in local)) found.add(match[1]);
            }
          }
          walk(local, depth + 1);
          return;
        }
        case 'Fn::ImportValue': {
          const rendered = renderIntrinsics(arg);
          if (typeof rendered === 'string') found.add(rendered);
          walk(arg, depth + 1);
          return;
        }
        default:
          break;
      }
    }
    for (const child of Object.values(node)) walk(child, depth + 1);
  };
  walk(value, 0);
  return [...found];
}

/** What a value refers to, in its input's terms. */
export function referencesOf(resource: Resource, value: unknown): string[] {
  return resource.input === 'cfn' ? cfnReferences(value) : resource.input === 'terraform' ? terraformReferences(value) : [];
}

/** The resources of `kinds` in the unit that a value refers to (kind by kind, in model order). */
export function referencedResources(model: Model, from: Resource, value: unknown, ...kinds: string[]): Resource[] {
  const names = referencesOf(from, value);
  if (names.length === 0) return [];
  const found: Resource[] = [];
  for (const name of names) {
    for (const resource of resourcesAt(model, from, name)) if (kinds.includes(resource.kind)) found.push(resource);
  }
  if (found.length < 2) return found;
  const { ordinal } = indexOf(model);
  return found.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || ordinal.get(a)! - ordinal.get(b)!);
}

/** The setting that holds a reference, per input. */
export interface ReferenceField {
  terraform?: KeyPath;
  cfn?: KeyPath;
}

/**
 * The resources of `kinds` in `target`'s unit whose setting at `field` refers
 * to `target` (kind by kind, in model order): the reverse of
 * `referencedResources`, built once per model and join.
 */
export function referrers(model: Model, target: Resource, kinds: readonly string[], field: ReferenceField): readonly Resource[] {
  const reverse = derived(model, `referrers\u0000${kinds.join(',')}\u0000${JSON.stringify(field)}`, () => {
    const map = new Map<Resource, Resource[]>();
    for (const kind of kinds) {
      for (const from of model.ofKind(kind)) {
        const at = from.input === 'cfn' ? field.cfn : from.input === 'terraform' ? field.terraform : undefined;
        if (!at) continue;
        for (const name of referencesOf(from, setting(from, ...at))) {
          for (const to of resourcesAt(model, from, name)) push(map, to, from);
        }
      }
    }
    return map;
  });
  return reverse.get(target) ?? [];
}

/**
 * What an attachment's reference setting points at: a resource of the unit
 * (Terraform address or CloudFormation logical id), a literal identifier
 * (name, ARN), or undefined when unknown.
 */
export type Target = { resource: string } | { literal: string } | undefined;

export function targetOf(resource: Resource, value: unknown): Target {
  if (resource.input === 'cfn') {
    const id = cfnLogicalId(value);
    if (id !== undefined && isRecord(get(templateOf(resource), ['Resources', id]))) return { resource: id };
  } else {
    const reference = terraformReference(value);
    if (reference && isResourceType(reference.type)) return { resource: reference.address };
  }
  const text = textOf(resource, value);
  return text !== undefined ? { literal: text } : undefined;
}

/** Whether `address` (Terraform) or logical id (CloudFormation) is a resource of `kind`. */
function isResourceOfKind(from: Resource, address: string, kind: string): boolean {
  if (from.input === 'cfn') return get(templateOf(from), ['Resources', address, 'Type']) === kind;
  return address.startsWith(`${kind}.`);
}

interface Peers {
  byName: Map<string, Resource[]>;
  byIdentifier: Map<string, Resource[]>;
}

/** The resources of `kind` in a unit, by address and by each literal identifier setting. */
function peersOf(model: Model, from: Resource, kind: string, identifiers: readonly string[]): Peers {
  return derived(model, `peers\u0000${unitOf(from)}\u0000${kind}\u0000${identifiers.join(',')}`, () => {
    const peers: Peers = { byName: new Map(), byIdentifier: new Map() };
    for (const peer of unitResources(model, from, kind)) {
      push(peers.byName, peer.name, peer);
      const ids = new Set<string>();
      for (const key of identifiers) {
        const id = textOf(peer, setting(peer, key));
        if (id !== undefined && id !== '') ids.add(id);
      }
      for (const id of ids) push(peers.byIdentifier, id, peer);
    }
    return peers;
  });
}

/**
 * The resources of `kind` in the unit of `from` that `target` names: by
 * address (logical id), or by one of their literal identifier settings
 * (`bucket`, `name`, `arn`; in a plan also the computed `id`). In model order.
 */
export function namedBy(model: Model, from: Resource, target: NonNullable<Target>, kind: string, identifiers: readonly string[]): readonly Resource[] {
  const peers = peersOf(model, from, kind, identifiers);
  return ('resource' in target ? peers.byName.get(target.resource) : peers.byIdentifier.get(target.literal)) ?? [];
}

export interface Coverage {
  /** Attachments that name the subject. */
  covering: Resource[];
  /** Some attachment's target is unknown, or names something outside the scan: it may be the subject. */
  unknown: boolean;
}

/**
 * Which attachments of `attachmentKind` in the subject's unit belong to
 * `subject`, through the setting at `path` of each attachment. A target that
 * is a resource of the subject's kind names it or not; any other target (a
 * variable, a module output, a literal matching no identifier of any resource
 * of that kind) may be it. Built once per unit and join.
 */
export function coverageOf(model: Model, subject: Resource, attachmentKind: string, path: KeyPath, identifiers: readonly string[]): Coverage {
  const key = `coverage\u0000${unitOf(subject)}\u0000${attachmentKind}\u0000${JSON.stringify(path)}\u0000${identifiers.join(',')}\u0000${subject.kind}`;
  const join = derived(model, key, () => {
    const covering = new Map<Resource, Resource[]>();
    let unknown = false;
    for (const attachment of unitResources(model, subject, attachmentKind)) {
      const target = targetOf(attachment, setting(attachment, ...path));
      if (target === undefined) {
        unknown = true;
        continue;
      }
      const named = namedBy(model, subject, target, subject.kind, identifiers);
      for (const peer of named) push(covering, peer, attachment);
      if (named.length === 0 && ('resource' in target ? !isResourceOfKind(attachment, target.resource, subject.kind) : true)) unknown = true;
    }
    return { covering, unknown };
  });
  return { covering: join.covering.get(subject) ?? [], unknown: join.unknown };
}

/** How a reference-valued setting relates to a target resource: it names it, names something else, or cannot be told. */
export type Link = 'this' | 'other' | 'unknown';

/**
 * What a reference-valued setting says, before any target is considered:
 * `resolveLink` resolves it against one target, `LinkTargets` and
 * `LinkSources` against many at once.
 */
export type LinkSpec =
  /** Names nothing, or something the scan can tell is no resource of it. */
  | { kind: 'other' }
  /** Cannot be told (a computed value, a data source, a local). */
  | { kind: 'unknown' }
  /** A variable of `unit`: nothing of that unit (a cycle), unknown elsewhere. */
  | { kind: 'outside'; unit: string }
  /** A child module's output: as `outside`, but names the `module` block at `address` itself. */
  | { kind: 'module'; unit: string; address: string }
  /** The resource at `address` (Terraform address, CloudFormation logical id) of `unit`. */
  | { kind: 'address'; unit: string; address: string }
  /** A literal: names the targets that have it among their literal names. */
  | { kind: 'literal'; value: string }
  /** A plan value: names the target whose `id` or `name` (or literal name) it is; unknown for a target whose id the plan does not know. */
  | { kind: 'plan'; value: string };

const OTHER: LinkSpec = { kind: 'other' };
const UNKNOWN_LINK: LinkSpec = { kind: 'unknown' };

/**
 * What `value` (a setting of `from`) refers to. Terraform: a reference to a
 * resource's address (in the same module), a literal, or in plan JSON a
 * resolved value. CloudFormation: `Ref` or `Fn::GetAtt` of a logical id, or a
 * parameter whose default is a literal. A module's own variables and its
 * child modules' outputs cannot be its own resources (that would be a
 * cycle); other variables, data sources and locals are unknown.
 */
export function linkSpec(from: Resource, value: unknown): LinkSpec {
  if (value === UNKNOWN) return UNKNOWN_LINK;
  if (from.input === 'cfn') {
    const id = cfnLogicalId(value);
    if (id !== undefined && get(templateOf(from), ['Parameters', id]) !== undefined) {
      // A parameter: its default may be the target's literal name.
      const literal = resolveRef(templateOf(from), value);
      return typeof literal === 'string' ? { kind: 'literal', value: literal } : UNKNOWN_LINK;
    }
    if (id !== undefined) return { kind: 'address', unit: unitOf(from), address: id };
    if (typeof value === 'string') return { kind: 'literal', value };
    return value === undefined || value === null ? OTHER : UNKNOWN_LINK;
  }
  if (value === undefined || value === null) return isPlan(from) && value === undefined ? UNKNOWN_LINK : OTHER;
  if (typeof value !== 'string') return UNKNOWN_LINK;
  // Plan values are resolved: compared with the target's id or name, when the plan knows them.
  if (isPlan(from)) return { kind: 'plan', value };
  const reference = terraformReference(value);
  if (reference) {
    if (reference.type === 'var') return { kind: 'outside', unit: unitOf(from) };
    if (reference.type === 'module') return { kind: 'module', unit: unitOf(from), address: reference.address };
    if (!isResourceType(reference.type)) return UNKNOWN_LINK;
    return { kind: 'address', unit: unitOf(from), address: reference.address };
  }
  if (isExpression(value)) return UNKNOWN_LINK;
  return { kind: 'literal', value };
}

function planId(target: Resource): string | undefined {
  return str(get(target.value, ['id']));
}

/** The plan values that name `target`: its id, its name, its literal names. */
function planNames(target: Resource, names: readonly string[]): Array<string | undefined> {
  return [planId(target), str(get(target.value, ['name'])), ...names];
}

/** How a link spec relates to one target, whose literal names are `names`. */
export function resolveLink(spec: LinkSpec, target: Resource, names: readonly string[] = []): Link {
  switch (spec.kind) {
    case 'other':
    case 'unknown':
      return spec.kind;
    case 'module':
      if (target.kind === 'module') return target.name === spec.address && unitOf(target) === spec.unit ? 'this' : 'other';
      return unitOf(target) === spec.unit ? 'other' : 'unknown';
    case 'outside':
      return unitOf(target) === spec.unit ? 'other' : 'unknown';
    case 'address':
      return target.name === spec.address && unitOf(target) === spec.unit ? 'this' : 'other';
    case 'literal':
      return names.includes(spec.value) ? 'this' : 'other';
    case 'plan':
      if (planNames(target, names).includes(spec.value)) return 'this';
      return planId(target) !== undefined ? 'other' : 'unknown';
  }
}

/** The strongest of several links: one that names the target wins, then one that may. */
export function strongest(links: Iterable<Link>): Link {
  let result: Link = 'other';
  for (const link of links) {
    if (link === 'this') return 'this';
    if (link === 'unknown') result = 'unknown';
  }
  return result;
}

/**
 * Candidate targets indexed for the link specs that name them: which targets
 * a spec names, and whether it may name one of them (`resolveLink` against
 * each target, without visiting each).
 */
export class LinkTargets {
  private readonly byAddress = new Map<string, Resource[]>();
  private readonly byLiteral = new Map<string, Resource[]>();
  private readonly byPlanValue = new Map<string, Resource[]>();
  /** Targets per unit, and those that are no `module` block. */
  private readonly perUnit = new Map<string, { all: number; resources: number }>();
  private resourceCount = 0;
  /** Targets whose id a plan does not know, by the plan values that name them anyway. */
  private readonly withoutId = new Map<string, Resource[]>();
  private withoutIdCount = 0;

  constructor(readonly targets: readonly Resource[], namesOf: (target: Resource) => readonly string[] = () => []) {
    for (const target of targets) {
      const unit = unitOf(target);
      const counts = this.perUnit.get(unit) ?? { all: 0, resources: 0 };
      counts.all++;
      if (target.kind !== 'module') {
        counts.resources++;
        this.resourceCount++;
      }
      this.perUnit.set(unit, counts);
      push(this.byAddress, `${unit}\u0000${target.name}`, target);
      const names = namesOf(target);
      for (const name of new Set(names)) push(this.byLiteral, name, target);
      const values = new Set(planNames(target, names).filter((v): v is string => v !== undefined));
      for (const value of values) push(this.byPlanValue, value, target);
      if (planId(target) === undefined) {
        this.withoutIdCount++;
        for (const value of values) push(this.withoutId, value, target);
      }
    }
  }

  /** The targets the spec names, in the order given. */
  named(spec: LinkSpec): readonly Resource[] {
    switch (spec.kind) {
      case 'address':
        return this.byAddress.get(`${spec.unit}\u0000${spec.address}`) ?? [];
      case 'module':
        return (this.byAddress.get(`${spec.unit}\u0000${spec.address}`) ?? []).filter((t) => t.kind === 'module');
      case 'literal':
        return this.byLiteral.get(spec.value) ?? [];
      case 'plan':
        return this.byPlanValue.get(spec.value) ?? [];
      default:
        return [];
    }
  }

  /** Whether the spec may name one of the targets (its link to some target is unknown). */
  mayName(spec: LinkSpec): boolean {
    switch (spec.kind) {
      case 'unknown':
        return this.targets.length > 0;
      case 'outside':
        return this.targets.length - (this.perUnit.get(spec.unit)?.all ?? 0) > 0;
      case 'module':
        // A module block is named or not, never unknown.
        return this.resourceCount - (this.perUnit.get(spec.unit)?.resources ?? 0) > 0;
      case 'plan':
        return this.withoutIdCount - (this.withoutId.get(spec.value)?.length ?? 0) > 0;
      default:
        return false;
    }
  }
}

/**
 * Link specs of many sources (`item` is what the caller reports: an
 * attachment, a membership), indexed for the targets they name: which
 * sources name a target, and which may.
 */
export class LinkSources<T> {
  private readonly entries: Array<{ item: T; spec: LinkSpec }> = [];
  private readonly byAddress = new Map<string, number[]>();
  private readonly byLiteral = new Map<string, number[]>();
  private readonly byPlanValue = new Map<string, number[]>();
  private readonly unknown: number[] = [];
  private readonly outside = new Map<string, number[]>();
  private readonly plan: number[] = [];

  add(item: T, spec: LinkSpec): void {
    const i = this.entries.push({ item, spec }) - 1;
    switch (spec.kind) {
      case 'unknown':
        this.unknown.push(i);
        break;
      case 'outside':
        push(this.outside, spec.unit, i);
        break;
      case 'module':
        push(this.outside, spec.unit, i);
        push(this.byAddress, `${spec.unit}\u0000${spec.address}`, i);
        break;
      case 'address':
        push(this.byAddress, `${spec.unit}\u0000${spec.address}`, i);
        break;
      case 'literal':
        push(this.byLiteral, spec.value, i);
        break;
      case 'plan':
        this.plan.push(i);
        push(this.byPlanValue, spec.value, i);
        break;
      default:
        break;
    }
  }

  /** The sources whose link to `target` (with literal names `names`) is not `other`, in the order added. */
  links(target: Resource, names: readonly string[] = []): Array<{ item: T; link: Link }> {
    const found = new Set<number>();
    const unit = unitOf(target);
    for (const i of this.byAddress.get(`${unit}\u0000${target.name}`) ?? []) {
      const spec = this.entries[i].spec;
      if (spec.kind === 'address' || target.kind === 'module') found.add(i);
    }
    for (const name of new Set(names)) for (const i of this.byLiteral.get(name) ?? []) found.add(i);
    for (const value of new Set(planNames(target, names))) if (value !== undefined) for (const i of this.byPlanValue.get(value) ?? []) found.add(i);
    const result = [...found].map((i) => ({ i, link: 'this' as Link }));
    const maybe = (i: number): void => {
      if (!found.has(i)) result.push({ i, link: 'unknown' });
    };
    this.unknown.forEach(maybe);
    for (const [sourceUnit, indexes] of this.outside) {
      if (sourceUnit === unit) continue;
      // A child module's output may be any resource outside the module, but never a module block.
      for (const i of indexes) if (!(target.kind === 'module' && this.entries[i].spec.kind === 'module')) maybe(i);
    }
    if (planId(target) === undefined) this.plan.forEach(maybe);
    return result.sort((a, b) => a.i - b.i).map(({ i, link }) => ({ item: this.entries[i].item, link }));
  }

  /** Whether some source names `target` or may name it (`links` is not empty), without listing them. */
  reaches(target: Resource, names: readonly string[] = []): boolean {
    if (this.unknown.length > 0) return true;
    if (planId(target) === undefined && this.plan.length > 0) return true;
    const unit = unitOf(target);
    for (const i of this.byAddress.get(`${unit}\u0000${target.name}`) ?? []) {
      if (this.entries[i].spec.kind === 'address' || target.kind === 'module') return true;
    }
    if (names.some((name) => this.byLiteral.has(name))) return true;
    if (planNames(target, names).some((value) => value !== undefined && this.byPlanValue.has(value))) return true;
    for (const [sourceUnit, indexes] of this.outside) {
      if (sourceUnit === unit) continue;
      if (target.kind !== 'module' || indexes.some((i) => this.entries[i].spec.kind === 'outside')) return true;
    }
    return false;
  }
}

// ── Root modules and their trees ─────────────────────────────────────────

/**
 * An infrastructure "root module": the unit account-level practices are
 * judged on. A Terraform root module is a directory of .tf files that no other
 * scanned module uses as a child (`source = "./modules/x"`); a plan, and a
 * CloudFormation template, is its own unit.
 */
export interface InfrastructureModule {
  /** The directory (Terraform) or file (plan, CloudFormation template). */
  id: string;
  input: 'terraform' | 'cfn';
  resources: Resource[];
}

/** A root module with the resources of the local child modules it calls (what it deploys). */
export interface ModuleTree {
  unit: InfrastructureModule;
  resources: Resource[];
  /** Module calls whose code the scan does not hold (registry, git, or a local path not scanned). */
  unscanned: Resource[];
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** The directory a `module` block's local source names, relative to its own directory. */
function childDirectory(directory: string, call: Resource): string | undefined {
  if (call.input !== 'terraform' || call.kind !== 'module') return undefined;
  const source = str(get(call.value, ['source'])) ?? '';
  return isLocalSource(source) ? path.posix.normalize(path.posix.join(directory, source)) : undefined;
}

interface Structure {
  /** Resources by directory (Terraform) or file (plan, template), in model order. */
  units: Map<string, InfrastructureModule>;
  roots: InfrastructureModule[];
  trees: ModuleTree[] | undefined;
}

const structures = new WeakMap<Model, Structure>();

function structureOf(model: Model): Structure {
  let structure = structures.get(model);
  if (structure) return structure;
  const units = new Map<string, InfrastructureModule>();
  const children = new Set<string>();
  for (const resource of model.resources) {
    if (resource.input !== 'terraform' && resource.input !== 'cfn') continue;
    const id = resource.input === 'terraform' && !isPlan(resource) ? directoryOf(resource.file) : resource.file;
    let unit = units.get(id);
    if (!unit) units.set(id, (unit = { id, input: resource.input, resources: [] }));
    unit.resources.push(resource);
    const child = childDirectory(id, resource);
    if (child !== undefined) children.add(child);
  }
  structure = { units, roots: [...units.values()].filter((unit) => !children.has(unit.id)), trees: undefined };
  structures.set(model, structure);
  return structure;
}

/** Every scanned root module with its local child modules' resources (breadth first, each directory once). */
export function moduleTrees(model: Model): ModuleTree[] {
  const structure = structureOf(model);
  structure.trees ??= structure.roots.map((unit): ModuleTree => {
    const resources: Resource[] = [];
    const unscanned: Resource[] = [];
    const seen = new Set<string>([unit.id]);
    const queue = [unit.id];
    for (let i = 0; i < queue.length; i++) {
      for (const resource of structure.units.get(queue[i])?.resources ?? []) {
        resources.push(resource);
        if (resource.input !== 'terraform' || resource.kind !== 'module') continue;
        const child = childDirectory(queue[i], resource);
        if (child === undefined || !structure.units.has(child)) unscanned.push(resource);
        else if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return { unit, resources, unscanned };
  });
  return structure.trees;
}

/** Resources of the given kinds (Terraform types or CloudFormation types) in a module tree. */
export function ofKinds(tree: ModuleTree, ...kinds: string[]): Resource[] {
  return tree.resources.filter((r) => kinds.includes(r.kind));
}

/** What a root module is called in messages. */
export function unitNoun(tree: ModuleTree): string {
  if (tree.unit.input === 'cfn') return 'this template';
  return tree.unit.resources.some(isPlan) ? 'this plan' : 'this module';
}

/** A finding about a module as a whole, at its first resource. */
export function moduleReport(unit: InfrastructureModule, message: string, severity: Severity = 'low'): Report {
  return { resource: unit.resources[0], message, severity };
}

/** The once-per-module finding for an account-level service the module does not set up, at its first resource. */
export function absentReport(tree: ModuleTree, what: string): Report {
  return moduleReport(
    tree.unit,
    `${unitNoun(tree)} ${what}: add it, or if the account baseline lives in another module or account, suppress this finding with that reason`,
    'low',
  );
}

/** A module call the scan cannot see into whose name or source suggests it sets the service up (or a whole baseline). */
export function mayBeProvidedBy(tree: ModuleTree, service: RegExp): Resource | undefined {
  return tree.unscanned.find((call) => {
    const text = `${call.name} ${str(get(call.value, ['source'])) ?? ''}`.toLowerCase();
    return service.test(text) || /baseline|landing-zone|control-tower/.test(text);
  });
}

// ── terraform-aws-modules module calls ───────────────────────────────────

const REGISTRY_SOURCE =
  /^(?:registry\.terraform\.io\/|app\.terraform\.io\/(?:[A-Za-z0-9_-]{1,64}\/)?)?terraform-aws-modules\/([a-z0-9-]{1,64})\/aws(?:\/\/([A-Za-z0-9_./-]{0,200}))?\/?$/;
const GIT_SOURCE = /github\.com[/:]terraform-aws-modules\/terraform-aws-([a-z0-9-]{1,64})(?:\.git)?(?:\/\/([A-Za-z0-9_./-]{0,200}))?(?:\?[^\s]{0,300})?$/;

export interface ModuleCall {
  /** `eks`, `vpc`, `ecr`, `network-firewall`… */
  name: string;
  /** The sub-module path after `//`, e.g. `modules/self-managed-node-group`; '' for the root module. */
  submodule: string;
}

/** Which terraform-aws-modules module a `module` block calls (registry or GitHub source), if any. */
export function moduleCall(resource: Resource): ModuleCall | undefined {
  if (resource.input !== 'terraform' || resource.kind !== 'module') return undefined;
  const source = str(get(resource.value, ['source']));
  if (!source || source.length > 600) return undefined;
  const match = REGISTRY_SOURCE.exec(source.trim()) ?? GIT_SOURCE.exec(source.trim());
  if (!match) return undefined;
  return { name: match[1], submodule: (match[2] ?? '').replace(/\/+$/, '') };
}

/** A call of terraform-aws-modules/<name> (its root module unless `submodule` says otherwise). */
export function isModule(resource: Resource, name: string, submodule = ''): boolean {
  const call = moduleCall(resource);
  return call !== undefined && call.name === name && call.submodule === submodule;
}

/** The first of `names` that a module call sets explicitly (module versions renamed some inputs). */
export function moduleArgument(resource: Resource, ...names: string[]): { key: string; value: unknown } | undefined {
  for (const key of names) {
    const value = get(resource.value, [key]);
    if (value !== undefined && value !== null) return { key, value };
  }
  return undefined;
}

/** Entries of a map-valued module input (`eks_managed_node_groups = { core = {...} }`), when written as a literal map. */
export function mapEntries(resource: Resource, key: string): Array<{ name: string; value: Record<string, unknown>; path: KeyPath }> {
  const value = get(resource.value, [key]);
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, v]) => ({ name, value: v, path: [key, name] }));
}
