// What an audit collected, as JSON: `--save-snapshot` writes it, `--snapshot`
// re-runs the rules on it without AWS, and rule fixtures are snapshots too.
import type { InputError, Position, Resource } from '../core/types.js';
import { isRecord } from '../core/values.js';
import { KIND } from './facts.js';

export const SNAPSHOT_FORMAT = 'guardrail-aws-snapshot';
export const SNAPSHOT_VERSION = 1;
/** Snapshots are read whole; a real account's is a few megabytes. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

export interface SnapshotResource {
  kind: string;
  /** The ARN, or the region name for the region itself. */
  name: string;
  /** A region, or `global` for account-wide resources. */
  region: string;
  value: Record<string, unknown>;
}

/** A call that failed: the checks it feeds could not be made. */
export interface AuditError {
  action: string;
  region: string;
  /** Rules that could not judge (fully) because of it. */
  checks: string[];
  message: string;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  account: string;
  partition: string;
  collectedAt: string;
  regions: string[];
  resources: SnapshotResource[];
  errors: AuditError[];
}

export const GLOBAL = 'global';
const KINDS = new Set<string>(Object.values(KIND));
const START: Position = { line: 1, column: 1 };

/** The location findings name: account and region. */
export function locationOf(account: string, region: string): string {
  return `aws://${account}/${region}`;
}

export function toResources(snapshot: Snapshot): Resource[] {
  return snapshot.resources.map((r) => ({
    input: 'live-aws',
    kind: r.kind,
    name: r.name,
    value: r.value,
    file: locationOf(snapshot.account, r.region),
    position: START,
    locate: () => START,
  }));
}

export function toInputErrors(snapshot: Snapshot): InputError[] {
  return snapshot.errors.map((e) => ({
    file: locationOf(snapshot.account, e.region),
    message: `${e.action} failed (${e.message}); not checked${e.checks.length > 0 ? `: ${e.checks.join(', ')}` : ''}`,
  }));
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION_NAME = /^(?:global|[a-z]{2}(?:-[a-z]+)+-\d{1,2})$/;

/** Reads a snapshot, checking its shape; throws with the first problem found. */
export function parseSnapshot(text: string): Snapshot {
  if (text.length > MAX_SNAPSHOT_BYTES) throw new Error(`snapshot is over the ${MAX_SNAPSHOT_BYTES} byte limit`);
  const data: unknown = JSON.parse(text);
  if (!isRecord(data) || data.format !== SNAPSHOT_FORMAT) throw new Error(`not a guardrail AWS snapshot (format is not "${SNAPSHOT_FORMAT}")`);
  if (data.version !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${String(data.version)} (expected ${SNAPSHOT_VERSION})`);
  const account = data.account;
  if (typeof account !== 'string' || !ACCOUNT_ID.test(account)) throw new Error('snapshot account must be a 12-digit account id');
  const regions = stringList(data.regions, 'regions');
  const bad = regions.find((r) => !REGION_NAME.test(r));
  if (bad !== undefined) throw new Error(`snapshot region ${JSON.stringify(bad)} is not a region name`);
  if (!Array.isArray(data.resources)) throw new Error('snapshot resources must be a list');
  const resources = data.resources.map((r, i): SnapshotResource => {
    const where = `snapshot resources[${i}]`;
    if (!isRecord(r) || typeof r.kind !== 'string' || typeof r.name !== 'string' || typeof r.region !== 'string' || !isRecord(r.value)) {
      throw new Error(`${where} must have kind, name, region and a value object`);
    }
    if (!KINDS.has(r.kind)) throw new Error(`${where} has unknown kind ${JSON.stringify(r.kind.slice(0, 80))}`);
    if (!REGION_NAME.test(r.region)) throw new Error(`${where} region ${JSON.stringify(r.region.slice(0, 80))} is not a region name`);
    return { kind: r.kind, name: r.name, region: r.region, value: r.value };
  });
  const errors = (Array.isArray(data.errors) ? data.errors : []).map((e, i): AuditError => {
    if (!isRecord(e) || typeof e.action !== 'string' || typeof e.region !== 'string' || typeof e.message !== 'string') {
      throw new Error(`snapshot errors[${i}] must have action, region and message`);
    }
    if (!REGION_NAME.test(e.region)) throw new Error(`snapshot errors[${i}] region is not a region name`);
    return { action: e.action, region: e.region, checks: stringList(e.checks ?? [], `errors[${i}].checks`), message: e.message };
  });
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    account,
    partition: typeof data.partition === 'string' ? data.partition : 'aws',
    collectedAt: typeof data.collectedAt === 'string' ? data.collectedAt : '',
    regions,
    resources,
    errors,
  };
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`snapshot ${name} must be a list of strings`);
  return value;
}
