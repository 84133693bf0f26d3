import {
  at, blockAt, blocksAt, describe, isModule, isUnset, literalOf, mapEntries, referencedResources, renderedText, setting, textOf,
} from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record } from '../../core/values.js';

const CLUSTER_TAG = /^kubernetes\.io\/cluster\/./;

function isOwnedTag(resource: Resource, key: unknown, value: unknown): boolean {
  const name = renderedText(resource, key);
  const tagValue = textOf(resource, value);
  return name !== undefined && CLUSTER_TAG.test(name) && tagValue?.trim().toLowerCase() === 'owned';
}

/** Path of a `kubernetes.io/cluster/<name> = owned` tag of a Terraform tags map, if any. */
function ownedInMap(resource: Resource, tags: unknown, path: KeyPath): KeyPath | undefined {
  if (!isRecord(tags)) return undefined;
  const key = Object.keys(tags).find((k) => isOwnedTag(resource, k, tags[k]));
  return key === undefined ? undefined : [...path, key];
}

/** A self-managed node group's marker on an Auto Scaling group or launch template. */
function ownedTag(resource: Resource): KeyPath | undefined {
  switch (resource.kind) {
    case 'aws_autoscaling_group': {
      for (const tag of blocksAt(resource, 'tag')) {
        if (isOwnedTag(resource, tag.value.key, tag.value.value)) return [...tag.path, 'key'];
      }
      // `tags`: the list-of-maps form of older providers.
      for (const [i, tag] of list(get(resource.value, ['tags'])).entries()) {
        if (isRecord(tag) && isOwnedTag(resource, tag.key, tag.value)) return ['tags', i];
      }
      return undefined;
    }
    case 'aws_launch_template': {
      for (const spec of blocksAt(resource, 'tag_specifications')) {
        const found = ownedInMap(resource, spec.value.tags, [...spec.path, 'tags']);
        if (found) return found;
      }
      return ownedInMap(resource, get(resource.value, ['tags']), ['tags']);
    }
    case 'AWS::AutoScaling::AutoScalingGroup':
      return cfnOwnedTag(resource, setting(resource, 'Tags'), at(resource, 'Tags'));
    case 'AWS::EC2::LaunchTemplate': {
      const specs = list(setting(resource, 'LaunchTemplateData', 'TagSpecifications'));
      for (const [i, spec] of specs.entries()) {
        const found = cfnOwnedTag(resource, get(spec, ['Tags']), at(resource, 'LaunchTemplateData', 'TagSpecifications', i, 'Tags'));
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function cfnOwnedTag(resource: Resource, tags: unknown, path: KeyPath): KeyPath | undefined {
  for (const [i, tag] of list(tags).entries()) {
    if (isRecord(tag) && isOwnedTag(resource, tag.Key, tag.Value)) return [...path, i, 'Key'];
  }
  return undefined;
}

/** The launch-template references of an Auto Scaling group, with their paths. */
function launchTemplateRefs(resource: Resource): Array<{ value: unknown; path: KeyPath }> {
  if (resource.input === 'cfn') {
    const spec = setting(resource, 'LaunchTemplate');
    const refs = [{ value: spec, path: at(resource, 'LaunchTemplate') }];
    const mixed = setting(resource, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification');
    if (mixed !== undefined) refs.push({ value: mixed, path: at(resource, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification') });
    return refs.filter((r) => r.value !== undefined);
  }
  const refs: Array<{ value: unknown; path: KeyPath }> = blocksAt(resource, 'launch_template').map((b) => ({ value: b.value, path: b.path }));
  for (const policy of blocksAt(resource, 'mixed_instances_policy')) {
    for (const template of list(policy.value.launch_template).map((t, i) => ({ t, i }))) {
      const spec = get(template.t, ['launch_template_specification']);
      refs.push({ value: spec, path: [...policy.path, 'launch_template', template.i, 'launch_template_specification'] });
    }
  }
  return refs;
}

const LAUNCH_TEMPLATE_KINDS = ['aws_launch_template', 'AWS::EC2::LaunchTemplate'];

/** Why an Auto Scaling group runs self-managed EKS nodes: its own tag, or its launch template's. */
export function selfManaged(resource: Resource, model: Model): { path: KeyPath; via: string } | undefined {
  const own = ownedTag(resource);
  if (own) return { path: own, via: 'is tagged' };
  for (const ref of launchTemplateRefs(resource)) {
    for (const template of referencedResources(model, resource, ref.value, ...LAUNCH_TEMPLATE_KINDS)) {
      if (ownedTag(template)) return { path: ref.path, via: `uses launch template ${describe(template)}, tagged` };
    }
  }
  return undefined;
}

/** Whether a managed node group's launch template (in the scan) sets its own AMI. */
function customAmiTemplate(resource: Resource, model: Model): { path: KeyPath; template: Resource } | undefined {
  const ref = resource.input === 'cfn' ? { value: setting(resource, 'LaunchTemplate'), path: at(resource, 'LaunchTemplate') } : blockAt(resource, 'launch_template');
  if (!ref || ref.value === undefined) return undefined;
  for (const template of referencedResources(model, resource, ref.value, ...LAUNCH_TEMPLATE_KINDS)) {
    const image = template.input === 'cfn' ? setting(template, 'LaunchTemplateData', 'ImageId') : setting(template, 'image_id');
    if (!isUnset(template, image) && image !== '') return { path: ref.path, template };
  }
  return undefined;
}

const SELF_MANAGED_MESSAGE = 'runs self-managed EKS nodes: move them to a managed node group (aws_eks_node_group), Karpenter or Fargate so that AMI updates and node rotation are automated';
const CUSTOM_AMI_ADVICE = 'EKS does not patch custom AMIs, so use an EKS-optimized or Bottlerocket ami_type, or own an AMI rebuild and rotation pipeline';

function* moduleNodeGroups(resource: Resource): Iterable<Report> {
  const what = `${resource.name}`;
  if (isModule(resource, 'eks', 'modules/self-managed-node-group')) {
    yield { path: ['source'], message: `${what} ${SELF_MANAGED_MESSAGE}` };
    return;
  }
  if (isModule(resource, 'eks', 'modules/eks-managed-node-group')) {
    yield* customAmi(resource, record(resource.value), [], what);
    return;
  }
  if (!isModule(resource, 'eks')) return;
  for (const group of mapEntries(resource, 'self_managed_node_groups')) {
    yield { path: group.path, message: `${what} node group "${group.name}" ${SELF_MANAGED_MESSAGE}` };
  }
  const defaults = get(resource.value, ['eks_managed_node_group_defaults']);
  if (isRecord(defaults)) yield* customAmi(resource, defaults, ['eks_managed_node_group_defaults'], `${what} eks_managed_node_group_defaults`);
  for (const group of mapEntries(resource, 'eks_managed_node_groups')) {
    yield* customAmi(resource, group.value, group.path, `${what} node group "${group.name}"`);
  }
}

function* customAmi(resource: Resource, group: Record<string, unknown>, path: KeyPath, what: string): Iterable<Report> {
  if (textOf(resource, group.ami_type)?.trim().toUpperCase() === 'CUSTOM') {
    yield { path: [...path, 'ami_type'], severity: 'low', message: `${what} uses a custom AMI (ami_type CUSTOM): ${CUSTOM_AMI_ADVICE}` };
  } else if (group.ami_id !== undefined && group.ami_id !== null && group.ami_id !== '') {
    yield { path: [...path, 'ami_id'], severity: 'low', message: `${what} uses a custom AMI (ami_id): ${CUSTOM_AMI_ADVICE}` };
  }
}

export const eksManagedNodeGroups: Rule = {
  id: 'eks-managed-node-groups',
  practice: 'CLU-MANAGED-NODES',
  severity: 'medium',
  title: 'EKS nodes are managed node groups, Karpenter or Fargate',
  rationale:
    'Self-managed node Auto Scaling groups keep whatever AMI they were launched with until someone rebuilds them: kernel and kubelet fixes wait for a manual rollout, and nodes drift from the control-plane version. Managed node groups, Karpenter and Fargate patch by replacing nodes with current EKS-optimized or Bottlerocket images, draining them safely.',
  remediation:
    'Replace `aws_autoscaling_group` node groups tagged `kubernetes.io/cluster/<name> = owned` (CloudFormation `AWS::AutoScaling::AutoScalingGroup`, module `self_managed_node_groups`) with `aws_eks_node_group` (`AWS::EKS::Nodegroup`, `eks_managed_node_groups`), Karpenter or Fargate profiles, using an EKS-optimized or Bottlerocket `ami_type` rather than `CUSTOM`.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    switch (resource.kind) {
      case 'aws_autoscaling_group':
      case 'AWS::AutoScaling::AutoScalingGroup': {
        const found = selfManaged(resource, model);
        if (found) {
          yield {
            path: found.path,
            message: `Auto Scaling group ${describe(resource)} ${found.via} kubernetes.io/cluster/<name> = owned, so it ${SELF_MANAGED_MESSAGE}`,
          };
        }
        return;
      }
      case 'aws_eks_node_group':
      case 'AWS::EKS::Nodegroup': {
        const what = `node group ${describe(resource)}`;
        const amiType = setting(resource, resource.input === 'cfn' ? 'AmiType' : 'ami_type');
        if (String(literalOf(resource, amiType) ?? '').trim().toUpperCase() === 'CUSTOM') {
          yield {
            path: at(resource, resource.input === 'cfn' ? 'AmiType' : 'ami_type'),
            severity: 'low',
            message: `${what} uses a custom AMI (${resource.input === 'cfn' ? 'AmiType' : 'ami_type'} CUSTOM): ${CUSTOM_AMI_ADVICE}`,
          };
          return;
        }
        const template = customAmiTemplate(resource, model);
        if (template) {
          yield {
            path: template.path,
            severity: 'low',
            message: `${what} uses a custom AMI set in launch template ${describe(template.template)}: ${CUSTOM_AMI_ADVICE}`,
          };
        }
        return;
      }
      case 'module':
        yield* moduleNodeGroups(resource);
        return;
      default:
        return;
    }
  },
};
