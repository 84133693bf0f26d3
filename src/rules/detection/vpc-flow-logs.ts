import { boolOf, isModule, linkTo, moduleTrees, read, sameUnit, setting, terraformReference, type Link } from '../../core/iac.js';
import type { Report, Resource, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';

/** Where each VPC-like resource may get its flow log from: the flow logs of every module tree that deploys it. */
function candidates(trees: ReturnType<typeof moduleTrees>, isVpc: (r: Resource) => boolean, isFlowLog: (r: Resource) => boolean): Map<Resource, Set<Resource>> {
  const result = new Map<Resource, Set<Resource>>();
  for (const tree of trees) {
    const flowLogs = tree.resources.filter(isFlowLog);
    for (const vpc of tree.resources.filter(isVpc)) {
      let set = result.get(vpc);
      if (!set) result.set(vpc, (set = new Set()));
      for (const f of flowLogs) set.add(f);
    }
  }
  return result;
}

function covered(links: Link[]): boolean {
  return links.includes('this') || links.includes('unknown');
}

/** How a flow log's `vpc_id` relates to a call of the VPC module: `module.<name>.vpc_id` names it. */
function moduleLink(flowLog: Resource, call: Resource): Link {
  const raw = get(flowLog.value, ['vpc_id']);
  const reference = terraformReference(raw);
  if (reference?.type === 'module') return reference.address === call.name && sameUnit(flowLog, call) ? 'this' : 'other';
  if (reference?.type === 'var') return sameUnit(flowLog, call) ? 'other' : 'unknown';
  if (reference) return ['local', 'each'].includes(reference.type) || reference.type.startsWith('data.') ? 'unknown' : 'other';
  return typeof raw === 'string' && raw.includes('${') ? 'unknown' : 'other';
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
    const terraform = candidates(trees, (r) => r.kind === 'aws_vpc', (r) => r.kind === 'aws_flow_log');
    for (const [vpc, flowLogs] of terraform) {
      if (covered([...flowLogs].map((f) => linkTo(f, setting(f, 'vpc_id'), vpc)))) continue;
      yield { resource: vpc, message: `${vpc.name} has no flow log (no aws_flow_log with vpc_id = ${vpc.name}.id), so its connections leave no record: add one` };
    }
    const modules = candidates(
      trees,
      (r) => isModule(r, 'vpc'),
      (r) => r.kind === 'aws_flow_log',
    );
    for (const [call, flowLogs] of modules) {
      const enabled = read(call, ['enable_flow_log'], boolOf);
      if (enabled === true || enabled === 'unknown') continue;
      if (covered([...flowLogs].map((f) => moduleLink(f, call)))) continue;
      yield {
        resource: call,
        path: enabled === false ? ['enable_flow_log'] : [],
        message: `${call.name} creates a VPC without flow logs (enable_flow_log is ${enabled === false ? 'false' : 'not set'}), so its connections leave no record: set enable_flow_log = true`,
      };
    }
    const cfn = candidates(trees, (r) => r.kind === 'AWS::EC2::VPC', (r) => r.kind === 'AWS::EC2::FlowLog');
    for (const [vpc, flowLogs] of cfn) {
      if (covered([...flowLogs].map((f) => linkTo(f, setting(f, 'ResourceId'), vpc)))) continue;
      yield { resource: vpc, message: `${vpc.name} has no flow log (no AWS::EC2::FlowLog with ResourceId: !Ref ${vpc.name}), so its connections leave no record: add one` };
    }
  },
};
