import type { Rule } from '../../core/types.js';
import { defaultServiceAccountAutomount } from './default-service-account-automount.js';
import { eksClusterAccess } from './eks-cluster-access.js';
import { eksControlPlaneLogs } from './eks-control-plane-logs.js';
import { eksManagedNodeGroups } from './eks-managed-node-groups.js';
import { eksPrivateEndpoint } from './eks-private-endpoint.js';
import { eksVersionCurrent } from './eks-version-current.js';
import { noExternalIpServices } from './no-external-ip-services.js';
import { noNodePortServices } from './no-nodeport-services.js';
import { nodeRoleMinimal } from './node-role-minimal.js';

export const clusterRules: Rule[] = [
  noNodePortServices,
  noExternalIpServices,
  defaultServiceAccountAutomount,
  eksPrivateEndpoint,
  eksControlPlaneLogs,
  eksVersionCurrent,
  eksManagedNodeGroups,
  nodeRoleMinimal,
  eksClusterAccess,
];
