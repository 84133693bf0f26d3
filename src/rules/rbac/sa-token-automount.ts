import { podSpecOf } from '../../core/kinds.js';
import type { Report, Rule } from '../../core/types.js';
import { record } from '../../core/values.js';
import { bindingsOfServiceAccount, describe, findServiceAccount, serviceAccountOf } from './rbac-model.js';

export const saTokenAutomount: Rule = {
  id: 'sa-token-automount',
  practice: 'K8S-SA-TOKEN-AUTOMOUNT',
  severity: 'medium',
  title: 'Service-account tokens are not mounted into pods that do not use the API',
  rationale:
    'Kubernetes mounts a service-account token into every pod unless told otherwise; anyone who gets code execution in the pod (an RCE, a compromised dependency) reads it from /var/run/secrets and talks to the API server as that identity, and on clusters with lax RBAC that is a foothold for lateral movement. A workload whose ServiceAccount is bound by a RoleBinding or ClusterRoleBinding in the scan is taken to need the API and may mount its token.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount the pod uses); a workload that calls the API should have its own ServiceAccount with a RoleBinding granting only what it needs.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    const pod = podSpecOf(resource);
    if (!pod) return;
    const podSetting = pod.spec.automountServiceAccountToken;
    if (podSetting === false) return;
    const ref = serviceAccountOf(pod);
    const sa = findServiceAccount(model, resource.namespace, ref.name);
    const saSetting = sa ? record(sa.value).automountServiceAccountToken : undefined;
    if (podSetting !== true && saSetting === false) return;
    if (bindingsOfServiceAccount(model, resource.namespace, ref.name).length > 0) return;

    const who = `${describe(resource)} (ServiceAccount "${ref.name}")`;
    if (podSetting === true) {
      yield {
        path: [...pod.specPath, 'automountServiceAccountToken'],
        message: `${who} mounts its service-account token (automountServiceAccountToken: true) though no binding in the scan grants it API access: set it to false`,
      };
    } else if (!sa) {
      yield {
        path: ref.path,
        message: `${who} gets a service-account token mounted by default and its ServiceAccount is not in the scan: set automountServiceAccountToken: false in the pod spec`,
      };
    } else if (saSetting === true) {
      yield {
        path: ref.path,
        message: `${who} gets a service-account token mounted because its ServiceAccount sets automountServiceAccountToken: true and the pod does not override it: set it to false`,
      };
    } else {
      yield {
        path: ref.path,
        message: `${who} gets a service-account token mounted because neither the pod nor the ServiceAccount sets automountServiceAccountToken: false`,
      };
    }
  },
};
