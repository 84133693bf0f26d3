// What Prometheus and the internet see of a service: its ServiceMonitor, and
// for public services an ALB Ingress (internet-facing, HTTPS only with a
// redirect, the WAF web ACL the Terraform creates).
import { albSecurityGroupName, PROMETHEUS_SELECTOR_LABELS, selectorLabels, serviceLabels, WEB_ACL_ARN_KEY } from '../names.js';
import type { PlatformSpec, ServiceSpec } from '../spec.js';
import { mainPort, metadata, metricsPortName } from './common.js';

/** Replaced by kustomize from terraform-outputs.env (see kustomization.yaml); an unreplaced value fails at the controller. */
export const WEB_ACL_ARN_PLACEHOLDER = `replaced-by-kustomize-from-terraform-output-${WEB_ACL_ARN_KEY}`;
export const WAF_ANNOTATION = 'alb.ingress.kubernetes.io/wafv2-acl-arn';

export function serviceMonitor(spec: PlatformSpec, service: ServiceSpec): unknown {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: metadata(service.name, service.namespace, { ...serviceLabels(spec, service), ...PROMETHEUS_SELECTOR_LABELS }),
    spec: {
      selector: { matchLabels: selectorLabels(service) },
      namespaceSelector: { matchNames: [service.namespace] },
      endpoints: [{ port: metricsPortName(service), path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    },
  };
}

export function publicIngress(spec: PlatformSpec, service: ServiceSpec): unknown {
  const host = service.hostname ?? '';
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    // One ALB (and one WAF association) for every public service of the cluster.
    'alb.ingress.kubernetes.io/group.name': `${spec.cluster.name}-public`,
    // The Terraform's ALB security group (by Name tag): 443/80 from the internet, and the pods admit the ALB from it.
    'alb.ingress.kubernetes.io/security-groups': albSecurityGroupName(spec.cluster),
    'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
    'alb.ingress.kubernetes.io/ssl-redirect': '443',
    'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready',
    'alb.ingress.kubernetes.io/load-balancer-attributes': 'routing.http.drop_invalid_header_fields.enabled=true',
    [WAF_ANNOTATION]: WEB_ACL_ARN_PLACEHOLDER,
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(service.name, service.namespace, serviceLabels(spec, service), annotations),
    spec: {
      ingressClassName: 'alb',
      // No certificate ARN: the controller picks the ACM certificate that covers the TLS host.
      tls: [{ hosts: [host] }],
      rules: [
        {
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service.name, port: { name: mainPort(service).name } } } }] },
        },
      ],
    },
  };
}
