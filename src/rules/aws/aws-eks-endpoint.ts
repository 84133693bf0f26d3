import { KIND, type ClusterFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf, OPEN_CIDRS, shortList } from './support.js';

export const awsEksEndpoint: Rule = {
  id: 'aws-eks-endpoint',
  practice: 'NET-EKS-PRIVATE-ENDPOINT',
  severity: 'high',
  title: 'The EKS API endpoint is private or restricted to trusted CIDRs',
  rationale:
    'A public Kubernetes API endpoint open to 0.0.0.0/0 lets anyone on the internet reach the API server: leaked kubeconfigs, stolen IAM credentials and the next API-server vulnerability are usable from anywhere.',
  remediation:
    'Turn on private access and turn off public access (`aws eks update-cluster-config --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`), reaching the API through a VPN, bastion or in-VPC runners; if a public endpoint is needed, list only trusted ranges in publicAccessCidrs.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const cluster = factsOf<ClusterFacts>(resource, KIND.cluster);
    if (!cluster || !cluster.endpointPublicAccess) return;
    const open = cluster.publicAccessCidrs.filter((c) => OPEN_CIDRS.has(c));
    if (open.length > 0 || cluster.publicAccessCidrs.length === 0) {
      yield { message: `EKS cluster ${cluster.name} has a public API endpoint open to ${open.length > 0 ? open.join(' and ') : '0.0.0.0/0'}: make it private or list only trusted CIDRs` };
    } else {
      yield { severity: 'low', message: `EKS cluster ${cluster.name} has a public API endpoint, restricted to ${shortList(cluster.publicAccessCidrs)}: prefer a private endpoint reached from inside the VPC` };
    }
  },
};
