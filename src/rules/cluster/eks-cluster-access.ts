import {
  at, blockAt, boolOf, describe, isModule, localAddress, mapEntries, moduleArgument, referencedResources, renderedText, setting, textOf,
} from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';

const CLUSTER_ADMIN = /:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;
/** Names that say a principal is the emergency administrator role. */
const BREAK_GLASS = /break[-_ ]?glass|emergency/i;

interface Principal {
  /** How the principal is named in a message. */
  label: string;
  kind: 'wildcard' | 'root' | 'break-glass' | 'other';
}

function principalOf(model: Model, from: Resource, value: unknown): Principal | undefined {
  const text = renderedText(from, value);
  if (text === undefined) return undefined;
  const references = referencedResources(model, from, value, 'aws_iam_role', 'AWS::IAM::Role');
  if (text.includes('*')) return { label: `"${text}"`, kind: 'wildcard' };
  if (/:root$/.test(text)) return { label: `"${text}"`, kind: 'root' };
  if (!text.includes('${') && /^arn:/.test(text)) {
    return { label: `"${text}"`, kind: BREAK_GLASS.test(text.slice(text.lastIndexOf(':') + 1)) ? 'break-glass' : 'other' };
  }
  // A reference: the referenced role's name, or the reference's own name, may say it is the break-glass role.
  const names = [text, ...references.map((r) => textOf(r, r.input === 'cfn' ? setting(r, 'RoleName') : get(r.value, ['name'])) ?? localAddress(r))];
  return { label: references.length > 0 ? describe(references[0]) : text, kind: names.some((n) => BREAK_GLASS.test(n)) ? 'break-glass' : 'other' };
}

interface Association {
  policy: unknown;
  scopeType: unknown;
  path: KeyPath;
}

function* adminReports(model: Model, from: Resource, principalValue: unknown, associations: Association[], what: string): Iterable<Report> {
  for (const association of associations) {
    const policy = renderedText(from, association.policy);
    if (!policy || !CLUSTER_ADMIN.test(policy)) continue;
    const scope = textOf(from, association.scopeType);
    if (scope?.trim().toLowerCase() !== 'cluster') continue;
    const principal = principalOf(model, from, principalValue);
    if (!principal || principal.kind === 'break-glass') continue;
    const broad = principal.kind === 'wildcard' || principal.kind === 'root';
    yield {
      path: association.path,
      severity: broad ? 'critical' : 'medium',
      message: broad
        ? `${what} grants AmazonEKSClusterAdminPolicy on the whole cluster to ${principal.label}, ${principal.kind === 'root' ? 'the account root rather than a named role' : 'a wildcard that matches many principals'}: grant cluster-admin only to a named break-glass role and least-privilege access policies to others`
        : `${what} grants AmazonEKSClusterAdminPolicy on the whole cluster to ${principal.label}: keep cluster-admin for a break-glass role and give people and pipelines namespace-scoped access policies or Kubernetes groups`,
    };
  }
}

function* accessConfig(resource: Resource, bootstrap: { value: unknown; path: KeyPath; key: string } | undefined, mode: { value: unknown; path: KeyPath; key: string } | undefined): Iterable<Report> {
  const what = `EKS cluster ${describe(resource)}`;
  if (bootstrap && boolOf(resource, bootstrap.value) === true) {
    yield {
      path: bootstrap.path,
      severity: 'low',
      message: `${what} gives its creator permanent cluster-admin (${bootstrap.key} = true): set it to false and grant access with explicit access entries`,
    };
  }
  if (mode && textOf(resource, mode.value)?.trim().toUpperCase() === 'CONFIG_MAP') {
    yield {
      path: mode.path,
      severity: 'low',
      message: `${what} authenticates only through the aws-auth ConfigMap (${mode.key} = CONFIG_MAP): use API (access entries), which IAM policies and CloudTrail can govern`,
    };
  }
}

function* terraformCluster(resource: Resource): Iterable<Report> {
  const config = blockAt(resource, 'access_config');
  if (!config) return;
  yield* accessConfig(
    resource,
    { value: config.value.bootstrap_cluster_creator_admin_permissions, path: [...config.path, 'bootstrap_cluster_creator_admin_permissions'], key: 'bootstrap_cluster_creator_admin_permissions' },
    { value: config.value.authentication_mode, path: [...config.path, 'authentication_mode'], key: 'authentication_mode' },
  );
}

function* cfnCluster(resource: Resource): Iterable<Report> {
  yield* accessConfig(
    resource,
    { value: setting(resource, 'AccessConfig', 'BootstrapClusterCreatorAdminPermissions'), path: at(resource, 'AccessConfig', 'BootstrapClusterCreatorAdminPermissions'), key: 'BootstrapClusterCreatorAdminPermissions' },
    { value: setting(resource, 'AccessConfig', 'AuthenticationMode'), path: at(resource, 'AccessConfig', 'AuthenticationMode'), key: 'AuthenticationMode' },
  );
}

function* moduleAccess(model: Model, resource: Resource): Iterable<Report> {
  const bootstrap = moduleArgument(resource, 'enable_cluster_creator_admin_permissions');
  const mode = moduleArgument(resource, 'authentication_mode');
  yield* accessConfig(
    resource,
    bootstrap && { value: bootstrap.value, path: [bootstrap.key], key: bootstrap.key },
    mode && { value: mode.value, path: [mode.key], key: mode.key },
  );
  for (const entry of mapEntries(resource, 'access_entries')) {
    const associations: Association[] = [];
    const policies = entry.value.policy_associations;
    if (isRecord(policies)) {
      for (const [name, association] of Object.entries(policies)) {
        if (!isRecord(association)) continue;
        associations.push({ policy: association.policy_arn, scopeType: get(association, ['access_scope', 'type']), path: [...entry.path, 'policy_associations', name] });
      }
    }
    yield* adminReports(model, resource, entry.value.principal_arn, associations, `${resource.name} access entry "${entry.name}"`);
  }
}

export const eksClusterAccess: Rule = {
  id: 'eks-cluster-access',
  practice: 'IAM-CLUSTER-ACCESS',
  severity: 'high',
  title: 'EKS access entries grant cluster-admin only to a break-glass role',
  rationale:
    'An access entry with AmazonEKSClusterAdminPolicy at cluster scope is system:masters in all but name: its holder reads every secret and can run anything on any node. Granted to an account root ARN or a wildcard it extends to every IAM principal of the account, and the cluster creator\'s implicit admin entry survives long after that person or pipeline should have lost it.',
  remediation:
    'Use `authentication_mode = "API"` (or `API_AND_CONFIG_MAP` while migrating), set `bootstrap_cluster_creator_admin_permissions = false`, and create `aws_eks_access_entry` / `aws_eks_access_policy_association` (CloudFormation `AWS::EKS::AccessEntry` `AccessPolicies`) for named roles with `AmazonEKSViewPolicy`/`AmazonEKSEditPolicy` at `access_scope { type = "namespace" }` or Kubernetes groups bound by RBAC; keep `AmazonEKSClusterAdminPolicy` for one break-glass role.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    switch (resource.kind) {
      case 'aws_eks_access_policy_association': {
        const scope = blockAt(resource, 'access_scope');
        yield* adminReports(
          model,
          resource,
          get(resource.value, ['principal_arn']),
          [{ policy: get(resource.value, ['policy_arn']), scopeType: scope?.value.type, path: ['policy_arn'] }],
          `access policy association ${resource.name}`,
        );
        return;
      }
      case 'AWS::EKS::AccessEntry': {
        const associations = list(setting(resource, 'AccessPolicies')).map((p, i) => ({
          policy: get(p, ['PolicyArn']),
          scopeType: get(p, ['AccessScope', 'Type']),
          path: at(resource, 'AccessPolicies', i, 'PolicyArn'),
        }));
        yield* adminReports(model, resource, setting(resource, 'PrincipalArn'), associations, `access entry ${describe(resource)}`);
        return;
      }
      case 'aws_eks_cluster':
        yield* terraformCluster(resource);
        return;
      case 'AWS::EKS::Cluster':
        yield* cfnCluster(resource);
        return;
      case 'module':
        if (isModule(resource, 'eks')) yield* moduleAccess(model, resource);
        return;
      default:
        return;
    }
  },
};
