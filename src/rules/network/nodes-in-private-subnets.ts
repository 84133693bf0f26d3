import {
  at, blockAt, blocksAt, boolOf, derived, describe, isExpression, mapEntries, moduleCall, referencedResources, referencesOf, referrers,
  setting, textOf,
} from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';
import { selfManaged } from '../cluster/eks-managed-node-groups.js';

const SUBNET_KINDS = ['aws_subnet', 'AWS::EC2::Subnet'];
const ROUTE_TABLE_KINDS = ['aws_route_table', 'AWS::EC2::RouteTable'];
const GATEWAY_KINDS = ['aws_internet_gateway', 'AWS::EC2::InternetGateway'];
const DEFAULT_ROUTE = new Set(['0.0.0.0/0', '::/0']);

/** A reference whose own name says it is public: `module.vpc.public_subnets`, `var.public_subnet_ids`, `PublicSubnetA`. */
const PUBLIC_NAME = /public/i;
const NOT_PUBLIC_NAME = /non[-_]?public|private/i;

function isDefaultRoute(resource: Resource, value: unknown): boolean {
  const text = textOf(resource, value);
  return text !== undefined && DEFAULT_ROUTE.has(text.trim());
}

function isInternetGateway(model: Model, resource: Resource, value: unknown): boolean {
  const text = textOf(resource, value);
  if (text !== undefined && text.trim().startsWith('igw-')) return true;
  return referencedResources(model, resource, value, ...GATEWAY_KINDS).length > 0;
}

const ROUTE_KINDS = ['aws_route', 'AWS::EC2::Route'];
const ASSOCIATION_KINDS = ['aws_route_table_association', 'AWS::EC2::SubnetRouteTableAssociation'];

/** Whether a route table sends the default route to an internet gateway (judged once per table). */
function routesToInternet(model: Model, table: Resource): boolean {
  const judged = derived(model, 'nodes-in-private-subnets\u0000routes', () => new Map<Resource, boolean>());
  let result = judged.get(table);
  if (result === undefined) judged.set(table, (result = judgeRoutes(model, table)));
  return result;
}

function judgeRoutes(model: Model, table: Resource): boolean {
  if (table.input === 'terraform') {
    for (const route of blocksAt(table, 'route')) {
      const destination = route.value.cidr_block ?? route.value.ipv6_cidr_block;
      if (isDefaultRoute(table, destination) && isInternetGateway(model, table, route.value.gateway_id)) return true;
    }
  }
  for (const route of referrers(model, table, ROUTE_KINDS, { terraform: ['route_table_id'], cfn: ['RouteTableId'] })) {
    const cfn = route.input === 'cfn';
    const destination = setting(route, cfn ? 'DestinationCidrBlock' : 'destination_cidr_block') ?? setting(route, cfn ? 'DestinationIpv6CidrBlock' : 'destination_ipv6_cidr_block');
    if (isDefaultRoute(route, destination) && isInternetGateway(model, route, setting(route, cfn ? 'GatewayId' : 'gateway_id'))) return true;
  }
  return false;
}

/** What makes a subnet of the scan public, if anything does. */
function publicFact(model: Model, subnet: Resource): string | undefined {
  const cfn = subnet.input === 'cfn';
  if (boolOf(subnet, setting(subnet, cfn ? 'MapPublicIpOnLaunch' : 'map_public_ip_on_launch')) === true) {
    return `assigns public IPs on launch (${cfn ? 'MapPublicIpOnLaunch' : 'map_public_ip_on_launch'} = true)`;
  }
  for (const association of referrers(model, subnet, ASSOCIATION_KINDS, { terraform: ['subnet_id'], cfn: ['SubnetId'] })) {
    const acfn = association.input === 'cfn';
    const tables = referencedResources(model, association, setting(association, acfn ? 'RouteTableId' : 'route_table_id'), ...ROUTE_TABLE_KINDS);
    if (tables.some((t) => routesToInternet(model, t))) return 'routes 0.0.0.0/0 to an internet gateway';
  }
  return undefined;
}

interface SubnetSetting {
  value: unknown;
  path: KeyPath;
}

/** Each element of a subnet list (or the whole list when it is one expression). */
function subnetItems(resource: Resource, path: KeyPath): SubnetSetting[] {
  const value = get(resource.value, at(resource, ...path));
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, path: at(resource, ...path, i) }));
  // One expression or parameter for the whole list: judged by what it refers to.
  return [{ value, path: at(resource, ...path) }];
}

function* judgeSubnets(model: Model, resource: Resource, path: KeyPath, what: string): Iterable<Report> {
  for (const item of subnetItems(resource, path)) {
    if (typeof item.value === 'string' && !isExpression(item.value)) continue; // subnet-0abc…: unknown
    const subnets = referencedResources(model, resource, item.value, ...SUBNET_KINDS);
    const facts = subnets.map((s) => ({ subnet: s, fact: publicFact(model, s) })).filter((f) => f.fact !== undefined);
    if (facts.length > 0) {
      const first = facts[0];
      yield {
        path: item.path,
        message: `${what} uses subnet ${describe(first.subnet)}, which ${first.fact}: place nodes and cluster interfaces in private subnets and keep only load balancers in public ones`,
      };
      continue;
    }
    const named = referencesOf(resource, item.value).filter((name) => PUBLIC_NAME.test(name) && !NOT_PUBLIC_NAME.test(name));
    if (named.length > 0) {
      yield {
        path: item.path,
        message: `${what} uses ${named.join(', ')}, judged public from the reference's name alone: place nodes and cluster interfaces in private subnets`,
      };
    }
  }
}

function* moduleSubnets(model: Model, resource: Resource): Iterable<Report> {
  const call = moduleCall(resource);
  if (!call || call.name !== 'eks') return;
  const what = `${resource.name}`;
  if (call.submodule === 'modules/eks-managed-node-group' || call.submodule === 'modules/self-managed-node-group') {
    yield* judgeSubnets(model, resource, ['subnet_ids'], `${what} node group`);
    return;
  }
  if (call.submodule !== '') return;
  yield* judgeSubnets(model, resource, ['subnet_ids'], what);
  yield* judgeSubnets(model, resource, ['control_plane_subnet_ids'], `${what} control plane`);
  for (const key of ['eks_managed_node_group_defaults', 'self_managed_node_group_defaults']) {
    if (isRecord(get(resource.value, [key]))) yield* judgeSubnets(model, resource, [key, 'subnet_ids'], `${what} ${key}`);
  }
  for (const key of ['eks_managed_node_groups', 'self_managed_node_groups']) {
    for (const group of mapEntries(resource, key)) yield* judgeSubnets(model, resource, [...group.path, 'subnet_ids'], `${what} node group "${group.name}"`);
  }
}

export const nodesInPrivateSubnets: Rule = {
  id: 'nodes-in-private-subnets',
  practice: 'NET-PRIVATE-NODES',
  severity: 'high',
  title: 'EKS nodes and cluster interfaces run in private subnets',
  rationale:
    'A node in a public subnet gets a public IP and a route from the internet: every open port on it (kubelet, NodePorts, SSH) is one security-group mistake away from the whole internet, and pods can be reached without passing the load balancer and its WAF. Private subnets with NAT egress keep load balancers as the only entry point.',
  remediation:
    'Give `aws_eks_node_group.subnet_ids`, `aws_eks_cluster.vpc_config.subnet_ids` and Fargate profiles (CloudFormation `Subnets`, `ResourcesVpcConfig.SubnetIds`; module `subnet_ids`) private subnets, e.g. `module.vpc.private_subnets`, without `map_public_ip_on_launch` and without a default route to an internet gateway; put only load balancers in the public subnets.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    switch (resource.kind) {
      case 'aws_eks_node_group':
      case 'aws_eks_fargate_profile':
        yield* judgeSubnets(model, resource, ['subnet_ids'], `${resource.kind === 'aws_eks_node_group' ? 'node group' : 'Fargate profile'} ${describe(resource)}`);
        return;
      case 'AWS::EKS::Nodegroup':
      case 'AWS::EKS::FargateProfile':
        yield* judgeSubnets(model, resource, ['Subnets'], `${resource.kind === 'AWS::EKS::Nodegroup' ? 'node group' : 'Fargate profile'} ${describe(resource)}`);
        return;
      case 'aws_eks_cluster': {
        const vpc = blockAt(resource, 'vpc_config');
        if (vpc) yield* judgeSubnets(model, resource, [...vpc.path, 'subnet_ids'], `EKS cluster ${describe(resource)}`);
        return;
      }
      case 'AWS::EKS::Cluster':
        yield* judgeSubnets(model, resource, ['ResourcesVpcConfig', 'SubnetIds'], `EKS cluster ${describe(resource)}`);
        return;
      case 'aws_autoscaling_group':
      case 'AWS::AutoScaling::AutoScalingGroup':
        if (selfManaged(resource, model)) {
          yield* judgeSubnets(model, resource, [resource.input === 'cfn' ? 'VPCZoneIdentifier' : 'vpc_zone_identifier'], `self-managed node group ${describe(resource)}`);
        }
        return;
      case 'module':
        yield* moduleSubnets(model, resource);
        return;
      default:
        return;
    }
  },
};
