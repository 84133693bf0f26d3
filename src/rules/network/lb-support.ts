// Load balancers in Terraform and CloudFormation, for the network rules:
// which are internet-facing, of which type, and which security groups they use.
import type { Model, Resource } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';
import { flag, referencedResources, setting, textOf, unitResources } from '../cluster/iac-support.js';
import { ALB, albScheme, annotationsOf, isIngress } from './ingress-controllers.js';

/** Elastic Load Balancing v2 (application, network, gateway). */
export const LB_KINDS = ['aws_lb', 'aws_alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer'];
/** Classic load balancers. */
export const CLASSIC_LB_KINDS = ['aws_elb', 'AWS::ElasticLoadBalancing::LoadBalancer'];

export type Scheme = 'internet-facing' | 'internal';

/** A load balancer's scheme: Terraform `internal` (default false), CloudFormation `Scheme` (default internet-facing). */
export function schemeOf(lb: Resource): Scheme | undefined {
  if (lb.input === 'cfn') {
    const scheme = setting(lb, 'Scheme');
    if (scheme === undefined) return 'internet-facing';
    const text = textOf(lb, scheme)?.trim().toLowerCase();
    return text === 'internal' ? 'internal' : text === 'internet-facing' ? 'internet-facing' : undefined;
  }
  const internal = flag(lb, setting(lb, 'internal'), false);
  return internal === undefined ? undefined : internal ? 'internal' : 'internet-facing';
}

/** `application`, `network`, `gateway` or `classic`; undefined when unknown. */
export function typeOf(lb: Resource): string | undefined {
  if (CLASSIC_LB_KINDS.includes(lb.kind)) return 'classic';
  const value = setting(lb, lb.input === 'cfn' ? 'Type' : 'load_balancer_type');
  if (value === undefined || value === null) return 'application';
  return textOf(lb, value)?.trim().toLowerCase();
}

/** The load balancers of the unit that use a security group (by reference). */
export function loadBalancersUsing(model: Model, group: Resource): Resource[] {
  return unitResources(model, group, ...LB_KINDS, ...CLASSIC_LB_KINDS).filter((lb) => {
    const groups = setting(lb, lb.input === 'cfn' ? 'SecurityGroups' : 'security_groups');
    return referencedResources(model, lb, groups, group.kind).some((g) => g === group);
  });
}

/** A security group's `Name` tag, which the AWS Load Balancer Controller matches in its security-groups annotation. */
function nameTag(group: Resource): string | undefined {
  if (group.input === 'cfn') {
    const tag = list(setting(group, 'Tags')).find((t) => isRecord(t) && textOf(group, t.Key) === 'Name');
    return isRecord(tag) ? textOf(group, tag.Value) : undefined;
  }
  return textOf(group, get(setting(group, 'tags'), ['Name']));
}

/**
 * Schemes of the ALB Ingresses (AWS Load Balancer Controller) that attach a
 * security group through `alb.ingress.kubernetes.io/security-groups`, by the
 * group's Name tag: the ALB itself is then created by the controller, not the code.
 */
export function ingressSchemesUsing(model: Model, group: Resource): string[] {
  const name = nameTag(group);
  if (!name) return [];
  return model.ofKind('Ingress').filter((ingress) => {
    if (!isIngress(ingress)) return false;
    const listed = annotationsOf(ingress)[`${ALB}security-groups`] ?? '';
    return listed.split(',').some((entry) => entry.trim() === name);
  }).map((ingress) => albScheme(ingress, model));
}
