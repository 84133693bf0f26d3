import type { IamIndex } from './iam/actions.js';

// The model every front end shares: resources with their source positions,
// rules as pure functions over them, and the findings they produce.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which kind of input a resource came from; rules declare which they read. */
/** `live-aws` resources are read from an account by `guardrail audit aws`, not from files. */
export type InputKind = 'k8s' | 'iam' | 'terraform' | 'cfn' | 'dockerfile' | 'live-aws';

/** A key path into a resource's value: map keys and sequence indexes. */
export type KeyPath = ReadonlyArray<string | number>;

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export interface ResourceRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Resource extends ResourceRef {
  input: InputKind;
  apiVersion?: string;
  /** The resource as plain data (JSON-like). */
  value: unknown;
  file: string;
  /** Position of the resource itself (its document or block). */
  position: Position;
  /** Position of the key at `path`, or of its nearest existing ancestor. */
  locate(path: KeyPath): Position;
}

export interface Finding {
  rule: string;
  practice: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  resource: ResourceRef;
  /** Where in the resource the finding points; used to match baselines. */
  path: string;
  suppressed: boolean;
  suppression: Suppression | null;
}

export interface Suppression {
  kind: 'annotation' | 'comment' | 'config' | 'baseline';
  reason: string;
  until?: string;
}

export interface InputError {
  file: string;
  line?: number;
  message: string;
}

/** What a rule hands back; the engine adds location and resource. */
export interface Report {
  message: string;
  /** Path of the offending key within `resource` (default: the resource itself). */
  path?: KeyPath;
  /** The resource the finding belongs to (default: the one checked). */
  resource?: Resource;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
}

export interface RuleMeta {
  /** Stable kebab-case identifier, unique across rules. */
  id: string;
  /** Catalog practice the rule enforces. */
  practice: string;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  /** Inputs the rule reads. */
  inputs: InputKind[];
}

export interface Model {
  readonly resources: readonly Resource[];
  /** AWS service-authorization data, present when the scan holds IAM policies. */
  readonly iam?: IamIndex;
  /** Resources by kind (exact, case-sensitive kind name). */
  ofKind(kind: string): readonly Resource[];
  /** Looks up a namespaced (or cluster-scoped when namespace is undefined) resource. */
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  /**
   * Like `find`, but when either side leaves the namespace unset (Helm and
   * kustomize output often does) a resource of that name matches too; an
   * exact match is preferred.
   */
  findNear(kind: string, namespace: string | undefined, name: string): Resource | undefined;
}

/**
 * A rule checks either one resource at a time (`check`) or the whole model
 * (`checkModel`, for cross-resource checks). Rules are pure: no I/O, no state.
 */
export interface Rule extends RuleMeta {
  check?(resource: Resource, model: Model): Iterable<Report>;
  checkModel?(model: Model): Iterable<Report>;
}
