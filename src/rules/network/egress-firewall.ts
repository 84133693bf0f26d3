import { boolOf, isModule, itemsAt, moduleCall, moduleTrees, setting, textOf } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';
import { typeOf } from './lb-support.js';

const VPC_KINDS = ['aws_vpc', 'AWS::EC2::VPC'];
const GATEWAY_KINDS = [
  'aws_nat_gateway', 'aws_internet_gateway', 'aws_egress_only_internet_gateway',
  'AWS::EC2::NatGateway', 'AWS::EC2::InternetGateway', 'AWS::EC2::EgressOnlyInternetGateway',
];
const FIREWALL_KINDS = ['aws_networkfirewall_firewall', 'AWS::NetworkFirewall::Firewall'];

/** What in a terraform-aws-modules/vpc call creates an internet path: a NAT gateway, or public subnets with an internet gateway. */
function vpcModuleGateway(resource: Resource): KeyPath | undefined {
  if (boolOf(resource, get(resource.value, ['enable_nat_gateway'])) === true) return ['enable_nat_gateway'];
  const publicSubnets = itemsAt(resource, 'public_subnets');
  if (publicSubnets && publicSubnets.length > 0 && boolOf(resource, get(resource.value, ['create_igw'])) !== false) return ['public_subnets'];
  return undefined;
}

/** A firewall in the path: AWS Network Firewall, its module, or a Gateway Load Balancer for a third-party appliance. */
function isFirewall(resource: Resource): boolean {
  if (FIREWALL_KINDS.includes(resource.kind)) return true;
  if (moduleCall(resource)?.name === 'network-firewall') return true;
  if ((resource.kind === 'aws_lb' || resource.kind === 'AWS::ElasticLoadBalancingV2::LoadBalancer') && typeOf(resource) === 'gateway') return true;
  if (resource.kind === 'aws_vpc_endpoint') return textOf(resource, setting(resource, 'vpc_endpoint_type'))?.toLowerCase() === 'gatewayloadbalancer';
  if (resource.kind === 'AWS::EC2::VPCEndpoint') return textOf(resource, setting(resource, 'VpcEndpointType'))?.toLowerCase() === 'gatewayloadbalancer';
  return false;
}

export const egressFirewall: Rule = {
  id: 'egress-firewall',
  practice: 'NET-EGRESS-FIREWALL',
  severity: 'low',
  title: 'VPCs with internet gateways route traffic through a network firewall',
  rationale:
    'A NAT or internet gateway without a firewall lets any compromised pod or node reach any host on the internet: command-and-control, data exfiltration and downloading tools all go unnoticed. A hub with AWS Network Firewall filters egress by domain and inspects incoming traffic, and its logs show what left the VPC.',
  remediation:
    'Route the VPC\'s internet traffic through an `aws_networkfirewall_firewall` (CloudFormation `AWS::NetworkFirewall::Firewall`) with a stateful domain allow-list for egress, in the VPC or in a central inspection VPC reached over a transit gateway; if the firewall lives in a network account, suppress the finding with that reason.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model): Iterable<Report> {
    // A root module with the local child modules it calls (`source = "./modules/network"`); a plan holds its child modules already.
    for (const { unit, resources } of moduleTrees(model)) {
      const vpcModules = resources.filter((r) => isModule(r, 'vpc'));
      const vpcs = resources.filter((r) => VPC_KINDS.includes(r.kind));
      const gateway = resources.find((r) => GATEWAY_KINDS.includes(r.kind));
      const moduleGateway = vpcModules.map((m) => ({ module: m, path: vpcModuleGateway(m) })).find((g) => g.path !== undefined);
      if (!gateway && !moduleGateway) continue;
      if (vpcs.length === 0 && vpcModules.length === 0) continue;
      if (resources.some(isFirewall)) continue;
      const where = unit.input === 'cfn' ? `template ${unit.id}` : `Terraform module ${unit.id}`;
      const at: { resource: Resource; path?: KeyPath } = moduleGateway && !gateway
        ? { resource: moduleGateway.module, path: moduleGateway.path }
        : { resource: vpcs[0] ?? vpcModules[0] };
      const via = gateway ? gateway.name : `${moduleGateway!.module.name} (${moduleGateway!.path!.join('.')})`;
      yield {
        ...at,
        message: `${where} gives its VPC an internet path (${via}) but defines no AWS Network Firewall: inspect egress through a firewall (judged per module; the firewall may live in a central network account)`,
      };
    }
  },
};
