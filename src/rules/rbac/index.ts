import type { Rule } from '../../core/types.js';
import { noClusterAdminBinding } from './no-cluster-admin-binding.js';
import { rbacNoEscalationVerbs } from './rbac-no-escalation-verbs.js';
import { rbacNoPodExec } from './rbac-no-pod-exec.js';
import { rbacNoSecretsRead } from './rbac-no-secrets-read.js';
import { rbacNoWildcards } from './rbac-no-wildcards.js';
import { saTokenAutomount } from './sa-token-automount.js';

export const rbacRules: Rule[] = [
  saTokenAutomount,
  noClusterAdminBinding,
  rbacNoWildcards,
  rbacNoSecretsRead,
  rbacNoEscalationVerbs,
  rbacNoPodExec,
];
