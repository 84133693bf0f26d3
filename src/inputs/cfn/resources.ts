// CloudFormation templates (YAML, JSON, CDK synth output) as resources: one
// per entry of `Resources`, kind = its `Type`, name = its logical id.
import type { InputError, KeyPath, Position, Resource } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';
import type { ParsedDocument } from '../yaml/parse.js';
import { ENTRY, entryOf, locateIn, positionAt, subTable, type PositionTable } from '../yaml/positions.js';

const TEMPLATE_TYPE = /^(?:AWS|Custom)::/;
const FOR_EACH = 'Fn::ForEach::';
/** `Fn::ForEach` may nest; real templates stay far below this. */
const MAX_FOR_EACH_DEPTH = 5;

class CfnResource implements Resource {
  readonly input = 'cfn' as const;
  readonly position: Position;

  constructor(
    readonly kind: string,
    readonly name: string,
    readonly value: Record<string, unknown>,
    readonly file: string,
    /** The whole template, for parameters and conditions the resource refers to. */
    readonly template: Record<string, unknown>,
    private readonly positions: PositionTable,
  ) {
    this.position = positionAt(positions, 0);
  }

  locate(path: KeyPath): Position {
    return locateThroughTags(this.value, this.positions, path);
  }
}

/**
 * A scalar short form (`!Ref x`) is a single leaf entry in the position table
 * although its value is {"Ref": "x"}; `entryOf` would step from it into the
 * next sibling's entries. Paths into such a value stop at the tagged node.
 */
function locateThroughTags(value: unknown, table: PositionTable, path: KeyPath): Position {
  let depth = 0;
  let node = value;
  while (depth < path.length && node !== null && typeof node === 'object') {
    const isLeaf = table[entryOf(value, table, path.slice(0, depth)) * ENTRY + 2] === 1;
    if (isLeaf && Object.keys(node).length > 0) break;
    node = get(node, [path[depth]]);
    depth++;
  }
  return locateIn(value, table, path.slice(0, depth));
}

/**
 * Table entries of the first `count` children of the node at `entry`, found
 * in one pass (the table stores children in order, each followed by its
 * subtree). A leaf entry holding an object (a scalar short form) stands for
 * all its children.
 */
function childEntries(table: PositionTable, entry: number, count: number): number[] {
  const entries: number[] = [];
  const end = entry + table[entry * ENTRY + 2];
  let child = entry + 1;
  for (let i = 0; i < count; i++) {
    entries.push(child < end ? child : entry);
    if (child < end) child += table[child * ENTRY + 2];
  }
  return entries;
}

/** A document is a template when it says so, or when its `Resources` hold AWS or custom types. */
export function looksLikeTemplate(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  if ('AWSTemplateFormatVersion' in value) return true;
  if (!isRecord(value.Resources)) return false;
  return Object.values(value.Resources).some((entry) => {
    const type = get(entry, ['Type']);
    return typeof type === 'string' && TEMPLATE_TYPE.test(type);
  });
}

/** The template a CloudFormation resource belongs to, for `resolveRef`. */
export function templateOf(resource: Resource): Record<string, unknown> | undefined {
  return resource instanceof CfnResource ? resource.template : undefined;
}

export type Literal = string | number | boolean;

function isLiteral(value: unknown): value is Literal {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The literal a property value most likely has: a literal itself, or for
 * {"Ref": Parameter} the parameter's `Default`. Anything else (other
 * intrinsic functions, resources, pseudo parameters, parameters without a
 * default, SSM parameter types whose default is a parameter name) is unknown.
 * A default is only a default: the deployer may override it.
 */
export function resolveRef(template: unknown, value: unknown): Literal | undefined {
  if (isLiteral(value)) return value;
  if (!isRecord(value) || Object.keys(value).length !== 1 || typeof value.Ref !== 'string') return undefined;
  const parameter = get(template, ['Parameters', value.Ref]);
  const type = get(parameter, ['Type']);
  if (typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value')) return undefined;
  const fallback = get(parameter, ['Default']);
  return isLiteral(fallback) ? fallback : undefined;
}

export interface CfnLoadResult {
  resources: Resource[];
  errors: InputError[];
}

/**
 * Turns parsed documents into CloudFormation resources. Documents that are
 * not templates are skipped; malformed templates and entries become errors.
 */
export function cloudFormationResources(documents: ParsedDocument[], file: string): CfnLoadResult {
  const resources: Resource[] = [];
  const errors: InputError[] = [];
  for (const { value: template, positions } of documents) {
    if (!looksLikeTemplate(template)) continue;
    const error = (entry: number, message: string): void => {
      errors.push({ file, line: positionAt(positions, entry).line, message });
    };
    const collect = (entries: Record<string, unknown>, entry: number, depth: number): void => {
      const ids = Object.keys(entries);
      const children = childEntries(positions, entry, ids.length);
      ids.forEach((id, i) => {
        const value = entries[id];
        if (id.startsWith(FOR_EACH)) {
          // Fn::ForEach::Name: [identifier, collection, {logical id template: resource}]
          const fragment = get(value, [2]);
          if (isRecord(fragment) && depth < MAX_FOR_EACH_DEPTH) collect(fragment, childEntries(positions, children[i], 3)[2], depth + 1);
          else error(children[i], `CloudFormation ${id}: expected [identifier, collection, resources map]`);
        } else if (!isRecord(value)) {
          error(children[i], `CloudFormation resource ${id}: must be a map`);
        } else if (typeof value.Type !== 'string' || value.Type === '') {
          error(children[i], `CloudFormation resource ${id}: missing \`Type\` (a non-empty string)`);
        } else {
          resources.push(new CfnResource(value.Type, id, value, file, template, subTable(positions, children[i])));
        }
      });
    };
    if (isRecord(template.Resources)) collect(template.Resources, entryOf(template, positions, ['Resources']), 0);
    else if (template.Resources === undefined) error(0, 'CloudFormation template has no `Resources` section');
    else error(entryOf(template, positions, ['Resources']), 'CloudFormation template: `Resources` must be a map');
  }
  return { resources, errors };
}
