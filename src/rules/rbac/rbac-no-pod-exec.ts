import type { Report, Rule } from '../../core/types.js';
import { anchorOf, describe, grants, policyRules, type Match } from './rbac-model.js';

/** Subresources that run code in, or open a channel into, a running pod. */
const INTERACTIVE: ReadonlyArray<{ resource: string; verbs: readonly string[] }> = [
  // create is the SPDY form; the WebSocket form of exec/attach/portforward is a GET.
  { resource: 'pods/exec', verbs: ['create', 'get'] },
  { resource: 'pods/attach', verbs: ['create', 'get'] },
  { resource: 'pods/portforward', verbs: ['create', 'get'] },
  // Adding an ephemeral (debug) container is an update of this subresource.
  { resource: 'pods/ephemeralcontainers', verbs: ['update', 'patch'] },
];

export const rbacNoPodExec: Rule = {
  id: 'rbac-no-pod-exec',
  practice: 'K8S-RBAC-LEAST-PRIVILEGE',
  severity: 'high',
  title: 'Roles do not grant exec, attach, port-forward or debug containers',
  rationale:
    'pods/exec and pods/attach run commands inside other pods, with their service-account tokens, mounted Secrets and network position; pods/portforward reaches ports that network policies keep private, and pods/ephemeralcontainers injects a debug container with the pod\'s identity. A workload holding them can pivot into every pod in scope.',
  remediation:
    'Remove `pods/exec`, `pods/attach`, `pods/portforward` and `pods/ephemeralcontainers` from workload roles; give people break-glass access through a separate, audited Role bound to an IAM-mapped group.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    for (const rule of policyRules(resource)) {
      const found: Array<{ resource: string; match: Match }> = [];
      for (const entry of INTERACTIVE) {
        const match = grants(rule, entry.verbs, '', [entry.resource]);
        if (match) found.push({ resource: entry.resource, match });
      }
      if (found.length === 0) continue;
      yield {
        path: anchorOf(found[0].match).path,
        message: `${describe(resource)} rule #${rule.index} grants ${found.map((f) => f.resource).join(', ')}: remove interactive pod access from the role`,
      };
    }
  },
};
