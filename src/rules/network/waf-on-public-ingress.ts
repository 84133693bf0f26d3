import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, str } from '../../core/values.js';
import { ALB, albGroupMembers, albParams, albScheme, annotationsOf, controllerOf, isIngress } from './ingress-controllers.js';

/** Annotations that associate a web ACL: WAFv2 by ARN or name, WAF Classic (regional), and the v1 controller's name. */
const WAF_ANNOTATIONS = ['wafv2-acl-arn', 'wafv2-acl-name', 'waf-acl-id', 'web-acl-id'].map((a) => `${ALB}${a}`);

export const wafOnPublicIngress: Rule = {
  id: 'waf-on-public-ingress',
  practice: 'NET-WAF',
  severity: 'medium',
  title: 'Internet-facing ALB Ingresses are protected by AWS WAF',
  rationale:
    'An internet-facing ALB forwards every request, including injection payloads, credential stuffing and request floods, straight to the pods. A WAF web ACL with the AWS managed rule groups and a rate-based rule blocks the common attacks and abusive clients before they reach the application.',
  remediation:
    'Set `alb.ingress.kubernetes.io/wafv2-acl-arn: arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>` (or `spec.wafv2AclArn` in the IngressClassParams) on one Ingress of each ALB; the web ACL holds the managed rule groups and a rate-based rule. If the ACL is associated outside Kubernetes (Firewall Manager, Terraform), suppress the finding with that reason.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    if (!isIngress(resource) || controllerOf(resource, model) !== 'alb') return;
    const members = albGroupMembers(resource, model);
    if (!members.some((m) => albScheme(m, model) === 'internet-facing')) return;
    const what = `Ingress "${resource.name}"`;
    const own = annotationsOf(resource);
    const disabling = WAF_ANNOTATIONS.find((a) => own[a]?.trim().toLowerCase() === 'none');
    if (disabling) {
      yield {
        path: ['metadata', 'annotations', disabling],
        message: `${what} is served by an internet-facing ALB and removes its WAF web ACL (${disabling.slice(ALB.length)}: none): associate a web ACL`,
      };
      return;
    }
    if (members.some((m) => hasWaf(m, model))) return;
    // One finding per load balancer: at the Ingresses that make it internet-facing, else at the first member.
    const declaring = members.filter((m) => annotationsOf(m)[`${ALB}scheme`] === 'internet-facing');
    if (!(declaring.length > 0 ? declaring : members.slice(0, 1)).includes(resource)) return;
    yield {
      path: anchor(resource),
      message: `${what} is served by an internet-facing ALB without a WAF web ACL: set ${ALB}wafv2-acl-arn`,
    };
  },
};

function hasWaf(ingress: Resource, model: Model): boolean {
  const annotations = annotationsOf(ingress);
  if (WAF_ANNOTATIONS.some((a) => isAcl(annotations[a]))) return true;
  const params = albParams(ingress, model);
  return isAcl(str(params.wafv2AclArn)) || isAcl(str(params.wafv2AclName));
}

function isAcl(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && value.trim().toLowerCase() !== 'none';
}

function anchor(ingress: Resource): KeyPath {
  if (annotationsOf(ingress)[`${ALB}scheme`] !== undefined) return ['metadata', 'annotations', `${ALB}scheme`];
  if (get(ingress.value, ['spec', 'ingressClassName']) !== undefined) return ['spec', 'ingressClassName'];
  return ['metadata'];
}
