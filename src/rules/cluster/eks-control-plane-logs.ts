import { at, describe, isModule, isUnset, itemsAt, literalOf, moduleArgument, setting } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';

/** Who did what in the cluster, and who authenticated as whom: without these an incident cannot be reconstructed. */
const ESSENTIAL = ['audit', 'authenticator'];
/** Useful for troubleshooting and detection, but less critical. */
const RECOMMENDED = ['api', 'controllerManager', 'scheduler'];

interface LogSetting {
  /** The enabled types, lower-cased; undefined when unknown. */
  types: Set<string> | undefined;
  /** Known not to be set: no control-plane logs at all. */
  unset: boolean;
  path: KeyPath;
  key: string;
}

function terraformLogs(resource: Resource, key: string): LogSetting {
  const value = get(resource.value, [key]);
  if (isUnset(resource, value)) return { types: new Set(), unset: true, path: [], key };
  return { types: knownTypes(resource, itemsAt(resource, key)?.map((i) => i.literal)), unset: false, path: [key], key };
}

function cfnLogs(resource: Resource): LogSetting {
  const key = 'Logging.ClusterLogging.EnabledTypes';
  const value = setting(resource, 'Logging', 'ClusterLogging', 'EnabledTypes');
  if (isUnset(resource, value)) {
    const logging = setting(resource, 'Logging');
    return { types: new Set(), unset: true, path: logging === undefined ? at(resource) : at(resource, 'Logging'), key };
  }
  if (!Array.isArray(value)) return { types: undefined, unset: false, path: at(resource, 'Logging'), key };
  const literals = value.map((entry) => (isRecord(entry) ? literalOf(resource, entry.Type) : undefined));
  return { types: knownTypes(resource, literals), unset: false, path: at(resource, 'Logging', 'ClusterLogging', 'EnabledTypes'), key };
}

function knownTypes(_resource: Resource, literals: unknown[] | undefined): Set<string> | undefined {
  if (!literals) return undefined;
  const types = new Set<string>();
  for (const literal of literals) {
    if (typeof literal !== 'string') return undefined; // one unknown element may be any type
    types.add(literal.trim().toLowerCase());
  }
  return types;
}

function logSetting(resource: Resource): LogSetting | undefined {
  if (resource.kind === 'aws_eks_cluster') return terraformLogs(resource, 'enabled_cluster_log_types');
  if (resource.kind === 'AWS::EKS::Cluster') return cfnLogs(resource);
  if (isModule(resource, 'eks')) {
    // The module enables audit, api and authenticator by default: only an explicit list is judged.
    const argument = moduleArgument(resource, 'cluster_enabled_log_types', 'enabled_log_types');
    if (!argument) return undefined;
    return terraformLogs(resource, argument.key);
  }
  return undefined;
}

export const eksControlPlaneLogs: Rule = {
  id: 'eks-control-plane-logs',
  practice: 'DET-EKS-AUDIT-LOGS',
  severity: 'high',
  title: 'EKS control-plane audit and authenticator logs are enabled',
  rationale:
    'The Kubernetes audit log records who read which secret, who exec\'d into which pod and who changed RBAC; the authenticator log maps those Kubernetes users to IAM principals. EKS ships neither unless the cluster enables them, so after a compromise there is no record of what the attacker did or which credentials they used.',
  remediation:
    'Set `enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]` on `aws_eks_cluster` (CloudFormation `Logging.ClusterLogging.EnabledTypes`, module `cluster_enabled_log_types`), give the `/aws/eks/<cluster>/cluster` log group a retention and ship it to the central log store or SIEM.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    const logs = logSetting(resource);
    if (!logs?.types) return;
    const what = `EKS cluster ${describe(resource)}`;
    if (logs.unset || logs.types.size === 0) {
      yield {
        path: logs.path,
        message: `${what} enables no control-plane logs: set ${logs.key} to include audit and authenticator (and api, controllerManager, scheduler)`,
      };
      return;
    }
    const missingEssential = ESSENTIAL.filter((t) => !logs.types!.has(t.toLowerCase()));
    const missingRecommended = RECOMMENDED.filter((t) => !logs.types!.has(t.toLowerCase()));
    if (missingEssential.length > 0) {
      yield {
        path: logs.path,
        message: `${what} does not enable the ${missingEssential.join(' and ')} control-plane log${missingEssential.length > 1 ? 's' : ''}: add ${missingEssential.map((t) => `"${t}"`).join(', ')} to ${logs.key}`,
      };
    } else if (missingRecommended.length > 0) {
      yield {
        path: logs.path,
        severity: 'medium',
        message: `${what} enables audit and authenticator logs but not ${missingRecommended.join(', ')}: add them to ${logs.key} for troubleshooting and detection`,
      };
    }
  },
};
