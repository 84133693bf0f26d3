// What every Terraform file of the platform derives from the spec: the
// partition, ARNs, resource labels, bounded AWS names, and the references to
// the resources several files share (the key, the cluster, the subnets).
import { boundedName, partitionOf } from '../names.js';
import type { ClusterSpec, PlatformSpec, ServiceSpec } from '../spec.js';
import { block, ref, template, top, type Block, type Body, type Expr, type Value } from './hcl.js';

export interface Context {
  cluster: ClusterSpec;
  /** The spec's services, by name, so that output does not depend on their order in the spec. */
  services: ServiceSpec[];
  partition: string;
  region: string;
  account: string;
}

export function contextOf(spec: PlatformSpec): Context {
  const region = spec.cluster.region;
  return {
    cluster: spec.cluster,
    services: [...spec.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    partition: partitionOf(region),
    region,
    account: spec.cluster.accountId,
  };
}

/**
 * A resource label for a name from the spec. Spec names are DNS labels
 * (letters, digits, hyphens); one that starts with a digit gets a leading
 * underscore, which no DNS label has, so labels stay distinct.
 */
export function label(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** AWS names have length limits: long ones keep their start and a hash of the whole. */
export { boundedName as bounded };

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arn(ctx: Context, service: string, resource: string, options: { region?: string; account?: string } = {}): string {
  return `arn:${ctx.partition}:${service}:${options.region ?? ctx.region}:${options.account ?? ctx.account}:${resource}`;
}

/**
 * Name of a role the platform itself needs (cluster, nodes, log delivery):
 * `<cluster>.<purpose>`. Service roles are `<cluster>-<service>` and service
 * names have no dots, so the two never meet.
 */
export function platformRoleName(ctx: Context, purpose: string): string {
  return boundedName(`${ctx.cluster.name}.${purpose}`, 64);
}

export function accountRoot(ctx: Context): string {
  return `arn:${ctx.partition}:iam::${ctx.account}:root`;
}

export function managedPolicy(ctx: Context, name: string): string {
  return `arn:${ctx.partition}:iam::aws:policy/${name}`;
}

/** `logs.<region>.amazonaws.com` and the like. */
export function regionalService(ctx: Context, service: string): string {
  return `${service}.${ctx.region}.amazonaws.com${ctx.partition === 'aws-cn' ? '.cn' : ''}`;
}

// ── Shared resources ──────────────────────────────────────────────────────

export const PLATFORM_KEY = 'aws_kms_key.platform';
export const platformKeyArn: Expr = ref(`${PLATFORM_KEY}.arn`);
export const CLUSTER = 'aws_eks_cluster.main';
/** The security group EKS creates for the cluster, which managed node groups (and so pods) use. */
export const clusterSecurityGroup: Expr = ref(`${CLUSTER}.vpc_config[0].cluster_security_group_id`);
export const vpcId: Expr = ref('aws_vpc.main.id');
export const privateSubnetIds: Expr = ref('[for zone in local.availability_zones : aws_subnet.private[zone].id]');
export const publicSubnetIds: Expr = ref('[for zone in local.availability_zones : aws_subnet.public[zone].id]');
/** Issuer host and path of the cluster's OIDC provider, the prefix of IRSA condition keys. */
const oidcIssuer: Expr = ref('local.oidc_issuer');
const oidcProviderArn: Expr = ref('aws_iam_openid_connect_provider.eks.arn');

/** Days CloudWatch log groups keep their events. */
const logRetention: Expr = ref('var.log_retention_days');

/** A CloudWatch log group encrypted with the platform key. */
export function logGroup(name: string, logGroupName: string, extra: Body = {}): Block {
  return top('resource', ['aws_cloudwatch_log_group', name], {
    name: logGroupName,
    retention_in_days: logRetention,
    kms_key_id: platformKeyArn,
    ...extra,
  });
}

// ── Policy documents ──────────────────────────────────────────────────────

export interface Statement {
  sid: string;
  effect?: 'Allow' | 'Deny';
  actions: readonly Value[];
  resources?: readonly Value[];
  principals?: Array<{ type: string; identifiers: readonly Value[] }>;
  conditions?: Array<{ test: string; variable: Value; values: readonly Value[] }>;
}

/** `data "aws_iam_policy_document"`: the provider renders it to JSON, the scan reads it as a policy. */
export function policyDocument(name: string, statements: readonly Statement[]): Block {
  return top('data', ['aws_iam_policy_document', name], {
    statement: statements.map((s) =>
      block({
        sid: s.sid,
        effect: s.effect ?? 'Allow',
        actions: s.actions,
        resources: s.resources,
        principals: s.principals?.map((p) => block({ type: p.type, identifiers: p.identifiers })),
        condition: s.conditions?.map((c) => block({ test: c.test, variable: c.variable, values: c.values })),
      }),
    ),
  });
}

export function documentJson(name: string): Expr {
  return ref(`data.aws_iam_policy_document.${name}.json`);
}

/** A trust policy for an AWS service, limited to this account (and to one source ARN when given). */
export function serviceTrust(ctx: Context, name: string, service: string, sourceArn?: Value): Block {
  const conditions: NonNullable<Statement['conditions']> = [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] }];
  if (sourceArn !== undefined) conditions.push({ test: 'ArnLike', variable: 'aws:SourceArn', values: [sourceArn] });
  return policyDocument(name, [
    { sid: 'AssumedByService', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [service] }], conditions },
  ]);
}

/**
 * The trust of an IRSA role: only `system:serviceaccount:<namespace>:<name>`,
 * with tokens minted for STS, from the cluster's OIDC provider.
 */
export function serviceAccountTrust(name: string, namespace: string, serviceAccount: string): Block {
  return policyDocument(name, [
    {
      sid: 'ServiceAccount',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [oidcProviderArn] }],
      conditions: [
        { test: 'StringEquals', variable: template(oidcIssuer, ':sub'), values: [`system:serviceaccount:${namespace}:${serviceAccount}`] },
        { test: 'StringEquals', variable: template(oidcIssuer, ':aud'), values: ['sts.amazonaws.com'] },
      ],
    },
  ]);
}

/** A bucket policy statement that refuses every request not made over TLS. */
export function denyInsecureTransport(bucketArn: Expr): Statement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    actions: ['s3:*'],
    resources: [bucketArn, template(bucketArn, '/*')],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}
