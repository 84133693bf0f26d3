// An object from an admission request as a Resource the rules can judge. A
// review carries JSON without source positions, so every finding points at
// line 1 of the object, which `file` names as Kind/namespace/name. What tools
// and the API server add to an object (managedFields, kubectl's copy of the
// applied manifest) is left out: the scan never sees it in a manifest, its
// values repeat the object's own, and judging it twice costs a third of a review.
import { isClusterScoped } from '../inputs/k8s/resources.js';
import type { KeyPath, Position, Resource } from '../core/types.js';
import { isRecord, record, str } from '../core/values.js';
import type { AdmissionRequest } from './review.js';

const START: Position = { line: 1, column: 1 };

export class AdmissionObject implements Resource {
  readonly input = 'k8s' as const;
  readonly position = START;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly file: string;

  readonly value: Record<string, unknown>;

  constructor(object: Record<string, unknown>, request: AdmissionRequest) {
    this.value = withoutToolMetadata(object);
    const metadata = record(object.metadata);
    this.kind = str(object.kind) ?? request.kind.kind;
    this.apiVersion = str(object.apiVersion) ?? [request.kind.group, request.kind.version].filter(Boolean).join('/');
    this.name = str(metadata.name) ?? request.name ?? str(metadata.generateName) ?? '';
    // The request's namespace is authoritative: a CREATE may leave metadata.namespace unset.
    this.namespace = isClusterScoped(this.kind, this.apiVersion) ? undefined : (request.namespace || str(metadata.namespace));
    this.file = this.namespace ? `${this.kind}/${this.namespace}/${this.name}` : `${this.kind}/${this.name}`;
  }

  locate(_path: KeyPath): Position {
    return START;
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutToolMetadata(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata;
  if (!isRecord(metadata)) return object;
  const annotations = metadata.annotations;
  const lastApplied = isRecord(annotations) && LAST_APPLIED in annotations;
  if (!lastApplied && !('managedFields' in metadata)) return object;
  const { managedFields: _managed, ...rest } = metadata;
  if (lastApplied) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    rest.annotations = others;
  }
  return { ...object, metadata: rest };
}
