import { at, blockAt, boolOf, describe, flag, isModule, isUnset, itemsAt, moduleArgument, setting } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

interface Endpoint {
  /** Whether the public endpoint is on: known value or default; undefined when unknown. */
  isPublic: boolean | undefined;
  /** The endpoint is public because the setting is absent. */
  byDefault: boolean;
  /** Where the public-access switch is (or should be). */
  publicPath: KeyPath;
  /** Path of the CIDR list setting (set or not). */
  cidrsPath: KeyPath;
  /** Whether the CIDR list is known to be unset (then the default applies). */
  cidrsUnset: boolean;
  /** Names for the message. */
  publicKey: string;
  cidrsKey: string;
}

/** An absent or empty CIDR list: EKS then applies its default, 0.0.0.0/0. */
function isUnsetList(resource: Resource, value: unknown): boolean {
  return isUnset(resource, value) || (Array.isArray(value) && value.length === 0);
}

function terraformEndpoint(resource: Resource): Endpoint | undefined {
  const vpc = blockAt(resource, 'vpc_config');
  if (!vpc) return undefined;
  const value = vpc.value.endpoint_public_access;
  return {
    isPublic: flag(resource, value, true),
    byDefault: value === undefined,
    publicPath: value === undefined ? vpc.path : [...vpc.path, 'endpoint_public_access'],
    cidrsPath: [...vpc.path, 'public_access_cidrs'],
    cidrsUnset: isUnsetList(resource, vpc.value.public_access_cidrs),
    publicKey: 'vpc_config.endpoint_public_access',
    cidrsKey: 'public_access_cidrs',
  };
}

function cfnEndpoint(resource: Resource): Endpoint | undefined {
  const config = setting(resource, 'ResourcesVpcConfig');
  if (config === undefined) return undefined;
  const value = setting(resource, 'ResourcesVpcConfig', 'EndpointPublicAccess');
  return {
    isPublic: flag(resource, value, true),
    byDefault: value === undefined,
    publicPath: at(resource, 'ResourcesVpcConfig', ...(value === undefined ? [] : ['EndpointPublicAccess'])),
    cidrsPath: at(resource, 'ResourcesVpcConfig', 'PublicAccessCidrs'),
    cidrsUnset: isUnsetList(resource, setting(resource, 'ResourcesVpcConfig', 'PublicAccessCidrs')),
    publicKey: 'ResourcesVpcConfig.EndpointPublicAccess',
    cidrsKey: 'PublicAccessCidrs',
  };
}

/** terraform-aws-modules/eks: judged only when the public endpoint is switched on explicitly (the module's default is private). */
function moduleEndpoint(resource: Resource): Endpoint | undefined {
  const publicAccess = moduleArgument(resource, 'cluster_endpoint_public_access', 'endpoint_public_access');
  if (!publicAccess) return undefined;
  const cidrs = moduleArgument(resource, 'cluster_endpoint_public_access_cidrs', 'endpoint_public_access_cidrs');
  const cidrsKey = cidrs?.key ?? (publicAccess.key.startsWith('cluster_') ? 'cluster_endpoint_public_access_cidrs' : 'endpoint_public_access_cidrs');
  return {
    isPublic: boolOf(resource, publicAccess.value),
    byDefault: false,
    publicPath: [publicAccess.key],
    cidrsPath: [cidrsKey],
    // The module's default for the CIDR list is ["0.0.0.0/0"].
    cidrsUnset: cidrs === undefined || isUnsetList(resource, cidrs.value),
    publicKey: publicAccess.key,
    cidrsKey,
  };
}

function shortList(values: string[]): string {
  return values.length <= 3 ? values.join(', ') : `${values.slice(0, 3).join(', ')} and ${values.length - 3} more`;
}

export const eksPrivateEndpoint: Rule = {
  id: 'eks-private-endpoint',
  practice: 'NET-EKS-PRIVATE-ENDPOINT',
  severity: 'high',
  title: 'The EKS API endpoint is private or restricted to trusted CIDRs',
  rationale:
    'A public Kubernetes API endpoint open to 0.0.0.0/0 lets anyone on the internet reach the API server: leaked kubeconfigs, stolen IAM credentials and the next API-server or authenticator vulnerability are all usable from anywhere. EKS turns the public endpoint on by default, open to every address, unless the cluster says otherwise.',
  remediation:
    'Set `vpc_config { endpoint_private_access = true, endpoint_public_access = false }` (CloudFormation `ResourcesVpcConfig.EndpointPublicAccess: false`, module `cluster_endpoint_public_access = false`) and reach the API through a VPN, bastion or CI runners in the VPC; if a public endpoint is needed, list the trusted ranges in `public_access_cidrs` (`PublicAccessCidrs`), never 0.0.0.0/0.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    const endpoint =
      resource.kind === 'aws_eks_cluster' ? terraformEndpoint(resource)
      : resource.kind === 'AWS::EKS::Cluster' ? cfnEndpoint(resource)
      : isModule(resource, 'eks') ? moduleEndpoint(resource)
      : undefined;
    if (!endpoint || endpoint.isPublic !== true) return;
    const what = `EKS cluster ${describe(resource)}`;
    if (endpoint.cidrsUnset) {
      yield {
        path: endpoint.publicPath,
        message: `${what} has ${endpoint.byDefault ? `its public API endpoint on by default (${endpoint.publicKey} not set)` : 'a public API endpoint'}, open to 0.0.0.0/0 because ${endpoint.cidrsKey} is not set: set ${endpoint.publicKey} to false or list trusted CIDRs`,
      };
      return;
    }
    const items = itemsAt(resource, ...endpoint.cidrsPath.slice(resource.input === 'cfn' ? 1 : 0));
    const open = (items ?? []).filter((item) => typeof item.literal === 'string' && OPEN.has(item.literal.trim()));
    if (open.length > 0) {
      for (const item of open) {
        yield {
          path: item.path,
          message: `${what} has a public API endpoint open to ${String(item.literal).trim()} in ${endpoint.cidrsKey}: make the endpoint private or list only trusted CIDRs`,
        };
      }
      return;
    }
    const known = items !== undefined && items.every((item) => typeof item.literal === 'string');
    yield {
      path: endpoint.publicPath,
      severity: 'low',
      message: known
        ? `${what} has a public API endpoint, restricted to ${shortList(items.map((i) => String(i.literal)))}: prefer a private endpoint reached from inside the VPC`
        : `${what} has a public API endpoint whose ${endpoint.cidrsKey} could not be resolved: prefer a private endpoint, and make sure the list holds no 0.0.0.0/0`,
    };
  },
};
