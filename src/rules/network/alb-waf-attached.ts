import { at, derived, describe, referencedResources, referrers, setting, unitOf, unitResources } from '../../core/iac.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { isRecord } from '../../core/values.js';
import { LB_KINDS, schemeOf, typeOf } from './lb-support.js';

const ASSOCIATION_KINDS = ['aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation'];

const TARGET = { terraform: ['resource_arn'], cfn: ['ResourceArn'] };

/** Whether the scan associates a web ACL with the load balancer; undefined when an association's target is unknown. */
function hasWebAcl(model: Model, lb: Resource): boolean | undefined {
  if (referrers(model, lb, ASSOCIATION_KINDS, TARGET).length > 0) return true;
  // A target that is no load balancer of the unit (a variable, another module's output) may still be this one.
  const unknown = derived(model, `alb-waf-attached\u0000unknown\u0000${unitOf(lb)}`, () =>
    unitResources(model, lb, ...ASSOCIATION_KINDS).some((association) => {
      const target = setting(association, association.input === 'cfn' ? 'ResourceArn' : 'resource_arn');
      return referencedResources(model, association, target, ...LB_KINDS).length === 0;
    }),
  );
  return unknown ? undefined : false;
}

/** Whether any key of a web ACL's rules (HCL blocks, plan JSON, CloudFormation, rule_json) is one of `keys`; bounded walk. */
function containsKey(value: unknown, keys: ReadonlySet<string>): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visited = 0;
  while (stack.length > 0 && visited < 10_000) {
    const [node, depth] = stack.pop()!;
    visited++;
    if (Array.isArray(node)) {
      if (depth < 40) for (const child of node) stack.push([child, depth + 1]);
    } else if (isRecord(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (keys.has(key)) return true;
        if (depth < 40) stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}

const MANAGED = new Set(['managed_rule_group_statement', 'ManagedRuleGroupStatement']);
const RATE = new Set(['rate_based_statement', 'RateBasedStatement']);
const REFERENCED_GROUP = new Set(['rule_group_reference_statement', 'RuleGroupReferenceStatement']);

function* webAcl(resource: Resource): Iterable<Report> {
  const rules = resource.input === 'cfn' ? setting(resource, 'Rules') : [resource.value];
  const rulesPath = resource.input === 'cfn' ? at(resource, 'Rules') : [];
  // In HCL, rules may also be given as JSON in `rule_json` (decoded when the scan could read it).
  if (resource.input === 'terraform' && typeof setting(resource, 'rule_json') === 'string') return;
  const what = `web ACL ${describe(resource)}`;
  if (!containsKey(rules, MANAGED)) {
    yield {
      path: rulesPath,
      severity: 'low',
      message: `${what} uses no AWS managed rule group: add ${resource.input === 'cfn' ? 'ManagedRuleGroupStatement' : 'managed_rule_group_statement'} rules for AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet`,
    };
  }
  // A referenced rule group may hold the rate-based rule.
  if (!containsKey(rules, RATE) && !containsKey(rules, REFERENCED_GROUP)) {
    yield {
      path: rulesPath,
      severity: 'low',
      message: `${what} has no rate-based rule: add a ${resource.input === 'cfn' ? 'RateBasedStatement' : 'rate_based_statement'} that limits requests per client IP`,
    };
  }
}

export const albWafAttached: Rule = {
  id: 'alb-waf-attached',
  practice: 'NET-WAF',
  severity: 'medium',
  title: 'Internet-facing ALBs have a WAF web ACL with managed rules and rate limiting',
  rationale:
    'An internet-facing Application Load Balancer forwards every request, including injection payloads, scanners and request floods, straight to the services behind it. An AWS WAF web ACL with the AWS managed rule groups blocks the common attacks, and a rate-based rule throttles abusive clients before they reach the pods.',
  remediation:
    'Add an `aws_wafv2_web_acl` (scope REGIONAL; CloudFormation `AWS::WAFv2::WebACL`) with `managed_rule_group_statement` rules (AWSManagedRulesCommonRuleSet, KnownBadInputs) and a `rate_based_statement`, and associate it with `aws_wafv2_web_acl_association { resource_arn = aws_lb.<name>.arn }` (`AWS::WAFv2::WebACLAssociation`). If Firewall Manager associates the ACL, suppress the finding with that reason.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (resource.kind === 'aws_wafv2_web_acl' || resource.kind === 'AWS::WAFv2::WebACL') {
      yield* webAcl(resource);
      return;
    }
    if (!LB_KINDS.includes(resource.kind)) return;
    if (typeOf(resource) !== 'application' || schemeOf(resource) !== 'internet-facing') return;
    if (hasWebAcl(model, resource) !== false) return;
    const internal = setting(resource, resource.input === 'cfn' ? 'Scheme' : 'internal');
    yield {
      path: internal !== undefined ? at(resource, resource.input === 'cfn' ? 'Scheme' : 'internal') : [],
      message: `internet-facing application load balancer ${describe(resource)} has no WAF web ACL associated: add ${resource.input === 'cfn' ? 'an AWS::WAFv2::WebACLAssociation whose ResourceArn is' : 'an aws_wafv2_web_acl_association whose resource_arn is'} this load balancer`,
    };
  },
};
