import { KIND, type ClusterFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

const REQUIRED = ['api', 'audit', 'authenticator'];

export const awsEksControlPlaneLogs: Rule = {
  id: 'aws-eks-control-plane-logs',
  practice: 'DET-EKS-AUDIT-LOGS',
  severity: 'medium',
  title: 'EKS control-plane audit, API and authenticator logs are on',
  rationale:
    'The Kubernetes audit log is the only record of who read secrets, created pods or changed RBAC, and the authenticator log ties Kubernetes users to IAM identities. EKS writes neither unless the log types are enabled.',
  remediation: 'Enable the api, audit and authenticator log types (and controllerManager, scheduler if wanted): `aws eks update-cluster-config --logging \'{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}\'`, and set a retention on the log group.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const cluster = factsOf<ClusterFacts>(resource, KIND.cluster);
    if (!cluster) return;
    const missing = REQUIRED.filter((t) => !cluster.logTypes.includes(t));
    if (missing.length === 0) return;
    yield {
      severity: missing.includes('audit') ? 'medium' : 'low',
      message: `EKS cluster ${cluster.name} does not send its ${missing.join(', ')} control-plane log${missing.length > 1 ? 's' : ''} to CloudWatch: enable ${missing.length > 1 ? 'them' : 'it'}`,
    };
  },
};
