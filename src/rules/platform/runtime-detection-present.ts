import { setting } from '../../core/iac.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { chartsNamed, notSeen, workloadsRunning } from './support.js';

const FALCO_IMAGES = new Set(['falco', 'falco-no-driver', 'falco-distroless']);
const GUARDDUTY_IMAGES = new Set(['aws-guardduty-agent']);
const FALCO_CHARTS = new Set(['falco']);
const DAEMONSET = new Set(['DaemonSet']);
const GUARDDUTY_AGENT_ADDON = 'aws-guardduty-agent';
const RUNTIME_FEATURES = new Set(['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']);

const records = (value: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);

/** A runtime-monitoring feature that is on and lets GuardDuty manage the EKS agent itself. */
function managesAgent(feature: Record<string, unknown>, keys: { name: string; status: string; additional: string }): boolean {
  const name = feature[keys.name];
  return (
    typeof name === 'string' &&
    RUNTIME_FEATURES.has(name) &&
    feature[keys.status] === 'ENABLED' &&
    records(feature[keys.additional]).some((c) => c[keys.name] === 'EKS_ADDON_MANAGEMENT' && c[keys.status] === 'ENABLED')
  );
}

const TERRAFORM_KEYS = { name: 'name', status: 'status', additional: 'additional_configuration' };
const CFN_KEYS = { name: 'Name', status: 'Status', additional: 'AdditionalConfiguration' };

/**
 * GuardDuty runs its agent as an EKS add-on when the infrastructure code in
 * the same scan declares it: the add-on itself, or runtime monitoring with
 * add-on management on (Terraform feature resource, CloudFormation detector).
 */
function guardDutyAgentDeclared(model: Model): boolean {
  const addon = (kind: string, key: string) => model.ofKind(kind).some((r) => setting(r, key) === GUARDDUTY_AGENT_ADDON);
  if (addon('aws_eks_addon', 'addon_name') || addon('AWS::EKS::Addon', 'AddonName')) return true;
  const terraform = (r: Resource) =>
    managesAgent({ name: setting(r, 'name'), status: setting(r, 'status'), additional_configuration: setting(r, 'additional_configuration') }, TERRAFORM_KEYS);
  const cfn = (r: Resource) => records(setting(r, 'Features')).some((f) => managesAgent(f, CFN_KEYS));
  return model.ofKind('aws_guardduty_detector_feature').some(terraform) || model.ofKind('AWS::GuardDuty::Detector').some(cfn);
}

export const runtimeDetectionPresent: Rule = {
  id: 'runtime-detection-present',
  practice: 'DET-RUNTIME',
  severity: 'info',
  title: 'Runtime threat detection runs in the cluster',
  rationale:
    'Admission checks stop bad configurations, not a compromised process: a shell spawned in a container, a crypto miner, a read of /etc/shadow or of the service-account token only show up to a runtime sensor on every node. Without one, a breach is found from its bill or its data leaving.',
  remediation:
    'Run Falco as a DaemonSet (the `falco` Helm chart, via a Flux `HelmRelease` or Argo CD `Application`) with alerts routed to people, or enable GuardDuty EKS Runtime Monitoring, which runs the `aws-guardduty-agent` DaemonSet (managed add-on `aws-guardduty-agent`).',
  inputs: ['k8s', 'terraform', 'cfn'],
  *checkModel(model): Iterable<Report> {
    if (workloadsRunning(model, DAEMONSET, FALCO_IMAGES).length > 0) return;
    if (chartsNamed(model, FALCO_CHARTS).length > 0) return;
    const guardduty = model.ofKind('DaemonSet').some((d) => d.name === 'aws-guardduty-agent');
    if (guardduty || workloadsRunning(model, DAEMONSET, GUARDDUTY_IMAGES).length > 0 || guardDutyAgentDeclared(model)) return;
    yield* notSeen(
      model,
      'no runtime threat detection seen in the scanned files (looked for a Falco DaemonSet, a falco HelmRelease or Argo CD Application, the GuardDuty EKS runtime agent DaemonSet aws-guardduty-agent, or GuardDuty runtime monitoring with EKS add-on management in Terraform or CloudFormation)',
    );
  },
};
