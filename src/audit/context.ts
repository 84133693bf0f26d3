// What every collector shares: the clients, the resources and errors found so
// far, and the one way to call AWS, which counts calls and turns a failed call
// into an audit error naming the permission and the rules it blocks.
import type { AwsKind } from './facts.js';
import { checksBlockedBy, type AuditAction } from './calls.js';
import type { AwsClients } from './clients.js';
import type { Limiter } from './limiter.js';
import type { AuditError, SnapshotResource } from './snapshot.js';

/** Error names that mean the identity lacks the permission. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError', 'Forbidden']);
/** Pages read from one listing at most; far beyond any real account, it stops a token that never ends. */
const MAX_PAGES = 10_000;
const MAX_MESSAGE = 300;

interface ServiceError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorName(error: unknown): string {
  return (error as ServiceError)?.name ?? 'Error';
}

function isDenied(error: unknown): boolean {
  return DENIED.has(errorName(error)) || (error as ServiceError)?.$metadata?.httpStatusCode === 403;
}

export class AuditContext {
  readonly resources: SnapshotResource[] = [];
  readonly errors: AuditError[] = [];
  /** API calls made, by action (one per page). */
  readonly calls = new Map<AuditAction, number>();

  constructor(
    readonly account: string,
    readonly partition: string,
    readonly clients: AwsClients,
    /** Bounds the per-item calls (one bucket, one key, one cluster) across the whole audit. */
    readonly perItem: Limiter,
  ) {}

  add(kind: AwsKind, name: string, region: string, value: object): void {
    this.resources.push({ kind, name, region, value: value as Record<string, unknown> });
  }

  arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region}:${this.account}:${resource}`;
  }

  /**
   * One API call. Errors named in `missing` mean "not configured" and give
   * null; any other failure is recorded and gives undefined (unknown).
   */
  async call<T>(action: AuditAction, region: string, run: () => Promise<T>, missing: readonly string[] = []): Promise<T | null | undefined> {
    this.count(action);
    try {
      return await run();
    } catch (error) {
      if (missing.includes(errorName(error))) return null;
      this.fail(action, region, error);
      return undefined;
    }
  }

  /**
   * Every page of a paginated listing, or undefined when a page failed. An
   * `optional` listing only saves other calls: its failure is not an error.
   */
  async pages<T>(action: AuditAction, region: string, pages: AsyncIterable<T>, optional = false): Promise<T[] | undefined> {
    const read: T[] = [];
    try {
      for await (const page of pages) {
        this.count(action);
        read.push(page);
        if (read.length >= MAX_PAGES) throw new Error(`stopped after ${MAX_PAGES} pages`);
      }
      return read;
    } catch (error) {
      this.count(action);
      if (!optional) this.fail(action, region, error);
      return undefined;
    }
  }

  private count(action: AuditAction): void {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
  }

  private fail(action: AuditAction, region: string, error: unknown): void {
    const text = `${errorName(error)}: ${(error as ServiceError)?.message ?? String(error)}`.replace(/\s+/g, ' ');
    const message = isDenied(error) ? `access denied, grant ${action} to the audit identity (${text})` : text;
    this.errors.push({ action, region, checks: [...checksBlockedBy(action)], message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message });
  }
}
