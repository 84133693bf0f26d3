// Helpers shared by the account-level detection and governance rules (not a
// rule): the scanned root modules with the child modules they call, settings
// read as known / unknown / absent, and references between resources.
import path from 'node:path';
import { infrastructureModules, moduleReport, type InfrastructureModule } from '../../core/modules.js';
import { renderIntrinsics } from '../../core/policies.js';
import type { KeyPath, Model, Report, Resource } from '../../core/types.js';
import { get, isRecord, str } from '../../core/values.js';
import { resolveRef, templateOf } from '../../inputs/cfn/resources.js';
import { resolveReference } from '../../inputs/terraform/file.js';
import type { TerraformResource } from '../../inputs/terraform/resources.js';

/** A root module with the resources of the local child modules it calls (what it deploys). */
export interface ModuleTree {
  unit: InfrastructureModule;
  resources: Resource[];
  /** Module calls whose code the scan does not hold (registry, git, or a local path not scanned). */
  unscanned: Resource[];
}

function unitIdOf(resource: Resource): string {
  if (resource.input === 'terraform' && !isPlan(resource)) return path.posix.dirname(resource.file.split('\\').join('/'));
  return resource.file;
}

/** Plan or state JSON (`terraform show -json`): values are resolved, and unknown ones are left out. */
export function isPlan(resource: Resource): boolean {
  return resource.input === 'terraform' && resource.file.endsWith('.json');
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

const treeCache = new WeakMap<Model, ModuleTree[]>();

/** Every scanned root module with its local child modules' resources (breadth first, each directory once). */
export function moduleTrees(model: Model): ModuleTree[] {
  const cached = treeCache.get(model);
  if (cached) return cached;
  const byUnit = new Map<string, Resource[]>();
  for (const resource of model.resources) {
    if (resource.input !== 'terraform' && resource.input !== 'cfn') continue;
    const id = unitIdOf(resource);
    const entries = byUnit.get(id);
    if (entries) entries.push(resource);
    else byUnit.set(id, [resource]);
  }
  const trees = infrastructureModules(model).map((unit): ModuleTree => {
    const resources: Resource[] = [];
    const unscanned: Resource[] = [];
    const seen = new Set<string>([unit.id]);
    const queue = [unit.id];
    for (let i = 0; i < queue.length; i++) {
      for (const resource of byUnit.get(queue[i]) ?? []) {
        resources.push(resource);
        if (resource.input !== 'terraform' || resource.kind !== 'module') continue;
        const source = str(get(resource.value, ['source'])) ?? '';
        const child = isLocalSource(source) ? path.posix.normalize(path.posix.join(queue[i], source)) : undefined;
        if (child === undefined || !byUnit.has(child)) unscanned.push(resource);
        else if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return { unit, resources, unscanned };
  });
  treeCache.set(model, trees);
  return trees;
}

export function ofKinds(tree: ModuleTree, ...kinds: string[]): Resource[] {
  return tree.resources.filter((r) => kinds.includes(r.kind));
}

/** What a module is called in messages. */
export function unitNoun(tree: ModuleTree): string {
  if (tree.unit.input === 'cfn') return 'this template';
  return tree.unit.resources.some(isPlan) ? 'this plan' : 'this module';
}

/** Module calls the scan cannot see into whose name or source suggests they set the service up (or a whole baseline). */
export function mayBeProvidedBy(tree: ModuleTree, service: RegExp): Resource | undefined {
  return tree.unscanned.find((call) => {
    const text = `${call.name} ${str(get(call.value, ['source'])) ?? ''}`.toLowerCase();
    return service.test(text) || /baseline|landing-zone|control-tower/.test(text);
  });
}

/** The once-per-module finding for a service the module does not set up, at its first resource. */
export function absentReport(tree: ModuleTree, what: string): Report {
  return moduleReport(
    tree.unit,
    `${unitNoun(tree)} ${what}: add it, or if the account baseline lives in another module or account, suppress this finding with that reason`,
    'low',
  );
}

/** The key path of a setting within the resource's value (CloudFormation properties sit under `Properties`). */
export function valuePath(resource: Resource, at: KeyPath): KeyPath {
  return resource.input === 'cfn' ? ['Properties', ...at] : at;
}

// ── Settings ─────────────────────────────────────────────────────────────

/** A setting as the code states it: not written, written but computed (unknown), or known. */
export type Setting = { state: 'absent' } | { state: 'unknown' } | { state: 'known'; value: unknown };

const ABSENT: Setting = { state: 'absent' };
const UNKNOWN: Setting = { state: 'unknown' };

const TEMPLATE = /\$\{|%\{/;

/**
 * A Terraform argument (`path` into the block, nested blocks as lists) or a
 * CloudFormation property (`path` under `Properties`). References resolve only
 * to literal variable defaults, locals and parameter defaults; anything else is
 * unknown. In plan JSON a missing value is unknown (computed), `null` unset.
 */
export function setting(resource: Resource, at: KeyPath): Setting {
  if (resource.input === 'cfn') {
    const raw = get(resource.value, valuePath(resource, at));
    if (raw === undefined || raw === null) return ABSENT;
    if (isRecord(raw) && Object.keys(raw).length === 1 && /^(?:Ref|Fn::)/.test(Object.keys(raw)[0])) {
      const value = resolveRef(templateOf(resource), raw);
      return value === undefined ? UNKNOWN : { state: 'known', value };
    }
    return { state: 'known', value: raw };
  }
  const raw = get(resource.value, at);
  if (raw === undefined) return isPlan(resource) ? UNKNOWN : ABSENT;
  if (raw === null) return ABSENT;
  if (typeof raw === 'string' && TEMPLATE.test(raw)) {
    const scope = (resource as TerraformResource).scope;
    const value = scope ? resolveReference(raw, scope) : undefined;
    return value === undefined ? UNKNOWN : { state: 'known', value };
  }
  return { state: 'known', value: raw };
}

/** A boolean setting: true, false, absent (the service default applies) or unknown. */
export function flag(resource: Resource, at: KeyPath): boolean | 'absent' | 'unknown' {
  const s = setting(resource, at);
  if (s.state !== 'known') return s.state;
  if (s.value === true || s.value === 'true') return true;
  if (s.value === false || s.value === 'false') return false;
  return 'unknown';
}

/** A numeric setting, or its state when not a known number. */
export function numeric(resource: Resource, at: KeyPath): number | 'absent' | 'unknown' {
  const s = setting(resource, at);
  if (s.state !== 'known') return s.state;
  const n = typeof s.value === 'number' ? s.value : typeof s.value === 'string' && /^\d{1,9}$/.test(s.value) ? Number(s.value) : NaN;
  return Number.isFinite(n) ? n : 'unknown';
}

/** A string setting, or its state when not a known string. */
export function text(resource: Resource, at: KeyPath): string | 'absent' | 'unknown' {
  const s = setting(resource, at);
  if (s.state !== 'known') return s.state;
  return typeof s.value === 'string' ? s.value : 'unknown';
}

/**
 * Strings of a list setting; `unknown` is true when the list itself or one of
 * its items is computed. A CloudFormation `Fn::Sub` item counts with its
 * template text (fixed parts such as a standard's name stay readable).
 */
export function strings(resource: Resource, at: KeyPath): { values: string[]; unknown: boolean; absent: boolean } {
  const raw = get(resource.value, valuePath(resource, at));
  if (raw === undefined || raw === null) {
    const unknown = raw === undefined && isPlan(resource);
    return { values: [], unknown, absent: !unknown };
  }
  // A whole-value reference may name a literal list (a variable default, a parameter).
  const whole = setting(resource, at);
  const isWholeReference = resource.input === 'cfn' ? cfnLogicalId(raw) !== undefined : typeof raw === 'string' && isOnlyReference(raw);
  if (isWholeReference && whole.state !== 'known') return { values: [], unknown: true, absent: false };
  const value = isWholeReference && whole.state === 'known' ? whole.value : raw;
  const values: string[] = [];
  let unknown = false;
  for (const item of Array.isArray(value) ? value : [value]) {
    const rendered = resource.input === 'cfn' ? renderIntrinsics(item) : item;
    if (typeof rendered === 'string' && !isOnlyReference(rendered)) values.push(rendered);
    else unknown = true;
  }
  return { values, unknown, absent: false };
}

/** A string that is nothing but one interpolation (`${var.x}`): nothing of its value is known. */
function isOnlyReference(value: string): boolean {
  return /^\$\{[^}]*\}$/.test(value.trim());
}

// ── References ───────────────────────────────────────────────────────────

const TERRAFORM_REFERENCE = /^\$\{\s*(data\.)?([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]{0,200}\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}$/;

/** The address (`aws_vpc.main`, `data.x.y`, `module.vpc`) and attribute an expression is exactly a reference to. */
export function terraformReference(expression: unknown): { address: string; type: string; attribute?: string } | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = TERRAFORM_REFERENCE.exec(expression);
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  return { address: `${data ?? ''}${type}.${name}`, type: data ? `data.${type}` : type, attribute };
}

/** Whether two Terraform resources are in the same module (references only reach within one). */
export function sameModule(a: Resource, b: Resource): boolean {
  return unitIdOf(a) === unitIdOf(b);
}

/** How a reference-valued argument relates to a target resource: it names it, names something else, or cannot be told. */
export type Link = 'this' | 'other' | 'unknown';

/**
 * Whether the argument at `at` of `from` refers to `target`. Terraform: a
 * reference to the target's address (in the same module), a literal equal to
 * one of `names` (the target's literal name), or in plan JSON a value equal to
 * the target's `id`/`name`. CloudFormation: `Ref` or `Fn::GetAtt` of its
 * logical id. Variables, other modules' outputs and data sources are unknown.
 */
export function linkTo(from: Resource, at: KeyPath, target: Resource, names: readonly string[] = []): Link {
  const raw = get(from.value, valuePath(from, at));
  return valueLink(from, raw, target, names);
}

/** As `linkTo`, for one value. */
function valueLink(from: Resource, raw: unknown, target: Resource, names: readonly string[] = []): Link {
  if (from.input === 'cfn') {
    const id = cfnLogicalId(raw);
    if (id !== undefined && get(templateOf(from), ['Parameters', id]) !== undefined) {
      // A parameter: its default may be the target's literal name.
      const value = resolveRef(templateOf(from), raw);
      return typeof value === 'string' ? (names.includes(value) ? 'this' : 'other') : 'unknown';
    }
    if (id !== undefined) return target.input === 'cfn' && target.file === from.file && id === target.name ? 'this' : 'other';
    if (typeof raw === 'string') return names.includes(raw) ? 'this' : 'other';
    return raw === undefined || raw === null ? 'other' : 'unknown';
  }
  if (raw === undefined || raw === null) return isPlan(from) && raw === undefined ? 'unknown' : 'other';
  if (typeof raw !== 'string') return 'unknown';
  if (isPlan(from)) {
    // Plan values are resolved: compare with the target's id or name, when the plan knows them.
    const id = str(get(target.value, ['id']));
    if ([id, str(get(target.value, ['name'])), ...names].includes(raw)) return 'this';
    return id !== undefined ? 'other' : 'unknown';
  }
  const reference = terraformReference(raw);
  if (reference) {
    // A module's inputs and its child modules' outputs cannot be its own resources (that would be a cycle).
    if (reference.type === 'var' || reference.type === 'module') return sameModule(from, target) ? 'other' : 'unknown';
    if (reference.type.startsWith('data.') || ['local', 'each', 'count', 'self', 'path', 'terraform'].includes(reference.type)) return 'unknown';
    return reference.address === target.name && sameModule(from, target) ? 'this' : 'other';
  }
  if (TEMPLATE.test(raw)) return 'unknown';
  return names.includes(raw) ? 'this' : 'other';
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

/** Items of a list-valued argument (one item when written as a single value). */
export function itemsOf(resource: Resource, at: KeyPath): unknown[] {
  const raw = get(resource.value, valuePath(resource, at));
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : [raw];
}
