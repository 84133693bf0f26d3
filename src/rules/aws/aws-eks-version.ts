import { KIND, type ClusterFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { EKS_VERSIONS, eksVersionLag } from '../../data/eks-versions.js';
import { factsOf } from './support.js';

export const awsEksVersion: Rule = {
  id: 'aws-eks-version',
  practice: 'CLU-VERSION-CURRENT',
  severity: 'medium',
  title: 'EKS clusters run a current Kubernetes version',
  rationale:
    'EKS supports a Kubernetes minor version for 14 months, then for 12 more at an extra charge, and then upgrades the cluster itself. A cluster several versions behind misses security fixes and faces a multi-step upgrade under time pressure.',
  remediation: `Upgrade one minor version at a time towards ${EKS_VERSIONS.latest} (the newest EKS version as of ${EKS_VERSIONS.asOf}) after checking removed APIs with the EKS upgrade insights, then upgrade node groups and add-ons.`,
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const cluster = factsOf<ClusterFacts>(resource, KIND.cluster);
    const lag = cluster ? eksVersionLag(cluster.version) : undefined;
    if (!cluster || !lag) return;
    const asOf = `as of ${EKS_VERSIONS.asOf}`;
    const what = `EKS cluster ${cluster.name} runs Kubernetes ${cluster.version}`;
    if (lag.support === 'standard') {
      yield { message: `${what}, ${lag.behind} minor versions behind ${EKS_VERSIONS.latest} (${asOf}): upgrade to within one minor version of it` };
    } else if (lag.support === 'extended') {
      const ends = lag.endOfExtendedSupport;
      yield { message: `${what}, past standard support and in paid extended support${ends ? ` until ${ends}` : ''} (${asOf}): upgrade towards ${EKS_VERSIONS.latest}` };
    } else {
      yield { severity: 'high', message: `${what}, which is out of all EKS support (${asOf}): upgrade towards ${EKS_VERSIONS.latest}` };
    }
  },
};
