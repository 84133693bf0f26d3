import type { Report, Rule } from '../../core/types.js';
import { get, list } from '../../core/values.js';

export const noExternalIpServices: Rule = {
  id: 'no-external-ip-services',
  practice: 'CLU-DISABLE-UNUSED',
  severity: 'high',
  title: 'Services do not set externalIPs',
  rationale:
    'kube-proxy sends traffic for any address listed in a Service\'s spec.externalIPs to that Service\'s pods, for every pod in the cluster, without checking that the address is owned (CVE-2020-8554). Whoever can create a Service can thereby intercept traffic meant for another service or an external endpoint.',
  remediation:
    'Remove `spec.externalIPs`; expose the Service with `type: LoadBalancer` or an Ingress instead, and block the field at admission (the DenyServiceExternalIPs admission plugin or a policy engine).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (resource.input !== 'k8s' || resource.kind !== 'Service' || resource.apiVersion !== 'v1') return;
    const ips = list(get(resource.value, ['spec', 'externalIPs']));
    if (ips.length === 0) return;
    yield {
      path: ['spec', 'externalIPs'],
      message: `Service "${resource.name}" sets spec.externalIPs, which lets it capture traffic to ${ips.length === 1 ? 'that address' : 'those addresses'} cluster-wide: remove externalIPs`,
    };
  },
};
