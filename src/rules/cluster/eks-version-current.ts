import { at, describe, isModule, literalOf, moduleArgument, setting } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { EKS_VERSIONS, eksVersionLag } from '../../data/eks-versions.js';

function versionSetting(resource: Resource): { value: unknown; path: KeyPath; key: string } | undefined {
  if (resource.kind === 'aws_eks_cluster') return { value: setting(resource, 'version'), path: ['version'], key: 'version' };
  if (resource.kind === 'AWS::EKS::Cluster') return { value: setting(resource, 'Version'), path: at(resource, 'Version'), key: 'Version' };
  if (isModule(resource, 'eks')) {
    const argument = moduleArgument(resource, 'cluster_version', 'kubernetes_version');
    return argument ? { value: argument.value, path: [argument.key], key: argument.key } : undefined;
  }
  return undefined;
}

export const eksVersionCurrent: Rule = {
  id: 'eks-version-current',
  practice: 'CLU-VERSION-CURRENT',
  severity: 'medium',
  title: 'The EKS cluster runs a current Kubernetes version',
  rationale:
    'Each Kubernetes minor version gets security fixes for a limited time; EKS supports it for 14 months, then for 12 more at an extra per-hour charge, and then upgrades the cluster itself. A cluster that lags several versions behind misses fixes, faces a multi-step upgrade under time pressure and, once out of support, is upgraded by AWS on AWS\'s schedule.',
  remediation:
    `Keep \`version\` (CloudFormation \`Version\`, module \`cluster_version\`/\`kubernetes_version\`) within one minor version of the newest EKS release (${EKS_VERSIONS.latest} as of ${EKS_VERSIONS.asOf}); upgrade one minor version at a time after checking removed APIs, then upgrade the node groups and add-ons.`,
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    const found = versionSetting(resource);
    if (!found) return;
    const literal = literalOf(resource, found.value);
    // An unquoted 1.30 reads as the number 1.3: EKS has no minor below 10, so one decimal digit means a trailing zero.
    const text = typeof literal === 'number' ? String(literal).replace(/^\d+\.\d$/, (v) => `${v}0`) : literal;
    if (typeof text !== 'string') return; // absent or unresolved: unknown
    const lag = eksVersionLag(text);
    if (!lag) return; // current, one behind, newer than this data knows, or not a version
    const what = `EKS cluster ${describe(resource)}`;
    const asOf = `as of ${EKS_VERSIONS.asOf}`;
    if (lag.support === 'standard') {
      yield {
        path: found.path,
        message: `${what} runs Kubernetes ${lag.version}, ${lag.behind} minor versions behind the latest EKS version ${EKS_VERSIONS.latest} (${asOf}): upgrade to within one minor version of it`,
      };
    } else if (lag.support === 'extended') {
      const ends = lag.endOfExtendedSupport;
      yield {
        path: found.path,
        message: `${what} runs Kubernetes ${lag.version}, which is past standard support and in paid extended support${ends ? ` until ${ends}` : ''} (${asOf}): upgrade towards ${EKS_VERSIONS.latest}`,
      };
    } else {
      yield {
        path: found.path,
        severity: 'high',
        message: `${what} runs Kubernetes ${lag.version}, which is out of all EKS support (${asOf}) and gets no security fixes: upgrade towards ${EKS_VERSIONS.latest}`,
      };
    }
  },
};
