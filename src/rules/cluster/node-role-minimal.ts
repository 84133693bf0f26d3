import {
  at, derived, describe, itemsAt, mapEntries, moduleCall, referencedResources, referencesOf, renderedText, resourcesAt, setting, textOf,
  unitOf, unitResources,
} from '../../core/iac.js';
import { policiesOf } from '../../core/policies.js';
import type { KeyPath, Model, Report, Resource, Rule, Severity } from '../../core/types.js';
import { get, isRecord, list, record } from '../../core/values.js';

/** What a node needs: join the cluster, pull images, and (optionally) be managed through SSM. */
const ALLOWED = new Set([
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
]);

/** Policies of node components that belong on their own IRSA / Pod Identity role. */
const COMPONENT_POLICIES: Record<string, string> = {
  AmazonEKS_CNI_Policy: 'the aws-node (VPC CNI) service account\'s IRSA role',
  AmazonEKS_CNI_IPv6_Policy: 'the aws-node (VPC CNI) service account\'s IRSA role',
  CloudWatchAgentServerPolicy: 'the CloudWatch agent\'s IRSA role',
};

const WORKER_POLICY = 'AmazonEKSWorkerNodePolicy';

const ROLE_KINDS = ['aws_iam_role', 'AWS::IAM::Role'];

const AWS_MANAGED_POLICY = /^arn:(?:aws|aws-cn|aws-us-gov|\$\{[^}]{1,64}\}):iam::aws:policy\/(?:[A-Za-z0-9_+=,.@-]{1,128}\/){0,8}([A-Za-z0-9_+=,.@-]{1,128})$/;

/** The name of an AWS managed policy from its ARN (the partition may be a reference). */
function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_POLICY.exec(arn.trim())?.[1];
}

interface Grant {
  /** Resource the finding is reported on (the role, an attachment, an inline policy). */
  at: Resource;
  path: KeyPath;
  /** The AWS managed policy's name; undefined for customer-managed and inline policies. */
  managed: string | undefined;
  /** How the grant is named in a message. */
  label: string;
}

/** Classifies a policy ARN value: an AWS managed policy's name, a customer policy, or unknown. */
function policyOf(model: Model, from: Resource, value: unknown): { managed?: string; label: string } | undefined {
  const text = renderedText(from, value);
  if (text !== undefined) {
    const managed = awsManagedPolicyName(text);
    if (managed) return { managed, label: managed };
    if (!text.includes('${') && /^arn:[a-z-]+:iam::\d{12}:policy\//.test(text)) return { label: `customer policy ${text.slice(text.indexOf(':policy/') + 8)}` };
  }
  const customer = referencedResources(model, from, value, 'aws_iam_policy', 'AWS::IAM::ManagedPolicy');
  if (customer.length > 0) return { label: `customer policy ${describe(customer[0])}` };
  for (const data of referencedResources(model, from, value, 'data.aws_iam_policy')) {
    const name = textOf(data, get(data.value, ['name']));
    const arn = textOf(data, get(data.value, ['arn']));
    const managed = arn ? awsManagedPolicyName(arn) : undefined;
    if (managed) return { managed, label: managed };
    if (name && !arn) return undefined; // looked up by name: AWS managed or not, unknown
  }
  return undefined;
}

/** The literal name of a role, when the code says it. */
function roleName(role: Resource): string | undefined {
  return textOf(role, role.input === 'cfn' ? setting(role, 'RoleName') : get(role.value, ['name']));
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The roles of the unit with each literal name, built once per model. */
function rolesByName(model: Model, from: Resource): Map<string, Resource[]> {
  return derived(model, `node-role-minimal\u0000names\u0000${unitOf(from)}`, () => {
    const byName = new Map<string, Resource[]>();
    for (const role of unitResources(model, from, ...ROLE_KINDS)) {
      const name = roleName(role);
      if (!name) continue;
      const named = byName.get(name);
      if (named) named.push(role);
      else byName.set(name, [role]);
    }
    return byName;
  });
}

/**
 * The roles of the unit a role value (name, ARN or reference) names: by
 * reference, by the role's literal name, or by an ARN ending in `/<name>`.
 */
function rolesNamed(model: Model, from: Resource, value: unknown, byText: boolean): Set<Resource> {
  const roles = new Set<Resource>();
  for (const name of referencesOf(from, value)) {
    for (const role of resourcesAt(model, from, name)) if (ROLE_KINDS.includes(role.kind)) roles.add(role);
  }
  const text = byText ? textOf(from, value) : undefined;
  if (!text) return roles;
  const byName = rolesByName(model, from);
  const candidates = [text];
  if (text.startsWith('arn:')) for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) candidates.push(text.slice(i + 1));
  for (const candidate of candidates) for (const role of byName.get(candidate) ?? []) roles.add(role);
  return roles;
}

/**
 * The resources of `kinds` whose role setting names `role` (kind by kind, in
 * model order): the reverse join, built once per model. `values` gives the
 * role values of a resource and whether a literal name or ARN counts.
 */
function holders(model: Model, role: Resource, kinds: readonly string[], values: (from: Resource) => { values: unknown[]; byText: boolean }): readonly Resource[] {
  const reverse = derived(model, `node-role-minimal\u0000holders\u0000${kinds.join(',')}`, () => {
    const map = new Map<Resource, Resource[]>();
    for (const kind of kinds) {
      for (const from of model.ofKind(kind)) {
        if (from.input !== 'terraform' && from.input !== 'cfn') continue;
        const found = values(from);
        const roles = new Set<Resource>();
        for (const value of found.values) for (const named of rolesNamed(model, from, value, found.byText)) roles.add(named);
        for (const named of roles) {
          const held = map.get(named);
          if (held) held.push(from);
          else map.set(named, [from]);
        }
      }
    }
    return map;
  });
  return reverse.get(role) ?? [];
}

const one = (value: unknown) => ({ values: [value], byText: true });

/** Every policy a Terraform or CloudFormation role holds, as far as the scan shows. */
function grantsOf(model: Model, role: Resource): Grant[] {
  const grants: Grant[] = [];
  const add = (from: Resource, value: unknown, path: KeyPath): void => {
    const policy = policyOf(model, from, value);
    if (policy) grants.push({ at: from, path, managed: policy.managed, label: policy.label });
  };
  const inline = (from: Resource, path: KeyPath, label: string): void => {
    grants.push({ at: from, path, managed: undefined, label });
  };
  if (role.input === 'cfn') {
    for (const item of itemsAt(role, 'ManagedPolicyArns') ?? []) add(role, item.value, item.path);
    list(setting(role, 'Policies')).forEach((p, i) => {
      const name = textOf(role, get(p, ['PolicyName']));
      inline(role, at(role, 'Policies', i), `inline policy${name ? ` "${name}"` : ''}`);
    });
    for (const policy of holders(model, role, ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'], (p) => ({ values: list(setting(p, 'Roles')), byText: true }))) {
      inline(policy, at(policy, 'Roles'), `policy ${describe(policy)}`);
    }
    for (const policy of holders(model, role, ['AWS::IAM::RolePolicy'], (p) => one(setting(p, 'RoleName')))) {
      inline(policy, at(policy, 'RoleName'), `inline policy ${describe(policy)}`);
    }
    return grants;
  }
  const listed: Grant[] = [];
  for (const item of itemsAt(role, 'managed_policy_arns') ?? []) {
    const policy = policyOf(model, role, item.value);
    if (policy) listed.push({ at: role, path: item.path, managed: policy.managed, label: policy.label });
  }
  list(get(role.value, ['inline_policy'])).forEach((block, i) => {
    // An empty inline_policy block removes inline policies; it grants nothing.
    // (A plan or state shows "no inline policy" as one block with empty strings.)
    if (!isRecord(block) || (isBlank(block.policy) && isBlank(block.name))) return;
    const name = textOf(role, block.name);
    inline(role, ['inline_policy', i], `inline policy${name ? ` "${name}"` : ''}`);
  });
  for (const attachment of holders(model, role, ['aws_iam_role_policy_attachment'], (a) => one(get(a.value, ['role'])))) {
    add(attachment, get(attachment.value, ['policy_arn']), ['policy_arn']);
  }
  const attachmentRoles = (a: Resource) => {
    const roles = get(a.value, ['roles']);
    // A list names roles by reference, name or ARN; one expression for the whole list only by reference.
    return Array.isArray(roles) ? { values: roles, byText: true } : { values: [roles], byText: false };
  };
  for (const attachment of holders(model, role, ['aws_iam_policy_attachment'], attachmentRoles)) {
    add(attachment, get(attachment.value, ['policy_arn']), ['policy_arn']);
  }
  for (const exclusive of holders(model, role, ['aws_iam_role_policy_attachments_exclusive'], (e) => one(get(e.value, ['role_name'])))) {
    for (const item of itemsAt(exclusive, 'policy_arns') ?? []) add(exclusive, item.value, item.path);
  }
  for (const policy of holders(model, role, ['aws_iam_role_policy'], (p) => one(get(p.value, ['role'])))) {
    const name = textOf(policy, get(policy.value, ['name']));
    inline(policy, ['policy'], `inline policy ${name ? `"${name}" (${policy.name})` : policy.name}`);
  }
  // State JSON lists attached policies in managed_policy_arns too: report each at its attachment only.
  for (const grant of listed) if (!grants.some((g) => g.label === grant.label)) grants.push(grant);
  return grants;
}

/** Whether the role's trust policy lets EC2 instances assume it. */
function trustsEc2(model: Model, role: Resource): boolean {
  const views = policiesOf(role).filter((v) => v.role === 'trust');
  if (role.input === 'terraform') {
    for (const doc of referencedResources(model, role, get(role.value, ['assume_role_policy']), 'data.aws_iam_policy_document')) views.push(...policiesOf(doc));
  }
  return views.some((view) =>
    view.policy.statements.some(
      (s) => s.effect === 'Allow' && s.principal !== undefined && s.principal !== '*' && s.principal.Service.some((p) => /^ec2\.amazonaws\.com(?:\.cn)?$/i.test(p)),
    ),
  );
}

/** Node groups that name the role as their node role. */
function nodeGroupsUsing(model: Model, role: Resource): readonly Resource[] {
  if (role.input === 'cfn') return holders(model, role, ['AWS::EKS::Nodegroup'], (ng) => one(setting(ng, 'NodeRole')));
  return holders(model, role, ['aws_eks_node_group'], (ng) => one(get(ng.value, ['node_role_arn'])));
}

function severityOf(grant: Grant): { severity: Severity; advice: string } | undefined {
  if (grant.managed && ALLOWED.has(grant.managed)) return undefined;
  const component = grant.managed ? COMPONENT_POLICIES[grant.managed] : undefined;
  if (component) return { severity: 'medium', advice: `, which belongs on ${component}: move it there` };
  return { severity: 'high', advice: `, which every pod on its nodes can use: ${NEEDED}` };
}

const NEEDED = 'keep the node role to AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly (or PullOnly) and AmazonSSMManagedInstanceCore, and give pods AWS access through IRSA or Pod Identity roles';

function* moduleRoles(model: Model, resource: Resource): Iterable<Report> {
  const call = moduleCall(resource);
  if (!call || call.name !== 'eks') return;
  const groups: Array<{ what: string; value: Record<string, unknown>; path: KeyPath; key: string }> = [];
  if (call.submodule === '') {
    for (const key of ['eks_managed_node_group_defaults', 'self_managed_node_group_defaults']) {
      const defaults = get(resource.value, [key]);
      if (isRecord(defaults)) groups.push({ what: `${key}`, value: defaults, path: [key], key: 'iam_role_additional_policies' });
    }
    for (const key of ['eks_managed_node_groups', 'self_managed_node_groups']) {
      for (const group of mapEntries(resource, key)) groups.push({ what: `node group "${group.name}"`, value: group.value, path: group.path, key: 'iam_role_additional_policies' });
    }
  } else if (call.submodule === 'modules/eks-managed-node-group' || call.submodule === 'modules/self-managed-node-group') {
    groups.push({ what: 'node group', value: record(resource.value), path: [], key: 'iam_role_additional_policies' });
  } else if (call.submodule === 'modules/karpenter') {
    groups.push({ what: 'Karpenter node role', value: record(resource.value), path: [], key: 'node_iam_role_additional_policies' });
  }
  for (const group of groups) {
    const policies = group.value[group.key];
    if (!isRecord(policies)) continue;
    for (const [name, value] of Object.entries(policies)) {
      const policy = policyOf(model, resource, value);
      if (!policy) continue;
      const grant: Grant = { at: resource, path: [...group.path, group.key, name], managed: policy.managed, label: policy.label };
      const verdict = severityOf(grant);
      if (!verdict) continue;
      yield {
        path: grant.path,
        severity: verdict.severity,
        message: `${resource.name} ${group.what} adds ${policy.label} to the node role${verdict.advice}`,
      };
    }
  }
}

export const nodeRoleMinimal: Rule = {
  id: 'node-role-minimal',
  practice: 'IAM-NODE-ROLE-MINIMAL',
  severity: 'high',
  title: 'The EKS node role holds only what nodes need',
  rationale:
    'Every pod on a node can reach the instance metadata service unless it is blocked, and so can use the node role\'s credentials; a compromised container then gets whatever the node role allows. Extra policies on the node role (S3, administrator access, inline grants) are shared by all pods on all nodes, which defeats per-service IRSA roles.',
  remediation:
    'Attach only `AmazonEKSWorkerNodePolicy`, `AmazonEC2ContainerRegistryReadOnly` (or `AmazonEC2ContainerRegistryPullOnly`) and, if nodes are managed through SSM, `AmazonSSMManagedInstanceCore` to the node role; move `AmazonEKS_CNI_Policy` to an IRSA role for the `aws-node` service account, and give each workload its own IRSA or Pod Identity role. Set the metadata hop limit to 1 so pods cannot reach the node\'s credentials.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.kind === 'module') {
      yield* moduleRoles(model, resource);
      return;
    }
    if (resource.kind !== 'aws_iam_role' && resource.kind !== 'AWS::IAM::Role') return;
    const grants = grantsOf(model, resource);
    const users = nodeGroupsUsing(model, resource);
    const isNodeRole = users.length > 0 || (grants.some((g) => g.managed === WORKER_POLICY) && trustsEc2(model, resource));
    if (!isNodeRole) return;
    const role = `node role ${describe(resource)}${users.length > 0 ? `, used by ${users.map((u) => describe(u)).join(', ')},` : ''}`;
    for (const grant of grants) {
      const verdict = severityOf(grant);
      if (!verdict) continue;
      yield {
        resource: grant.at,
        path: grant.path,
        severity: verdict.severity,
        message: `${role} has ${grant.label}${verdict.advice}`,
      };
    }
  },
};
