// The Kubernetes side of the platform: per namespace, per service and cluster-wide.
import { yamlFile, type GeneratedFile } from '../files.js';
import type { PlatformSpec } from '../spec.js';
import { clusterFiles } from './cluster.js';
import { publicIngress, serviceMonitor } from './edge.js';
import { namespaceFiles } from './namespace.js';
import { networkPolicies } from './network-policies.js';
import { secretObjects } from './secrets.js';
import { apiAccess, autoscaler, clusterIpService, deployment, disruptionBudget, serviceAccount } from './workload.js';

export function generateKubernetes(spec: PlatformSpec): GeneratedFile[] {
  const files = [...namespaceFiles(spec), ...clusterFiles(spec)];
  for (const service of spec.services) {
    const dir = `kubernetes/services/${service.name}`;
    files.push(
      yamlFile(`${dir}/serviceaccount.yaml`, [serviceAccount(spec, service)]),
      yamlFile(`${dir}/deployment.yaml`, [deployment(spec, service)]),
      yamlFile(`${dir}/service.yaml`, [clusterIpService(spec, service)]),
      yamlFile(`${dir}/autoscaling.yaml`, [autoscaler(spec, service), disruptionBudget(spec, service)]),
      yamlFile(`${dir}/network-policies.yaml`, networkPolicies(spec, service)),
      yamlFile(`${dir}/servicemonitor.yaml`, [serviceMonitor(spec, service)]),
    );
    const secrets = secretObjects(spec, service);
    if (secrets.length > 0) files.push(yamlFile(`${dir}/secrets.yaml`, secrets));
    const rbac = apiAccess(spec, service);
    if (rbac.length > 0) files.push(yamlFile(`${dir}/rbac.yaml`, rbac));
    if (service.public) files.push(yamlFile(`${dir}/ingress.yaml`, [publicIngress(spec, service)]));
  }
  return files;
}
