import { KIND, type LoadBalancerFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

export const awsAlbWaf: Rule = {
  id: 'aws-alb-waf',
  practice: 'NET-WAF',
  severity: 'medium',
  title: 'Internet-facing Application Load Balancers have a WAF web ACL',
  rationale:
    'An internet-facing ALB receives every scanner\'s and bot\'s traffic. A web ACL with the AWS managed rule groups blocks common exploits (SQL injection, known bad inputs, Log4Shell-style payloads) and rate-limits abusive clients before they reach the services.',
  remediation:
    'Associate a WAFv2 web ACL with the load balancer (the AWS Load Balancer Controller annotation `alb.ingress.kubernetes.io/wafv2-acl-arn`, or `aws wafv2 associate-web-acl`), with at least AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and a rate-based rule.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const lb = factsOf<LoadBalancerFacts>(resource, KIND.loadBalancer);
    if (!lb || lb.type !== 'application' || lb.scheme !== 'internet-facing') return;
    if (lb.webAcl === null) yield { message: `internet-facing Application Load Balancer ${lb.name} has no WAF web ACL: associate one with the AWS managed rule groups` };
  },
};
