import type { Report, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';

export const noNodePortServices: Rule = {
  id: 'no-nodeport-services',
  practice: 'CLU-DISABLE-UNUSED',
  severity: 'medium',
  title: 'Services are not exposed as NodePort',
  rationale:
    'A NodePort Service opens its port on every node of the cluster, bypassing the load balancer, its TLS, WAF and security-group rules: anything that can reach a node reaches the workload. It also widens the node security groups that have to admit the NodePort range.',
  remediation:
    'Use `spec.type: ClusterIP` behind an Ingress or Gateway, or `type: LoadBalancer` with the AWS Load Balancer Controller in IP target mode (`service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip`, and `spec.allocateLoadBalancerNodePorts: false` so no node ports are allocated).',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (resource.input !== 'k8s' || resource.kind !== 'Service' || resource.apiVersion !== 'v1') return;
    // LoadBalancer Services also get node ports unless allocateLoadBalancerNodePorts is false; that is the load balancer's path, not flagged.
    if (get(resource.value, ['spec', 'type']) !== 'NodePort') return;
    yield {
      path: ['spec', 'type'],
      message: `Service "${resource.name}" is of type NodePort, which opens its ports on every node: use ClusterIP behind an Ingress or a LoadBalancer in IP target mode`,
    };
  },
};
