// Reads an account into a snapshot: who we are, which regions, then the
// account-wide collectors and every region's, regions in parallel under a
// bound. A failed call is an audit error, never the end of the audit; only
// not knowing the account (no credentials) stops it.
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AuditAction } from './calls.js';
import type { AwsClients } from './clients.js';
import { collectAccount } from './collectors/account.js';
import { collectDetection } from './collectors/detection.js';
import { collectClusters } from './collectors/eks.js';
import { collectKeys } from './collectors/kms.js';
import { collectNetwork } from './collectors/network.js';
import { collectBuckets } from './collectors/s3.js';
import { AuditContext, errorName } from './context.js';
import { limiter } from './limiter.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './snapshot.js';

export interface CollectOptions {
  clients: AwsClients;
  /** Regions to audit; default: the account's enabled regions. */
  regions?: string[];
  /** Regions audited at once. */
  regionConcurrency: number;
  /** Per-item calls (bucket, key, cluster, web ACL) in flight at once, across regions. */
  itemConcurrency: number;
  /** Told when a region finishes. */
  onProgress?: (done: number, total: number, calls: number) => void;
  /** Wait between polls for the credential report. */
  reportPollMs?: number;
}

export interface Collected {
  snapshot: Snapshot;
  calls: Map<AuditAction, number>;
}

/** The audit cannot start: no credentials, or the account cannot be identified. */
export class AuditStartError extends Error {}

export async function collect(options: CollectOptions): Promise<Collected> {
  const { clients } = options;
  const home = clients.options.homeRegion;
  let identity;
  try {
    identity = await clients.sts().send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new AuditStartError(`cannot identify the AWS account (${errorName(error)}: ${(error as Error).message}); check the credentials, --profile or --role-arn`);
  }
  const account = identity.Account ?? '';
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  const ctx = new AuditContext(account, partition, clients, limiter(options.itemConcurrency));
  ctx.calls.set('sts:GetCallerIdentity', 1);

  let regions = options.regions;
  if (!regions) {
    const listed = await ctx.call('ec2:DescribeRegions', home, () => clients.ec2(home).send(new DescribeRegionsCommand({ AllRegions: false })));
    if (!listed) throw new AuditStartError(`cannot list the enabled regions (${ctx.errors.at(-1)?.message ?? 'unknown error'}); grant ec2:DescribeRegions or pass --regions`);
    regions = (listed.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  }

  let done = 0;
  const trailsSeen = new Set<string>();
  const total = regions.length;
  const regional = limiter(options.regionConcurrency);
  const calls = (): number => [...ctx.calls.values()].reduce((a, b) => a + b, 0);
  await Promise.all([
    collectAccount(ctx, options.reportPollMs),
    collectBuckets(ctx, regions, home),
    ...regions.map((region) =>
      regional(async () => {
        await Promise.all([collectNetwork(ctx, region), collectDetection(ctx, region, trailsSeen), collectKeys(ctx, region), collectClusters(ctx, region)]);
        options.onProgress?.(++done, total, calls());
      }),
    ),
  ]);

  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    snapshot: {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      account,
      partition,
      collectedAt: new Date().toISOString(),
      regions,
      // Collectors finish in any order: sort so that snapshots of the same account compare equal.
      resources: ctx.resources.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : byName(a, b))),
      errors: ctx.errors.sort((a, b) => (a.region + a.action < b.region + b.action ? -1 : 1)),
    },
    calls: ctx.calls,
  };
}
