// A parsed Terraform file as plain data (it crosses worker threads by
// structured clone), and the pure lookups over it.
import type { KeyPath } from '../../core/types.js';
import { isRecord } from '../../core/values.js';
import type { DecodeSource } from './decode.js';
import type { PositionNode } from './scan.js';

/** A string in the file's JSON that holds a document, decoded. */
export interface DecodedValue {
  /** Path of the block's object in `json`, e.g. `['resource', 'aws_iam_role', 'x', 0]`. */
  block: KeyPath;
  /** Path of the string within the block's object, e.g. `['inline_policy', 0, 'policy']`. */
  path: KeyPath;
  from: DecodeSource;
  value: unknown;
}

/** What `var.NAME` and `local.NAME` can resolve to within one file (or several merged). */
export interface TerraformScope {
  /** Declared variables that have a default: name → default, as hcl2json gives it. */
  variables: Record<string, unknown>;
  /** Locals of every `locals` block: name → value, as hcl2json gives it. */
  locals: Record<string, unknown>;
}

export interface TerraformFile extends TerraformScope {
  /**
   * hcl2json's JSON: `resource.TYPE.NAME`, `data.TYPE.NAME`, `module.NAME`,
   * `variable.NAME`, `provider.NAME` hold lists of block objects, `locals`
   * and `terraform` lists of block objects; nested blocks are lists of
   * objects, expressions `"${...}"` strings. `{}` when the file did not parse.
   */
  json: Record<string, unknown>;
  /** Positions of the file's top-level body, keyed like `json`. */
  positions: PositionNode;
  /** Documents decoded from strings of resource, data, module and locals blocks. */
  decoded: DecodedValue[];
}

export type BlockSection = 'resource' | 'data' | 'module' | 'locals';

export interface HclBlock {
  section: BlockSection;
  /** `[type, name]` for resources and data sources, `[name]` for modules, `[]` for locals. */
  labels: string[];
  /** Path of the block's object in the JSON. */
  path: KeyPath;
  value: Record<string, unknown>;
}

function entries(value: unknown): Array<[string, unknown]> {
  return isRecord(value) ? Object.entries(value) : [];
}

/** hcl2json gives a list of blocks under each label (more than one only when a label repeats). */
function blockList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The resource, data, module and locals blocks of a file's JSON, in that order. */
export function blocksOf(json: Record<string, unknown>): HclBlock[] {
  const blocks: HclBlock[] = [];
  const add = (section: BlockSection, labels: string[], list: unknown): void => {
    blockList(list).forEach((value, index) => {
      if (isRecord(value)) blocks.push({ section, labels, path: [section, ...labels, index], value });
    });
  };
  for (const section of ['resource', 'data'] as const) {
    for (const [type, byName] of entries(json[section])) {
      for (const [name, list] of entries(byName)) add(section, [type, name], list);
    }
  }
  for (const [name, list] of entries(json.module)) add('module', [name], list);
  if (json.locals !== undefined) add('locals', [], json.locals);
  return blocks;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Variables with a default, and all locals, of a file's JSON. */
export function scopeOf(json: Record<string, unknown>): TerraformScope {
  const variables: Record<string, unknown> = {};
  const locals: Record<string, unknown> = {};
  for (const [name, list] of entries(json.variable)) {
    const declaration = blockList(list)[0];
    if (isRecord(declaration) && Object.prototype.hasOwnProperty.call(declaration, 'default')) define(variables, name, declaration.default);
  }
  for (const block of blocksOf(json)) {
    if (block.section === 'locals') for (const [name, value] of Object.entries(block.value)) define(locals, name, value);
  }
  return { variables, locals };
}

const REFERENCE = /^(?:\$\{\s*(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}|(var|local)\.([A-Za-z_][A-Za-z0-9_-]*))$/;

/** The `var`/`local` and name that an expression (`${var.x}` or bare `var.x`) is exactly, if it is one. */
export function referenceOf(expression: string): { source: 'var' | 'local'; name: string } | undefined {
  const match = REFERENCE.exec(expression);
  if (!match) return undefined;
  return { source: (match[1] ?? match[3]) as 'var' | 'local', name: match[2] ?? match[4] };
}

/** The value a reference names in `scope`, literal or not; undefined when not declared. */
export function lookup(scope: TerraformScope, source: 'var' | 'local', name: string): unknown {
  const table = source === 'var' ? scope.variables : scope.locals;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** An unescaped `${` or `%{`: the value is computed by Terraform. */
const TEMPLATE = /(?<!\$)\$\{|(?<!%)%\{/;

/** Whether a value is known as written: no string in it interpolates or references anything. */
function isLiteral(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (TEMPLATE.test(node)) return false;
    } else if (node !== null && typeof node === 'object') {
      if (depth > 64) return false;
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return true;
}

/**
 * What `expression` is known to be: the literal default of `var.NAME`, or the
 * literal value of `local.NAME`. Anything else (another expression, a value
 * that itself references something, an undeclared name) is undefined: unknown.
 * Strings keep hcl2json's escapes (`$${` for a literal `${`).
 */
export function resolveReference(expression: string, scope: TerraformScope): unknown {
  const reference = referenceOf(expression);
  if (!reference) return undefined;
  const value = lookup(scope, reference.source, reference.name);
  return value !== undefined && isLiteral(value) ? value : undefined;
}

const INTERPOLATION = /\$\{\s*((?:var|local)\.[A-Za-z_][A-Za-z0-9_-]*)\s*\}/g;

/**
 * A string known as written once each `${var.x}`/`${local.x}` in it is
 * replaced by its literal string value (`"${var.service}-sa-role"`); undefined
 * when anything in it stays unknown.
 */
export function resolveTemplate(expression: string, scope: TerraformScope): string | undefined {
  let unknown = false;
  const text = expression.replace(INTERPOLATION, (_, reference: string) => {
    const value = resolveReference(reference, scope);
    if (typeof value !== 'string' && typeof value !== 'number') unknown = true;
    return String(value);
  });
  return unknown || TEMPLATE.test(text) ? undefined : text;
}
