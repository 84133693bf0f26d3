import type { Rule } from '../../core/types.js';
import { defaultDenyNetworkPolicy } from './default-deny-network-policy.js';
import { ingressTls } from './ingress-tls.js';
import { mtlsStrict } from './mtls-strict.js';
import { namespacePerDomain } from './namespace-per-domain.js';
import { noBroadCrossNamespacePolicy } from './no-broad-cross-namespace-policy.js';
import { wafOnPublicIngress } from './waf-on-public-ingress.js';

export const networkRules: Rule[] = [
  defaultDenyNetworkPolicy,
  noBroadCrossNamespacePolicy,
  namespacePerDomain,
  mtlsStrict,
  ingressTls,
  wafOnPublicIngress,
];
