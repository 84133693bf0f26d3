// Per region: the detection services that must be on (GuardDuty, Security
// Hub, Inspector, Access Analyzer) and the CloudTrail trails that record it.
import { paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand } from '@aws-sdk/client-inspector2';
import { DescribeHubCommand, paginateGetEnabledStandards } from '@aws-sdk/client-securityhub';
import { KIND, type RegionFacts, type TrailFacts } from '../facts.js';
import type { AuditContext } from '../context.js';

/** Standards subscriptions that count as enabled. */
const SUBSCRIBED = new Set(['READY', 'PENDING', 'INCOMPLETE']);

export async function collectDetection(ctx: AuditContext, region: string, trailsSeen: Set<string>): Promise<void> {
  const [guardDutyFacts, securityHubFacts, inspectorFacts, analyzers, trailArns] = await Promise.all([
    guardDuty(ctx, region),
    securityHub(ctx, region),
    inspector(ctx, region),
    ctx.pages('access-analyzer:ListAnalyzers', region, paginateListAnalyzers({ client: ctx.clients.accessanalyzer(region) }, {})),
    trails(ctx, region, trailsSeen),
  ]);
  // Unknown facts stay absent, so that no rule reads them as "off".
  const facts: RegionFacts = { region };
  if (guardDutyFacts !== undefined) facts.guardDuty = guardDutyFacts;
  if (securityHubFacts !== undefined) facts.securityHub = securityHubFacts;
  if (inspectorFacts !== undefined) facts.inspector = inspectorFacts;
  if (analyzers) facts.accessAnalyzers = analyzers.flatMap((p) => p.analyzers ?? []).map((a) => ({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' }));
  if (trailArns) facts.trails = trailArns;
  ctx.add(KIND.region, region, region, facts);
}

async function guardDuty(ctx: AuditContext, region: string): Promise<RegionFacts['guardDuty']> {
  const client = ctx.clients.guardduty(region);
  const pages = await ctx.pages('guardduty:ListDetectors', region, paginateListDetectors({ client }, {}));
  if (!pages) return undefined;
  const detectorId = pages.flatMap((p) => p.DetectorIds ?? [])[0];
  if (detectorId === undefined) return null;
  const detector = await ctx.call('guardduty:GetDetector', region, () => client.send(new GetDetectorCommand({ DetectorId: detectorId })));
  if (!detector) return undefined;
  const features = Object.fromEntries((detector.Features ?? []).map((f) => [f.Name ?? '', f.Status ?? '']));
  return { detectorId, status: detector.Status ?? '', features };
}

async function securityHub(ctx: AuditContext, region: string): Promise<RegionFacts['securityHub']> {
  const client = ctx.clients.securityhub(region);
  // A region where Security Hub was never enabled answers InvalidAccessException ("not subscribed").
  const hub = await ctx.call('securityhub:DescribeHub', region, () => client.send(new DescribeHubCommand({})), ['InvalidAccessException', 'ResourceNotFoundException']);
  if (hub === undefined) return undefined;
  if (hub === null) return null;
  const pages = await ctx.pages('securityhub:GetEnabledStandards', region, paginateGetEnabledStandards({ client }, {}));
  if (!pages) return undefined;
  const standards = pages.flatMap((p) => p.StandardsSubscriptions ?? []).filter((s) => SUBSCRIBED.has(s.StandardsStatus ?? ''));
  return { standards: standards.map((s) => s.StandardsArn ?? '') };
}

async function inspector(ctx: AuditContext, region: string): Promise<RegionFacts['inspector']> {
  const status = await ctx.call('inspector2:BatchGetAccountStatus', region, () =>
    ctx.clients.inspector2(region).send(new BatchGetAccountStatusCommand({ accountIds: [ctx.account] })),
  );
  if (!status) return undefined;
  const state = status.accounts?.find((a) => a.accountId === ctx.account);
  if (!state) return undefined;
  if (state.state?.status === 'DISABLED') return null;
  return Object.fromEntries(Object.entries(state.resourceState ?? {}).map(([type, s]) => [type, (s as { status?: string } | undefined)?.status ?? '']));
}

/** ARNs of the trails that apply to the region; each trail is described once, by the first region that sees it. */
async function trails(ctx: AuditContext, region: string, seen: Set<string>): Promise<string[] | undefined> {
  const client = ctx.clients.cloudtrail(region);
  const listed = await ctx.call('cloudtrail:DescribeTrails', region, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  if (!listed) return undefined;
  const list = listed.trailList ?? [];
  await Promise.all(
    list.map(async (trail) => {
      const arn = trail.TrailARN ?? '';
      if (seen.has(arn)) return;
      seen.add(arn);
      const facts: TrailFacts = {
        name: trail.Name ?? '',
        arn,
        homeRegion: trail.HomeRegion ?? region,
        multiRegion: trail.IsMultiRegionTrail === true,
        organizationTrail: trail.IsOrganizationTrail === true,
        logFileValidation: trail.LogFileValidationEnabled === true,
        ...(trail.KmsKeyId ? { kmsKeyId: trail.KmsKeyId } : {}),
      };
      // A shadow trail's status is asked for by ARN, from any region it applies to.
      const status = await ctx.perItem(() => ctx.call('cloudtrail:GetTrailStatus', region, () => client.send(new GetTrailStatusCommand({ Name: arn }))));
      if (status) facts.logging = status.IsLogging === true;
      ctx.add(KIND.trail, arn, facts.homeRegion, facts);
    }),
  );
  return list.map((t) => t.TrailARN ?? '');
}
