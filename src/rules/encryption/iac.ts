// Reading Terraform (HCL and plan JSON) and CloudFormation resources for the
// data-protection rules: what a setting is known to be, whether it is known to
// be unset, and which resources an attachment (an encryption configuration, a
// rotation schedule, an access key) belongs to. Anything these functions cannot
// establish is unknown, and rules report nothing on an unknown.
import { resolveRef, templateOf, type Literal } from '../../inputs/cfn/resources.js';
import { resolveReference } from '../../inputs/terraform/file.js';
import { TerraformResource } from '../../inputs/terraform/resources.js';
import type { KeyPath, Model, Resource } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';

/** `terraform show -json` output: attributes are resolved, and an absent attribute is unknown until apply. */
export function isPlan(resource: Resource): boolean {
  return resource.input === 'terraform' && !resource.file.toLowerCase().endsWith('.tf');
}

/** Where a resource's settings are: CloudFormation `Properties`, a Terraform block itself. */
export function settingsPath(resource: Resource): KeyPath {
  return resource.input === 'cfn' ? ['Properties'] : [];
}

/**
 * A setting the scan cannot know: it sits behind a CloudFormation function
 * (`Fn::If`), a Terraform expression where a block belongs, or a Terraform
 * `dynamic` block. Every accessor here treats it as unknown.
 */
export const UNKNOWN: unique symbol = Symbol('unknown');

/** A CloudFormation intrinsic function or reference: `{"Fn::If": ...}`, `{"Ref": ...}`. */
function isIntrinsic(value: unknown): boolean {
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

/** The full key path of a setting, for a report. */
export function at(resource: Resource, ...path: KeyPath): KeyPath {
  return [...settingsPath(resource), ...path];
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

const NO_VALUE = 'AWS::NoValue';

/**
 * Whether a setting is known NOT to be set: absent, null, empty string or
 * empty list, or CloudFormation's `AWS::NoValue`. In a plan an absent
 * attribute is unknown (computed at apply), so only null and empty count.
 */
export function isUnset(resource: Resource, value: unknown): boolean {
  if (value === undefined) return !isPlan(resource);
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (resource.input === 'cfn' && isRecord(value) && Object.keys(value).length === 1 && value.Ref === NO_VALUE) return true;
  return false;
}

/** The literal a Terraform expression or CloudFormation value is known to have, if any. */
export function literalOf(resource: Resource, value: unknown): Literal | undefined {
  if (resource.input === 'cfn') return resolveRef(templateOf(resource), value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (!value.includes('${')) return value;
  if (!(resource instanceof TerraformResource)) return undefined;
  const resolved = resolveReference(value, resource.scope);
  return typeof resolved === 'string' || typeof resolved === 'number' || typeof resolved === 'boolean' ? resolved : undefined;
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

/** A known string. */
export function textOf(resource: Resource, value: unknown): string | undefined {
  const literal = literalOf(resource, value);
  return typeof literal === 'string' ? literal : undefined;
}

/**
 * A boolean setting with a default: its known value, the default when it is
 * known to be unset, undefined when unknown.
 */
export function flag(resource: Resource, value: unknown, fallback: boolean): boolean | undefined {
  return isUnset(resource, value) ? fallback : boolOf(resource, value);
}

/** The strings of a list setting, when every element is known. */
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

// ---------------------------------------------------------------------------
// Units and joins

function directoryOf(file: string): string {
  const normalized = file.split('\\').join('/');
  const slash = normalized.lastIndexOf('/');
  return slash < 0 ? '.' : normalized.slice(0, slash);
}

/** `module.a.module.b.` of a plan address: resources of one module instance refer to each other. */
const MODULE_PREFIX = /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]{0,256}\])?\.){0,32}/;

/**
 * The unit within which resources refer to each other: a Terraform module
 * (the directory of its .tf files; in a plan, the module address), or one
 * CloudFormation template.
 */
function sameUnit(a: Resource, b: Resource): boolean {
  if (a.input !== b.input) return false;
  if (a.input === 'cfn') return templateOf(a) !== undefined && templateOf(a) === templateOf(b);
  if (isPlan(a) !== isPlan(b)) return false;
  if (isPlan(a)) return a.file === b.file && MODULE_PREFIX.exec(a.name)![0] === MODULE_PREFIX.exec(b.name)![0];
  return directoryOf(a.file) === directoryOf(b.file);
}

/** Resources of the given kinds in the same unit as `resource`. */
export function unitResources(model: Model, resource: Resource, ...kinds: string[]): Resource[] {
  return kinds.flatMap((kind) => model.ofKind(kind)).filter((r) => sameUnit(r, resource));
}

/** `${aws_s3_bucket.sessions.id}`, `${aws_s3_bucket.sessions[0].bucket}`: the address and attribute. */
const TERRAFORM_REFERENCE = /^\$\{\s*([A-Za-z][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]{0,256}\])?\.([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;

/**
 * What an attachment's reference attribute points at: a resource of the unit
 * (Terraform address or CloudFormation logical id), a literal identifier
 * (name, ARN), or undefined when unknown.
 */
export type Target = { resource: string } | { literal: string } | undefined;

export function targetOf(resource: Resource, value: unknown): Target {
  if (resource.input === 'cfn') {
    if (isRecord(value) && Object.keys(value).length === 1) {
      const resources = get(templateOf(resource), ['Resources']);
      if (typeof value.Ref === 'string' && isRecord(get(resources, [value.Ref]))) return { resource: value.Ref };
      const getAtt = value['Fn::GetAtt'];
      const logicalId = typeof getAtt === 'string' ? getAtt.split('.')[0] : Array.isArray(getAtt) ? getAtt[0] : undefined;
      if (typeof logicalId === 'string' && isRecord(get(resources, [logicalId]))) return { resource: logicalId };
    }
    const text = textOf(resource, value);
    return text !== undefined ? { literal: text } : undefined;
  }
  if (typeof value === 'string') {
    const match = TERRAFORM_REFERENCE.exec(value);
    if (match) return { resource: match[1] };
  }
  const text = textOf(resource, value);
  return text !== undefined ? { literal: text } : undefined;
}

/**
 * Whether `target` names `candidate`: by address (logical id), or by one of
 * its literal identifier settings (`bucket`, `name`, `arn`; in a plan also the
 * computed `id`). A target of another kind names nothing of this kind.
 */
export function names(target: NonNullable<Target>, candidate: Resource, identifiers: readonly string[]): boolean {
  if ('resource' in target) return target.resource === candidate.name;
  return identifiers.some((key) => {
    const id = textOf(candidate, setting(candidate, key));
    return id !== undefined && id !== '' && id === target.literal;
  });
}

export interface Coverage {
  /** Attachments that name the subject. */
  covering: Resource[];
  /** Some attachment's target is unknown, or names something outside the scan: it may be the subject. */
  unknown: boolean;
}

/**
 * Which `attachments` belong to `subject`, through the setting at `path` of
 * each attachment. A target that is a resource of the subject's kind names it
 * or not; any other target (a variable, a module output, a literal matching no
 * identifier of any resource of that kind) may be it.
 */
export function coverageOf(
  subject: Resource,
  attachments: readonly Resource[],
  path: KeyPath,
  identifiers: readonly string[],
  peers: readonly Resource[],
): Coverage {
  const covering: Resource[] = [];
  let unknown = false;
  for (const attachment of attachments) {
    const target = targetOf(attachment, setting(attachment, ...path));
    if (target === undefined) {
      unknown = true;
    } else if (names(target, subject, identifiers)) {
      covering.push(attachment);
    } else if ('resource' in target ? !isResourceOfKind(attachment, target.resource, subject.kind) : !peers.some((p) => names(target, p, identifiers))) {
      unknown = true;
    }
  }
  return { covering, unknown };
}

/** Whether `address` (Terraform) or logical id (CloudFormation) is a resource of `kind`. */
function isResourceOfKind(from: Resource, address: string, kind: string): boolean {
  if (from.input === 'cfn') return get(templateOf(from), ['Resources', address, 'Type']) === kind;
  return address.startsWith(`${kind}.`);
}

/** How a resource is named in messages: its Terraform address or CloudFormation logical id and type. */
export function describe(resource: Resource): string {
  return resource.input === 'cfn' ? `${resource.name} (${resource.kind})` : resource.name;
}

/**
 * Whether a `module` block calls a public registry module (`owner/name/provider`,
 * optionally with a registry host) or its GitHub repository, not one of its
 * submodules (`//modules/x`).
 */
export function callsModule(module: Resource, registryAddress: string, githubRepository: string): boolean {
  if (module.input !== 'terraform' || module.kind !== 'module') return false;
  const source = textOf(module, setting(module, 'source'))?.trim();
  if (source === undefined || source.includes('//modules/')) return false;
  const registry = source.replace(/^(?:registry\.terraform\.io|app\.terraform\.io)\//, '').replace(/\/$/, '');
  if (registry === registryAddress) return true;
  const git = /github\.com[/:]([A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}?)(?:\.git)?(?:\?|$)/.exec(source);
  return git !== null && git[1] === githubRepository;
}
