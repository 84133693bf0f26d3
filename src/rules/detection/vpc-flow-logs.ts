import { boolOf, isModule, LinkSources, linkSpec, moduleTrees, read, setting, type ModuleTree } from '../../core/iac.js';
import type { Report, Resource, Rule } from '../../core/types.js';

/**
 * Whether each VPC-like resource may get its flow log: for every module tree
 * that deploys it, the flow logs of that tree whose `field` names it, or may.
 */
function coverage(trees: ModuleTree[], isVpc: (r: Resource) => boolean, isFlowLog: (r: Resource) => boolean, field: string): Map<Resource, boolean> {
  const result = new Map<Resource, boolean>();
  for (const tree of trees) {
    const flowLogs = new LinkSources<Resource>();
    for (const f of tree.resources) if (isFlowLog(f)) flowLogs.add(f, linkSpec(f, setting(f, field)));
    for (const vpc of tree.resources) {
      if (!isVpc(vpc)) continue;
      result.set(vpc, (result.get(vpc) ?? false) || flowLogs.reaches(vpc));
    }
  }
  return result;
}

export const vpcFlowLogs: Rule = {
  id: 'vpc-flow-logs',
  practice: 'NET-FLOW-LOGS',
  severity: 'medium',
  title: 'Every VPC has flow logs',
  rationale:
    'VPC flow logs record every connection accepted or rejected in the VPC: they show a compromised pod talking to a mining pool or exfiltrating to an unknown address, and GuardDuty reads them too. They cannot be turned on after the fact for an incident that already happened. Unlike the account-level services this is judged per VPC, at the VPC.',
  remediation:
    'Terraform: `resource "aws_flow_log" "main" { vpc_id = aws_vpc.main.id, traffic_type = "ALL", log_destination_type = "cloud-watch-logs", log_destination = aws_cloudwatch_log_group.flow.arn, iam_role_arn = aws_iam_role.flow.arn }`, or `enable_flow_log = true` on the terraform-aws-modules/vpc module. CloudFormation: `AWS::EC2::FlowLog` with `ResourceId: !Ref Vpc`, `ResourceType: VPC`, `TrafficType: ALL`.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model): Iterable<Report> {
    const trees = moduleTrees(model);
    const terraform = coverage(trees, (r) => r.kind === 'aws_vpc', (r) => r.kind === 'aws_flow_log', 'vpc_id');
    for (const [vpc, covered] of terraform) {
      if (covered) continue;
      yield { resource: vpc, message: `${vpc.name} has no flow log (no aws_flow_log with vpc_id = ${vpc.name}.id), so its connections leave no record: add one` };
    }
    // A flow log's `vpc_id = module.<name>.vpc_id` names the module call.
    const modules = coverage(trees, (r) => isModule(r, 'vpc'), (r) => r.kind === 'aws_flow_log', 'vpc_id');
    for (const [call, covered] of modules) {
      const enabled = read(call, ['enable_flow_log'], boolOf);
      if (enabled === true || enabled === 'unknown') continue;
      if (covered) continue;
      yield {
        resource: call,
        path: enabled === false ? ['enable_flow_log'] : [],
        message: `${call.name} creates a VPC without flow logs (enable_flow_log is ${enabled === false ? 'false' : 'not set'}), so its connections leave no record: set enable_flow_log = true`,
      };
    }
    const cfn = coverage(trees, (r) => r.kind === 'AWS::EC2::VPC', (r) => r.kind === 'AWS::EC2::FlowLog', 'ResourceId');
    for (const [vpc, covered] of cfn) {
      if (covered) continue;
      yield { resource: vpc, message: `${vpc.name} has no flow log (no AWS::EC2::FlowLog with ResourceId: !Ref ${vpc.name}), so its connections leave no record: add one` };
    }
  },
};
