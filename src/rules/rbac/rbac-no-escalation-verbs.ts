import type { Report, Rule } from '../../core/types.js';
import { anchorOf, describe, grants, policyRules, RBAC_GROUP, type Match } from './rbac-model.js';

interface Escalation {
  verbs: readonly string[];
  group: string;
  resources: readonly string[];
  /** What the grant lets its holder do, for the message. */
  what: string;
}

const RBAC_ROLES = ['roles', 'clusterroles'];
const RBAC_OBJECTS = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];

/** Grants that let their holder raise its own privileges (Kubernetes RBAC good practices, "privilege escalation risks"). */
const ESCALATIONS: readonly Escalation[] = [
  { verbs: ['escalate'], group: RBAC_GROUP, resources: RBAC_ROLES, what: 'escalate (write roles with permissions it lacks)' },
  { verbs: ['bind'], group: RBAC_GROUP, resources: RBAC_ROLES, what: 'bind (bind roles with permissions it lacks)' },
  { verbs: ['impersonate'], group: '', resources: ['users', 'groups', 'serviceaccounts'], what: 'impersonate users, groups or service accounts' },
  { verbs: ['create', 'update', 'patch'], group: RBAC_GROUP, resources: RBAC_OBJECTS, what: 'write roles and role bindings' },
  { verbs: ['create'], group: '', resources: ['serviceaccounts/token'], what: 'mint tokens for other service accounts (create serviceaccounts/token)' },
  { verbs: ['get', 'create', 'update', 'patch', 'delete'], group: '', resources: ['nodes/proxy'], what: 'reach the kubelet API through nodes/proxy (exec in any pod on the node)' },
  {
    verbs: ['create', 'update', 'patch'],
    group: 'admissionregistration.k8s.io',
    resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
    what: 'write admission webhooks (intercept or rewrite every object)',
  },
  { verbs: ['update', 'patch'], group: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'], what: 'approve certificate signing requests (issue client certificates)' },
];

export const rbacNoEscalationVerbs: Rule = {
  id: 'rbac-no-escalation-verbs',
  practice: 'K8S-RBAC-LEAST-PRIVILEGE',
  severity: 'critical',
  title: 'Roles do not grant privilege-escalation permissions',
  rationale:
    'Some permissions are cluster-admin in disguise: escalate and bind let a subject grant itself any role, impersonate lets it act as anyone, write access to RBAC objects or admission webhooks rewrites the rules, serviceaccounts/token mints any identity\'s token, nodes/proxy reaches the kubelet API (exec in every pod on a node) and CSR approval issues client certificates. A stolen token with any of them owns the cluster.',
  remediation:
    'Remove these verbs and resources from the rule; only cluster-management controllers (installed by the platform team and reviewed) need them, and then scoped with `resourceNames` where possible.',
  inputs: ['k8s'],
  *check(resource): Iterable<Report> {
    for (const rule of policyRules(resource)) {
      const found: Array<{ escalation: Escalation; match: Match }> = [];
      for (const escalation of ESCALATIONS) {
        const match = grants(rule, escalation.verbs, escalation.group, escalation.resources);
        if (match && !found.some((f) => f.escalation.what === escalation.what)) found.push({ escalation, match });
      }
      if (found.length === 0) continue;
      // One finding per rule: at the explicit escalation verb if there is one, else at the grant's key entry.
      const first = found[0];
      const explicit = found.find((f) => ['escalate', 'bind', 'impersonate'].includes(f.match.verb.value));
      const anchor = explicit ? explicit.match.verb : anchorOf(first.match);
      const whats = found.map((f) => f.escalation.what);
      const listed = whats.length > 3 ? `${whats.slice(0, 3).join('; ')} and ${whats.length - 3} more` : whats.join('; ');
      // resourceNames narrows the grant to named objects: still an escalation path, but a reviewed one.
      const named = rule.resourceNames.length > 0;
      yield {
        path: anchor.path,
        severity: named ? 'high' : 'critical',
        message: `${describe(resource)} rule #${rule.index} lets its holder escalate privileges${named ? ' on the objects in resourceNames' : ''}: ${listed}`,
      };
    }
  },
};
