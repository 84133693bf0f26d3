// Per region: EKS clusters. ListClusters gives only names and EKS has no
// batch describe, so each cluster is described.
import { DescribeClusterCommand, paginateListClusters } from '@aws-sdk/client-eks';
import { KIND, type ClusterFacts } from '../facts.js';
import type { AuditContext } from '../context.js';

export async function collectClusters(ctx: AuditContext, region: string): Promise<void> {
  const eks = ctx.clients.eks(region);
  const pages = await ctx.pages('eks:ListClusters', region, paginateListClusters({ client: eks, pageSize: 100 }, {}));
  if (!pages) return;
  await Promise.all(
    pages.flatMap((p) => p.clusters ?? []).map(async (name) => {
      const described = await ctx.perItem(() => ctx.call('eks:DescribeCluster', region, () => eks.send(new DescribeClusterCommand({ name }))));
      const cluster = described?.cluster;
      if (!cluster) return;
      const vpc = cluster.resourcesVpcConfig ?? {};
      const facts: ClusterFacts = {
        name: cluster.name ?? name,
        version: cluster.version ?? '',
        endpointPublicAccess: vpc.endpointPublicAccess !== false,
        endpointPrivateAccess: vpc.endpointPrivateAccess === true,
        publicAccessCidrs: vpc.publicAccessCidrs ?? [],
        logTypes: (cluster.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []),
        secretsKeyArn: cluster.encryptionConfig?.find((c) => c.resources?.includes('secrets'))?.provider?.keyArn ?? null,
        tags: cluster.tags ?? {},
      };
      ctx.add(KIND.cluster, cluster.arn ?? ctx.arn('eks', region, `cluster/${name}`), region, facts);
    }),
  );
}
