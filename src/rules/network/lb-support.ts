// Load balancers in Terraform and CloudFormation, for the network rules:
// which are internet-facing, of which type, and which security groups they use.
import { derived, flag, referrers, setting, textOf } from '../../core/iac.js';
import type { Model, Resource } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';
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

const ALL_LB_KINDS = [...LB_KINDS, ...CLASSIC_LB_KINDS];

/** The load balancers of the unit that use a security group (by reference). */
export function loadBalancersUsing(model: Model, group: Resource): readonly Resource[] {
  return referrers(model, group, ALL_LB_KINDS, { terraform: ['security_groups'], cfn: ['SecurityGroups'] });
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
export function ingressSchemesUsing(model: Model, group: Resource): readonly string[] {
  const name = nameTag(group);
  if (!name) return [];
  const byGroupName = derived(model, 'lb-support\u0000ingress-security-groups', () => {
    const schemes = new Map<string, string[]>();
    for (const ingress of model.ofKind('Ingress')) {
      if (!isIngress(ingress)) continue;
      const listed = annotationsOf(ingress)[`${ALB}security-groups`] ?? '';
      if (listed === '') continue;
      const names = new Set(listed.split(',').map((entry) => entry.trim()));
      const scheme = albScheme(ingress, model);
      for (const listedName of names) {
        const found = schemes.get(listedName);
        if (found) found.push(scheme);
        else schemes.set(listedName, [scheme]);
      }
    }
    return schemes;
  });
  return byGroupName.get(name) ?? [];
}
