// Reading Terraform (HCL, plan JSON, and the terraform-aws-modules/eks and
// /vpc module calls) and CloudFormation for the EKS cluster and network rules:
// what a setting is known to be, which resources of the same module or
// template a reference names, and what a reference's own name says. Anything
// these functions cannot establish is unknown, and rules report nothing on an
// unknown.
import { renderIntrinsics } from '../../core/policies.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { get, isRecord, list, str } from '../../core/values.js';
import { resolveRef, templateOf, type Literal } from '../../inputs/cfn/resources.js';
import { resolveReference } from '../../inputs/terraform/file.js';
import { TerraformResource } from '../../inputs/terraform/resources.js';

export type { Literal };

/** `terraform show -json` output: attributes are resolved, and an absent attribute is unknown until apply. */
export function isPlan(resource: Resource): boolean {
  return resource.input === 'terraform' && !resource.file.toLowerCase().endsWith('.tf');
}

/** Where a resource's settings are: CloudFormation `Properties`, a Terraform block itself. */
export function settingsPath(resource: Resource): KeyPath {
  return resource.input === 'cfn' ? ['Properties'] : [];
}

/** The value at `path` below the resource's settings. */
export function setting(resource: Resource, ...path: KeyPath): unknown {
  return get(resource.value, [...settingsPath(resource), ...path]);
}

/** The full key path of a setting, for a report. */
export function at(resource: Resource, ...path: KeyPath): KeyPath {
  return [...settingsPath(resource), ...path];
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
  const value = get(resource.value, full);
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

/** A Terraform expression: its value is computed unless it resolves to a literal variable default or local. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/**
 * What a value is known to be as written: a literal, a Terraform `var.x`
 * with a literal default or a literal `local.x`, a CloudFormation parameter's
 * default. Lists and maps come back as they are when they hold no expression.
 */
export function resolved(resource: Resource, value: unknown): unknown {
  if (resource.input === 'cfn') {
    if (isRecord(value) && Object.keys(value).length === 1 && typeof value.Ref === 'string') return resolveRef(templateOf(resource), value);
    return value;
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
  const value = get(resource.value, full);
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, literal: literalOf(resource, v), path: [...full, i] }));
  const known = resolved(resource, value);
  if (Array.isArray(known)) return known.map((v) => ({ value: v, literal: literalOf(resource, v), path: full }));
  if (resource.input === 'cfn' && typeof known === 'string' && value !== known) {
    return known.split(',').map((v) => ({ value: v.trim(), literal: v.trim(), path: full }));
  }
  if (typeof value === 'string' && !isExpression(value)) return [{ value, literal: value, path: full }];
  return undefined;
}

/** The known strings of a list setting, or undefined when any element is unknown. */
export function knownStrings(resource: Resource, ...path: KeyPath): string[] | undefined {
  const items = itemsAt(resource, ...path);
  if (!items) return undefined;
  const result: string[] = [];
  for (const item of items) {
    if (typeof item.literal !== 'string') return undefined;
    result.push(item.literal);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Units and references

function directoryOf(file: string): string {
  const normalized = file.split('\\').join('/');
  const slash = normalized.lastIndexOf('/');
  return slash < 0 ? '.' : normalized.slice(0, slash);
}

/** `module.a.module.b.` of a plan address: resources of one module instance refer to each other. */
const MODULE_PREFIX = /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]{0,256}\])?\.){0,32}/;

/** The module or template a resource belongs to: references name resources of the same unit. */
export function unitId(resource: Resource): string {
  if (resource.input === 'cfn' || isPlan(resource)) {
    const prefix = resource.input === 'cfn' ? '' : MODULE_PREFIX.exec(resource.name)![0];
    return `${resource.file}\u0000${prefix}`;
  }
  return directoryOf(resource.file);
}

export function sameUnit(a: Resource, b: Resource): boolean {
  return a.input === b.input && isPlan(a) === isPlan(b) && unitId(a) === unitId(b);
}

/** Resources of the given kinds in the same unit as `resource`. */
export function unitResources(model: Model, resource: Resource, ...kinds: string[]): Resource[] {
  return kinds.flatMap((kind) => model.ofKind(kind)).filter((r) => sameUnit(r, resource));
}

/** A resource's address within its unit: the Terraform address without a plan's module prefix and instance key, or the logical id. */
export function localAddress(resource: Resource): string {
  if (resource.input === 'cfn') return resource.name;
  const rest = resource.name.slice(MODULE_PREFIX.exec(resource.name)![0].length);
  const bracket = rest.indexOf('[');
  return bracket < 0 ? rest : rest.slice(0, bracket);
}

/**
 * References in a Terraform expression: `aws_subnet.public`, `data.aws_subnets.private`,
 * `module.vpc.public_subnets`, `var.public_subnet_ids`, `local.subnets`. Only
 * text inside `${…}` is read; the pattern has no nested quantifiers.
 */
const TERRAFORM_REFERENCE =
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

export function terraformReferences(value: unknown): string[] {
  const found = new Set<string>();
  for (const text of strings(value, [])) {
    if (!text.includes('${')) continue;
    for (const match of text.slice(0, MAX_TEXT).matchAll(TERRAFORM_REFERENCE)) found.add(match[1]);
  }
  return [...found];
}

const SUB_VARIABLE = /\$\{(?!!)([A-Za-z0-9_:]{1,255})(?:\.[A-Za-z0-9_.]{1,255})?\}/g;

/**
 * Names a CloudFormation value refers to: logical ids and parameters of
 * `Ref`, `Fn::GetAtt` and `Fn::Sub` variables (pseudo parameters left out),
 * and the literal export names of `Fn::ImportValue`.
 */
export function cfnReferences(value: unknown): string[] {
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

/** Whether a value of `from` refers to `target` (same unit): by Terraform address or CloudFormation logical id. */
export function refersTo(from: Resource, value: unknown, target: Resource): boolean {
  if (!sameUnit(from, target)) return false;
  const address = localAddress(target);
  return referencesOf(from, value).includes(address);
}

/** The resources of `kinds` in the unit that a value refers to. */
export function referencedResources(model: Model, from: Resource, value: unknown, ...kinds: string[]): Resource[] {
  const names = new Set(referencesOf(from, value));
  if (names.size === 0) return [];
  return unitResources(model, from, ...kinds).filter((r) => names.has(localAddress(r)));
}

/** How a resource is named in messages: its Terraform address, or the CloudFormation logical id and type. */
export function describe(resource: Resource): string {
  return resource.input === 'cfn' ? `${resource.name} (${resource.kind})` : resource.name;
}

// ---------------------------------------------------------------------------
// terraform-aws-modules module calls

const REGISTRY_SOURCE = /^(?:registry\.terraform\.io\/|app\.terraform\.io\/[A-Za-z0-9_-]{1,64}\/)?terraform-aws-modules\/([a-z0-9-]{1,64})\/aws(?:\/\/([A-Za-z0-9_./-]{0,200}))?$/;
const GIT_SOURCE = /github\.com[/:]terraform-aws-modules\/terraform-aws-([a-z0-9-]{1,64})(?:\.git)?(?:\/\/([A-Za-z0-9_./-]{0,200}))?(?:\?[^\s]{0,300})?$/;

export interface ModuleCall {
  /** `eks`, `vpc`, `network-firewall`… */
  name: string;
  /** The sub-module path after `//`, e.g. `modules/self-managed-node-group`; '' for the root module. */
  submodule: string;
}

/** Which terraform-aws-modules module a `module` block calls, if any. */
export function moduleCall(resource: Resource): ModuleCall | undefined {
  if (resource.input !== 'terraform' || resource.kind !== 'module') return undefined;
  const source = str(get(resource.value, ['source']));
  if (!source || source.length > 600) return undefined;
  const match = REGISTRY_SOURCE.exec(source.trim()) ?? GIT_SOURCE.exec(source.trim());
  if (!match) return undefined;
  return { name: match[1], submodule: (match[2] ?? '').replace(/\/+$/, '') };
}

/** A call of the root module of terraform-aws-modules/<name>. */
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

// ---------------------------------------------------------------------------
// IAM managed policies

const AWS_MANAGED_POLICY = /^arn:(?:aws|aws-cn|aws-us-gov|\$\{[^}]{1,64}\}):iam::aws:policy\/(?:[A-Za-z0-9_+=,.@-]{1,128}\/){0,8}([A-Za-z0-9_+=,.@-]{1,128})$/;

/** The name of an AWS managed policy from its ARN (the partition may be a reference). */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_POLICY.exec(arn.trim())?.[1];
}

/** A CloudFormation value rendered as text (`Fn::Sub` kept as written), for ARNs built with functions. */
export function renderedText(resource: Resource, value: unknown): string | undefined {
  const literal = literalOf(resource, value);
  if (typeof literal === 'string') return literal;
  if (resource.input === 'cfn') {
    const rendered = renderIntrinsics(value);
    return typeof rendered === 'string' ? rendered : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}
