// IAM policy documents kept as JSON (or YAML) files: identity, trust and
// resource policies, recognised by their shape.
import type { Position, Resource } from '../../core/types.js';
import { isPolicyDocument } from '../../core/iam/policy.js';
import { locateIn, type PositionTable } from '../yaml/positions.js';
import type { ParsedDocument } from '../yaml/parse.js';

class PolicyFileResource implements Resource {
  readonly input = 'iam' as const;
  readonly kind = 'PolicyDocument';
  readonly namespace = undefined;
  readonly position: Position;

  constructor(
    readonly name: string,
    readonly value: unknown,
    readonly file: string,
    private readonly positions: PositionTable,
  ) {
    this.position = locateIn(value, positions, []);
  }

  locate(path: ReadonlyArray<string | number>): Position {
    return locateIn(this.value, this.positions, path);
  }
}

/** One resource per policy document; its name is the file's, with the document number when there are several. */
export function iamPolicyResources(documents: ParsedDocument[], file: string): Resource[] {
  const policies = documents.filter((d) => isPolicyDocument(d.value));
  return policies.map((d) => new PolicyFileResource(policies.length > 1 ? `${file}#${d.index + 1}` : file, d.value, file, d.positions));
}
