// eks.tf: the cluster (private API endpoint, Secrets envelope-encrypted with
// the platform key, every control-plane log type), its OIDC provider for
// IRSA, managed nodes in the private subnets with IMDSv2 and a hop limit of
// 1, a node role holding only what nodes need, the VPC CNI on a role of its
// own, and cluster access through access entries only.
import {
  bounded, CLUSTER, platformRoleName, documentJson, logGroup, managedPolicy, platformKeyArn, policyDocument, privateSubnetIds, serviceAccountTrust, type Context,
} from './context.js';
import { block, quote, ref, top, type Block, type Body } from './hcl.js';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

function attachment(name: string, role: string, policyArn: string): Block {
  return top('resource', ['aws_iam_role_policy_attachment', name], { role: ref(`aws_iam_role.${role}.name`), policy_arn: policyArn });
}

function addon(name: string, addonName: string, extra: Body = {}): Block {
  return top('resource', ['aws_eks_addon', name], {
    cluster_name: ref(`${CLUSTER}.name`),
    addon_name: addonName,
    resolve_conflicts_on_create: 'OVERWRITE',
    resolve_conflicts_on_update: 'OVERWRITE',
    ...extra,
  });
}

export function eksFile(ctx: Context): Block[] {
  const { cluster } = ctx;
  const node = `${cluster.name}-node`;
  return [
    top('locals', [], {
      // IRSA condition keys start with the issuer's host and path.
      oidc_issuer: ref(`replace(${CLUSTER}.identity[0].oidc[0].issuer, "https://", "")`),
    }),
    // The spec names the issuer too (other files are bound to it): say so when they differ.
    top('check', ['spec_oidc_provider'], {
      assert: block({
        condition: ref(`local.oidc_issuer == ${quote(cluster.oidcProvider)}`),
        error_message: `The cluster's OIDC issuer differs from cluster.oidcProvider in the platform spec (${cluster.oidcProvider}): set it to the value of output oidc_issuer and generate again.`,
      }),
    }),
    top('resource', ['aws_iam_role', 'cluster'], {
      name: platformRoleName(ctx, 'eks-cluster'),
      description: 'The EKS control plane of the platform',
      assume_role_policy: documentJson('cluster_trust'),
    }),
    policyDocument('cluster_trust', [
      {
        sid: 'EksControlPlane',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }],
      },
    ]),
    attachment('cluster', 'cluster', managedPolicy(ctx, 'AmazonEKSClusterPolicy')),
    top('resource', ['aws_iam_role_policy', 'cluster_encryption'], {
      name: 'envelope-encryption',
      role: ref('aws_iam_role.cluster.id'),
      policy: documentJson('cluster_encryption'),
    }),
    policyDocument('cluster_encryption', [
      { sid: 'SecretsEnvelopeEncryption', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [platformKeyArn] },
    ]),
    // Created before the cluster, so that EKS writes into a group with encryption and retention.
    logGroup('cluster', `/aws/eks/${cluster.name}/cluster`),
    top('resource', ['aws_eks_cluster', 'main'], {
      name: cluster.name,
      version: cluster.kubernetesVersion,
      role_arn: ref('aws_iam_role.cluster.arn'),
      enabled_cluster_log_types: LOG_TYPES,
      depends_on: [ref('aws_iam_role_policy_attachment.cluster'), ref('aws_iam_role_policy.cluster_encryption'), ref('aws_cloudwatch_log_group.cluster')],
      vpc_config: block({
        subnet_ids: privateSubnetIds,
        endpoint_private_access: true,
        endpoint_public_access: false,
      }),
      encryption_config: block({
        resources: ['secrets'],
        provider: block({ key_arn: platformKeyArn }),
      }),
      access_config: block({
        authentication_mode: 'API',
        bootstrap_cluster_creator_admin_permissions: false,
      }),
    }),
    top('data', ['tls_certificate', 'oidc'], { url: ref(`${CLUSTER}.identity[0].oidc[0].issuer`) }),
    top('resource', ['aws_iam_openid_connect_provider', 'eks'], {
      url: ref(`${CLUSTER}.identity[0].oidc[0].issuer`),
      client_id_list: ['sts.amazonaws.com'],
      thumbprint_list: ref('[data.tls_certificate.oidc.certificates[0].sha1_fingerprint]'),
    }),
    // Cluster administration: one break-glass role, named by a variable; everyone else gets scoped access entries.
    top('resource', ['aws_eks_access_entry', 'break_glass'], {
      cluster_name: ref(`${CLUSTER}.name`),
      principal_arn: ref('var.break_glass_role_arn'),
      type: 'STANDARD',
    }),
    top('resource', ['aws_eks_access_policy_association', 'break_glass'], {
      cluster_name: ref(`${CLUSTER}.name`),
      principal_arn: ref('aws_eks_access_entry.break_glass.principal_arn'),
      policy_arn: `arn:${ctx.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      access_scope: block({ type: 'cluster' }),
    }),
    top('resource', ['aws_iam_role', 'node'], {
      name: platformRoleName(ctx, 'node'),
      description: 'EKS managed nodes: join the cluster and pull images, nothing else',
      assume_role_policy: documentJson('node_trust'),
    }),
    policyDocument('node_trust', [
      { sid: 'Ec2Nodes', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] },
    ]),
    attachment('node_worker', 'node', managedPolicy(ctx, 'AmazonEKSWorkerNodePolicy')),
    attachment('node_pull', 'node', managedPolicy(ctx, 'AmazonEC2ContainerRegistryPullOnly')),
    top('resource', ['aws_launch_template', 'node'], {
      name: bounded(node, 128),
      description: 'IMDSv2 only, unreachable from pods (hop limit 1); encrypted root volume',
      update_default_version: true,
      metadata_options: block({
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
        instance_metadata_tags: 'disabled',
      }),
      block_device_mappings: block({
        device_name: '/dev/xvda',
        ebs: block({ volume_size: ref('var.node_volume_size'), volume_type: 'gp3', encrypted: true, delete_on_termination: true }),
      }),
      monitoring: block({ enabled: true }),
    }),
    top('resource', ['aws_eks_node_group', 'main'], {
      cluster_name: ref(`${CLUSTER}.name`),
      node_group_name: bounded(`${cluster.name}-default`, 63),
      node_role_arn: ref('aws_iam_role.node.arn'),
      subnet_ids: privateSubnetIds,
      ami_type: 'AL2023_x86_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      instance_types: ref('var.node_instance_types'),
      depends_on: [ref('aws_iam_role_policy_attachment.node_worker'), ref('aws_iam_role_policy_attachment.node_pull'), ref('aws_eks_addon.vpc_cni')],
      scaling_config: block({
        min_size: ref('var.node_min_size'),
        desired_size: ref('var.node_min_size'),
        max_size: ref('var.node_max_size'),
      }),
      update_config: block({ max_unavailable: 1 }),
      launch_template: block({ id: ref('aws_launch_template.node.id'), version: ref('aws_launch_template.node.latest_version') }),
      // The cluster autoscaler owns the node count once the group exists.
      lifecycle: block({ ignore_changes: ref('[scaling_config[0].desired_size]') }),
    }),
    addon('vpc_cni', 'vpc-cni', { service_account_role_arn: ref('aws_iam_role.vpc_cni.arn') }),
    addon('kube_proxy', 'kube-proxy'),
    addon('coredns', 'coredns', { depends_on: [ref('aws_eks_node_group.main')] }),
    // The VPC CNI manages pod networking with a role of its own, not the node role every pod could reach.
    top('resource', ['aws_iam_role', 'vpc_cni'], {
      name: platformRoleName(ctx, 'vpc-cni'),
      description: 'The VPC CNI (kube-system/aws-node), through IRSA',
      assume_role_policy: documentJson('vpc_cni_trust'),
    }),
    serviceAccountTrust('vpc_cni_trust', 'kube-system', 'aws-node'),
    attachment('vpc_cni', 'vpc_cni', managedPolicy(ctx, 'AmazonEKS_CNI_Policy')),
  ];
}
