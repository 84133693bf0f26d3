import { SYSTEM_NAMESPACES } from '../../core/namespaces.js';
import type { Report, Rule } from '../../core/types.js';
import { get } from '../../core/values.js';

export const defaultServiceAccountAutomount: Rule = {
  id: 'default-service-account-automount',
  practice: 'CLU-DISABLE-UNUSED',
  severity: 'low',
  title: 'The default ServiceAccount does not automount its token',
  rationale:
    'Every pod that names no service account runs as the namespace\'s default ServiceAccount and, unless told otherwise, gets its API token mounted. An attacker in any such pod can use the token against the API server, and any permission later bound to default is silently granted to all of those pods.',
  remediation:
    'Set `automountServiceAccountToken: false` on the `default` ServiceAccount of every application namespace, and give workloads that call the API their own ServiceAccount.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    if (resource.input !== 'k8s' || resource.kind !== 'ServiceAccount' || resource.name !== 'default') return;
    if (resource.namespace && SYSTEM_NAMESPACES.has(resource.namespace)) return;
    const automount = get(resource.value, ['automountServiceAccountToken']);
    if (automount === false) return;
    const where = resource.namespace ? `namespace "${resource.namespace}"` : 'its namespace';
    const state = automount === true ? 'sets automountServiceAccountToken: true' : 'does not turn token automount off';
    yield {
      path: automount === undefined ? [] : ['automountServiceAccountToken'],
      message: `the default ServiceAccount of ${where} ${state}, so every pod without its own service account gets an API token: set automountServiceAccountToken: false`,
    };
  },
};
