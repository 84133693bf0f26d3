import { KIND, type VpcFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsVpcFlowLogs: Rule = {
  id: 'aws-vpc-flow-logs',
  practice: 'NET-FLOW-LOGS',
  severity: 'medium',
  title: 'Every VPC has an active flow log',
  rationale:
    'Flow logs are the only record of which addresses talked to which in a VPC: without them an exfiltration, a scan from a compromised pod or a connection to a command-and-control host cannot be seen or investigated, and GuardDuty findings cannot be traced to their source.',
  remediation:
    'Create a flow log for the VPC (`aws ec2 create-flow-logs --resource-type VPC --traffic-type ALL`) to CloudWatch Logs or S3 with a retention that matches the incident-response window; delete default VPCs that are not used.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const vpc = factsOf<VpcFacts>(resource, KIND.vpc);
    if (!vpc || vpc.flowLogs === undefined) return;
    const active = vpc.flowLogs.filter((f) => f.status === 'ACTIVE');
    if (active.length === 0) {
      yield {
        // An unused default VPC is less of a blind spot than a workload VPC.
        severity: vpc.isDefault ? 'low' : 'medium',
        message: `${vpc.isDefault ? 'default ' : ''}VPC ${vpc.vpcId}${vpc.tags.Name ? ` (${vpc.tags.Name})` : ''} has no active flow log${vpc.flowLogs.length > 0 ? ` (${vpc.flowLogs.length} not active)` : ''}: create one for ALL traffic${vpc.isDefault ? ', or delete the default VPC if unused' : ''}`,
      };
    } else if (!active.some((f) => f.trafficType === 'ALL')) {
      yield { severity: 'low', message: `VPC ${vpc.vpcId} logs only ${active.map((f) => f.trafficType).join(', ')} traffic: log ALL so accepted connections are recorded too` };
    }
  },
};
