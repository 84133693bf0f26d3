import type { Rule } from '../../core/types.js';
import { albWafAttached } from './alb-waf-attached.js';
import { defaultDenyNetworkPolicy } from './default-deny-network-policy.js';
import { egressFirewall } from './egress-firewall.js';
import { ingressTls } from './ingress-tls.js';
import { lbListenerTls } from './lb-listener-tls.js';
import { mtlsStrict } from './mtls-strict.js';
import { namespacePerDomain } from './namespace-per-domain.js';
import { noBroadCrossNamespacePolicy } from './no-broad-cross-namespace-policy.js';
import { nodesInPrivateSubnets } from './nodes-in-private-subnets.js';
import { securityGroupRestricted } from './security-group-restricted.js';
import { wafOnPublicIngress } from './waf-on-public-ingress.js';

export const networkRules: Rule[] = [
  defaultDenyNetworkPolicy,
  noBroadCrossNamespacePolicy,
  namespacePerDomain,
  mtlsStrict,
  ingressTls,
  wafOnPublicIngress,
  nodesInPrivateSubnets,
  securityGroupRestricted,
  albWafAttached,
  lbListenerTls,
  egressFirewall,
];
