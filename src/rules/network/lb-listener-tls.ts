import { at, blocksAt, describe, isUnset, referencedResources, setting, textOf } from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule, Severity } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';
import { LB_KINDS, schemeOf, typeOf } from './lb-support.js';

const LISTENER_KINDS = ['aws_lb_listener', 'aws_alb_listener', 'AWS::ElasticLoadBalancingV2::Listener'];

/** TLS 1.3 policies, and the forward-secrecy TLS 1.2 ones. */
const CURRENT_POLICY = /TLS13|FS-1-2/i;

function loadBalancerOf(model: Model, listener: Resource): Resource | undefined {
  const arn = setting(listener, listener.input === 'cfn' ? 'LoadBalancerArn' : 'load_balancer_arn');
  return referencedResources(model, listener, arn, ...LB_KINDS)[0];
}

interface Action {
  type: string | undefined;
  redirectProtocol: string | undefined;
  path: KeyPath;
}

function defaultActions(listener: Resource): Action[] | undefined {
  if (listener.input === 'cfn') {
    const actions = setting(listener, 'DefaultActions');
    if (!Array.isArray(actions)) return undefined;
    return actions.map((action, i) => ({
      type: textOf(listener, get(action, ['Type']))?.toLowerCase(),
      redirectProtocol: textOf(listener, get(action, ['RedirectConfig', 'Protocol'])),
      path: at(listener, 'DefaultActions', i),
    }));
  }
  const blocks = blocksAt(listener, 'default_action');
  if (blocks.length === 0) return undefined;
  return blocks.map((block) => {
    const redirect = list(block.value.redirect)[0] ?? (isRecord(block.value.redirect) ? block.value.redirect : undefined);
    return {
      type: textOf(listener, block.value.type)?.toLowerCase(),
      redirectProtocol: textOf(listener, get(redirect, ['protocol'])),
      path: block.path,
    };
  });
}

export const lbListenerTls: Rule = {
  id: 'lb-listener-tls',
  practice: 'NET-TLS-INGRESS',
  severity: 'high',
  title: 'Load-balancer listeners serve TLS with a current policy and redirect HTTP to HTTPS',
  rationale:
    'A plain-HTTP listener that forwards to the application sends session tokens and credentials in clear text across the internet, where anyone on the path can read or change them. An HTTPS listener with an old security policy still accepts TLS 1.0/1.1 and ciphers without forward secrecy, which downgrade attacks exploit.',
  remediation:
    'Give HTTP listeners (`aws_lb_listener` protocol HTTP, CloudFormation `AWS::ElasticLoadBalancingV2::Listener`) only a `default_action { type = "redirect" redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }`, and serve traffic on an HTTPS listener with an ACM certificate and `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or a newer TLS13 policy).',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    if (!LISTENER_KINDS.includes(resource.kind)) return;
    const cfn = resource.input === 'cfn';
    const protocolValue = setting(resource, cfn ? 'Protocol' : 'protocol');
    const lb = loadBalancerOf(model, resource);
    let protocol = textOf(resource, protocolValue)?.trim().toUpperCase();
    // Without a protocol an Application Load Balancer's listener is HTTP.
    if (protocol === undefined && isUnset(resource, protocolValue) && lb && typeOf(lb) === 'application') protocol = 'HTTP';
    const what = `listener ${describe(resource)}`;
    const protocolPath = protocolValue !== undefined ? at(resource, cfn ? 'Protocol' : 'protocol') : [];
    if (protocol === 'HTTP') {
      const actions = defaultActions(resource);
      if (!actions) return;
      if (actions.some((a) => a.type === 'redirect' && a.redirectProtocol?.trim().toUpperCase() === 'HTTPS')) return;
      if (actions.some((a) => a.type === 'redirect' && a.redirectProtocol === undefined)) return; // redirect target unknown
      const internal = lb !== undefined && schemeOf(lb) === 'internal';
      const severity: Severity = internal ? 'medium' : 'high';
      yield {
        path: protocolPath,
        severity,
        message: `${what} serves plain HTTP${internal ? ' on an internal load balancer' : ''} without redirecting to HTTPS: make its default action a redirect with protocol HTTPS and serve traffic on an HTTPS listener`,
      };
      return;
    }
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return;
    const policyValue = setting(resource, cfn ? 'SslPolicy' : 'ssl_policy');
    const key = cfn ? 'SslPolicy' : 'ssl_policy';
    if (isUnset(resource, policyValue)) {
      yield {
        path: protocolPath,
        severity: 'medium',
        message: `${what} sets no ${key}, so it gets the API's default policy (ELBSecurityPolicy-2016-08 for listeners created through the API, which admits TLS 1.0): set ${key} = "ELBSecurityPolicy-TLS13-1-2-2021-06"`,
      };
      return;
    }
    const policy = textOf(resource, policyValue);
    if (policy === undefined || CURRENT_POLICY.test(policy)) return;
    yield {
      path: at(resource, key),
      severity: 'medium',
      message: `${what} uses the outdated TLS policy ${policy}: use a TLS 1.3 policy such as ELBSecurityPolicy-TLS13-1-2-2021-06`,
    };
  },
};
