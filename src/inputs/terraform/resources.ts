// From a parsed Terraform file to the model's resources: one per resource,
// data and module block, with its documents decoded into its value.
import type { KeyPath, Position, Resource } from '../../core/types.js';
import { get } from '../../core/values.js';
import { replaceAt, type DecodeSource } from './decode.js';
import { blocksOf, type DecodedValue, type TerraformFile, type TerraformScope } from './file.js';
import { withPolicyDocument } from './policy-document.js';
import { nodeAt, type PositionNode } from './scan.js';

/** A string of the source that the resource's value holds decoded. */
export interface DecodedAttribute {
  /** Path of the decoded value within the resource's value. */
  path: KeyPath;
  from: DecodeSource;
  /** The string as written (hcl2json's form, e.g. `${jsonencode({...})}`, or the JSON text). */
  original: string;
}

/**
 * A Terraform resource, data source or module call. Its `value` is the
 * block's arguments as hcl2json gives them (nested blocks as lists of
 * objects, expressions as `"${...}"` strings, object keys in alphabetical
 * order), except that strings holding documents are replaced by the decoded
 * data (`decoded` lists those, with the original strings), and that a
 * policy-document data source has its policy, in the IAM JSON shape, under
 * `__policy` (`locate` maps its paths to the statement blocks).
 */
export class TerraformResource implements Resource {
  readonly input = 'terraform' as const;
  readonly namespace = undefined;

  constructor(
    readonly kind: string,
    readonly name: string,
    readonly value: Record<string, unknown>,
    readonly file: string,
    readonly position: Position,
    private readonly locator: (path: KeyPath) => Position,
    readonly decoded: readonly DecodedAttribute[],
    /** Variables and locals of the resource's module (its directory), for resolveReference. */
    readonly scope: TerraformScope,
  ) {}

  locate(path: KeyPath): Position {
    return this.locator(path);
  }
}

function positionOf(node: PositionNode): Position {
  return { line: node.l, column: node.c };
}

const KEY_SEPARATOR = '\u0000';

/** One resource per `resource`, `data` and `module` block of the file, in source order. */
export function terraformResources(payload: TerraformFile, file: string, moduleScope?: TerraformScope): Resource[] {
  const decodedByBlock = new Map<string, DecodedValue[]>();
  for (const entry of payload.decoded) {
    const key = entry.block.join(KEY_SEPARATOR);
    const entries = decodedByBlock.get(key);
    if (entries) entries.push(entry);
    else decodedByBlock.set(key, [entry]);
  }
  const scope: TerraformScope = moduleScope ?? { variables: payload.variables, locals: payload.locals };
  const resources: Resource[] = [];
  for (const block of blocksOf(payload.json)) {
    if (block.section === 'locals') continue;
    const [first, second] = block.labels;
    const [kind, name] =
      block.section === 'resource' ? [first, `${first}.${second}`]
      : block.section === 'data' ? [`data.${first}`, `data.${first}.${second}`]
      : ['module', `module.${first}`];
    let value: unknown = block.value;
    const decoded: DecodedAttribute[] = [];
    const copies = new Set<object>();
    for (const entry of decodedByBlock.get(block.path.join(KEY_SEPARATOR)) ?? []) {
      const original = get(block.value, entry.path);
      if (typeof original !== 'string') continue;
      value = replaceAt(value, entry.path, entry.value, copies);
      decoded.push({ path: entry.path, from: entry.from, original });
    }
    const node = nodeAt(payload.positions, block.path);
    const withPolicy = withPolicyDocument(kind, value as Record<string, unknown>);
    const locate = (path: KeyPath): Position => positionOf(nodeAt(node, withPolicy.sourcePath(path)));
    resources.push(new TerraformResource(kind, name, withPolicy.value, file, positionOf(node), locate, decoded, scope));
  }
  // hcl2json orders labels alphabetically; resources are listed in source order.
  return resources.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}
