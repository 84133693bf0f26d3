import {
  absentReport, at, boolOf, cfnLogicalId, LinkSources, linkSpec, mayBeProvidedBy, moduleTrees, ofKinds, read, setting, stateOf,
  terraformReference, textOf, unitNoun, type ModuleTree,
} from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list } from '../../core/values.js';
import { decodeJsonText } from '../../inputs/terraform/decode.js';

/** A detector feature as either input writes it: a Terraform feature resource or an item of CloudFormation `Features`. */
interface Feature {
  resource: Resource;
  /** Setting path of the feature (the resource itself in Terraform, the `Features` item in CloudFormation). */
  path: KeyPath;
  /** Where the feature's status and additional configuration sit, relative to `path`. */
  keys: { name: string; status: string; additional: string };
}

const RUNTIME_FEATURES = ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'];
const FINDING_SOURCES = ['aws.guardduty', 'aws.securityhub'];

function featureText(feature: Feature, key: string): string | 'absent' | 'unknown' {
  const value = read(feature.resource, [...feature.path, key], textOf);
  return value === 'absent' || value === 'unknown' ? value : value.toUpperCase();
}

/** ENABLED / DISABLED of an additional configuration, when the feature lists it; 'unknown' when computed. */
function additionalStatus(feature: Feature, name: string): string | 'absent' | 'unknown' {
  const at = [...feature.path, feature.keys.additional];
  const s = stateOf(feature.resource, ...at);
  if (s.state === 'unknown') return 'unknown';
  let result: string | 'absent' | 'unknown' = 'absent';
  list(s.state === 'known' ? s.value : undefined).forEach((_, i) => {
    const itemName = read(feature.resource, [...at, i, feature.keys.name], textOf);
    if (itemName === 'unknown') result = result === 'absent' ? 'unknown' : result;
    else if (itemName !== 'absent' && itemName.toUpperCase() === name) {
      const status = read(feature.resource, [...at, i, feature.keys.status], textOf);
      result = status === 'absent' || status === 'unknown' ? 'unknown' : status.toUpperCase();
    }
  });
  return result;
}

function* checkDetector(
  detector: Resource,
  features: Feature[],
  /** The older `datasources` switch for Kubernetes audit logs. */
  auditLogsFlag: { value: boolean | 'absent' | 'unknown'; path: KeyPath },
  agentInstalled: boolean,
): Iterable<Report> {
  // A feature whose name is computed (for_each over a map) could be any of them: nothing can be told.
  if (features.some((f) => featureText(f, f.keys.name) === 'unknown')) return;
  const named = (names: string[]) => features.filter((f) => names.includes(featureText(f, f.keys.name)));
  const statusOf = (f: Feature) => featureText(f, f.keys.status);

  // EKS audit-log monitoring: on by default for a new detector, so only an explicit DISABLED is certain.
  const audit = named(['EKS_AUDIT_LOGS']);
  if (!audit.some((f) => statusOf(f) !== 'DISABLED')) {
    const disabled = audit.find((f) => statusOf(f) === 'DISABLED');
    if (disabled) {
      yield {
        resource: disabled.resource,
        path: at(disabled.resource, ...disabled.path, disabled.keys.status),
        severity: 'medium',
        message: `${disabled.resource.name} disables EKS audit-log monitoring (EKS_AUDIT_LOGS), so GuardDuty does not see suspicious Kubernetes API calls: set its status to ENABLED`,
      };
    } else if (auditLogsFlag.value === false) {
      yield {
        resource: detector,
        path: at(detector, ...auditLogsFlag.path),
        severity: 'medium',
        message: `${detector.name} turns off Kubernetes audit logs as a GuardDuty data source, so it does not see suspicious Kubernetes API calls: enable EKS_AUDIT_LOGS`,
      };
    }
  }

  // Runtime monitoring is off unless a feature turns it on.
  const runtime = named(RUNTIME_FEATURES);
  if (runtime.some((f) => statusOf(f) === 'unknown' || statusOf(f) === 'absent')) return;
  const enabled = runtime.filter((f) => statusOf(f) === 'ENABLED');
  if (enabled.length === 0) {
    const disabled = runtime.find((f) => statusOf(f) === 'DISABLED');
    yield {
      resource: disabled?.resource ?? detector,
      path: disabled ? at(disabled.resource, ...disabled.path, disabled.keys.status) : [],
      severity: 'medium',
      message: disabled
        ? `${disabled.resource.name} disables GuardDuty runtime monitoring, so a shell or miner started inside an EKS container goes unseen: set RUNTIME_MONITORING to ENABLED with EKS_ADDON_MANAGEMENT`
        : `${detector.name} has no runtime monitoring (feature RUNTIME_MONITORING), so a shell or miner started inside an EKS container goes unseen: enable it with EKS_ADDON_MANAGEMENT`,
    };
    return;
  }
  if (agentInstalled) return;
  const managed = enabled.map((f) => additionalStatus(f, 'EKS_ADDON_MANAGEMENT'));
  if (managed.some((s) => s === 'ENABLED' || s === 'unknown')) return;
  const feature = enabled[0];
  yield {
    resource: feature.resource,
    path: at(feature.resource, ...feature.path),
    severity: 'low',
    message: `${feature.resource.name} enables runtime monitoring without EKS_ADDON_MANAGEMENT, so GuardDuty installs no agent on EKS clusters and they get no runtime coverage unless the aws-guardduty-agent add-on is installed with each cluster: enable EKS_ADDON_MANAGEMENT`,
  };
}

/** Whether an event pattern matches GuardDuty (or Security Hub, which imports GuardDuty) findings; 'unknown' when it cannot be read. */
function matchesFindings(pattern: unknown): boolean | 'unknown' {
  const decoded = typeof pattern === 'string' ? decodeJsonText(pattern) : pattern;
  if (!isRecord(decoded)) return 'unknown';
  const source = decoded.source;
  if (source === undefined) {
    const detailType = decoded['detail-type'];
    return (Array.isArray(detailType) ? detailType : [detailType]).some((d) => typeof d === 'string' && /guardduty finding/i.test(d));
  }
  const items = Array.isArray(source) ? source : [source];
  if (items.some((s) => typeof s === 'string' && FINDING_SOURCES.includes(s))) return true;
  return items.some((s) => typeof s !== 'string') ? 'unknown' : false;
}

type Routing = { routed: true } | { routed: 'unknown' } | { routed: false; ruleWithoutTarget?: Resource };

function terraformRouting(tree: ModuleTree): Routing {
  const targets = ofKinds(tree, 'aws_cloudwatch_event_target').filter((t) => {
    const arn = get(t.value, ['arn']);
    const reference = terraformReference(arn);
    return !(reference?.type === 'aws_cloudwatch_log_group' || (typeof arn === 'string' && arn.startsWith('arn:aws:logs:')));
  });
  const byRule = new LinkSources<Resource>();
  for (const t of targets) byRule.add(t, linkSpec(t, setting(t, 'rule')));
  let unknown = false;
  let ruleWithoutTarget: Resource | undefined;
  for (const rule of ofKinds(tree, 'aws_cloudwatch_event_rule')) {
    const state = read(rule, ['state'], textOf);
    if ((typeof state === 'string' && state.toUpperCase() === 'DISABLED') || read(rule, ['is_enabled'], boolOf) === false) continue;
    const pattern = stateOf(rule, 'event_pattern');
    const matches = pattern.state === 'known' ? matchesFindings(pattern.value) : pattern.state === 'unknown' ? 'unknown' : false;
    if (matches === false) continue;
    const name = read(rule, ['name'], textOf);
    const names = typeof name === 'string' && name !== 'absent' && name !== 'unknown' ? [name] : [];
    const links = byRule.links(rule, names).map((l) => l.link);
    if (matches === true && links.includes('this')) return { routed: true };
    if (links.includes('this') || links.includes('unknown')) unknown = true;
    else if (matches === true) ruleWithoutTarget ??= rule;
  }
  return unknown ? { routed: 'unknown' } : { routed: false, ruleWithoutTarget };
}

function cfnRouting(tree: ModuleTree): Routing {
  const logGroups = new Set(ofKinds(tree, 'AWS::Logs::LogGroup').map((r) => r.name));
  let unknown = false;
  let ruleWithoutTarget: Resource | undefined;
  for (const rule of ofKinds(tree, 'AWS::Events::Rule')) {
    const state = read(rule, ['State'], textOf);
    if (typeof state === 'string' && state.toUpperCase() === 'DISABLED') continue;
    const pattern = stateOf(rule, 'EventPattern');
    const matches = pattern.state === 'known' ? matchesFindings(pattern.value) : pattern.state === 'unknown' ? 'unknown' : false;
    if (matches === false) continue;
    const targets = stateOf(rule, 'Targets');
    const alerting =
      targets.state === 'known' &&
      list(targets.value).some((t) => { const id = cfnLogicalId(get(t, ['Arn'])); return !(id !== undefined && logGroups.has(id)); });
    if (matches === true && alerting) return { routed: true };
    if (targets.state === 'unknown' || alerting) unknown = true;
    else if (matches === true) ruleWithoutTarget ??= rule;
  }
  return unknown ? { routed: 'unknown' } : { routed: false, ruleWithoutTarget };
}

function* alerts(tree: ModuleTree, detector: Resource, routing: Routing, ruleNoun: string): Iterable<Report> {
  if (routing.routed !== false) return;
  const rule = routing.ruleWithoutTarget;
  yield rule
    ? {
        resource: rule,
        severity: 'low',
        message: `${rule.name} matches GuardDuty findings but has no target, so no one is alerted: add a target such as an SNS topic or a Lambda function`,
      }
    : {
        resource: detector,
        severity: 'low',
        message: `no ${ruleNoun} in ${unitNoun(tree)} routes GuardDuty findings of ${detector.name} (source "aws.guardduty") to an SNS topic or Lambda function, so findings wait unread in the console: add one, or suppress with the reason if findings are routed centrally`,
      };
}

function* checkTerraform(tree: ModuleTree): Iterable<Report> {
  const detectors = ofKinds(tree, 'aws_guardduty_detector');
  if (detectors.length === 0) {
    const elsewhere = ofKinds(tree, 'data.aws_guardduty_detector', 'aws_guardduty_organization_admin_account', 'aws_guardduty_organization_configuration');
    if (elsewhere.length > 0 || mayBeProvidedBy(tree, /guardduty/)) return;
    yield absentReport(tree, 'enables no GuardDuty detector (aws_guardduty_detector)');
    return;
  }
  const features = new LinkSources<Resource>();
  for (const f of ofKinds(tree, 'aws_guardduty_detector_feature')) features.add(f, linkSpec(f, setting(f, 'detector_id')));
  const agentInstalled = ofKinds(tree, 'aws_eks_addon').some((a) => read(a, ['addon_name'], textOf) === 'aws-guardduty-agent');
  const enabled: Resource[] = [];
  for (const detector of detectors) {
    if (read(detector, ['enable'], boolOf) === false) {
      yield {
        resource: detector,
        path: ['enable'],
        severity: 'high',
        message: `${detector.name} sets enable = false, so GuardDuty exists but detects nothing: set enable = true`,
      };
      continue;
    }
    enabled.push(detector);
    const own: Feature[] = features
      .links(detector)
      .map(({ item: resource }) => ({ resource, path: [], keys: { name: 'name', status: 'status', additional: 'additional_configuration' } }));
    const auditPath = ['datasources', 0, 'kubernetes', 0, 'audit_logs', 0, 'enable'];
    yield* checkDetector(detector, own, { value: read(detector, auditPath, boolOf), path: auditPath }, agentInstalled);
  }
  if (enabled.length > 0) yield* alerts(tree, enabled[0], terraformRouting(tree), 'aws_cloudwatch_event_rule with a target');
}

function* checkTemplate(tree: ModuleTree): Iterable<Report> {
  const detectors = ofKinds(tree, 'AWS::GuardDuty::Detector');
  if (detectors.length === 0) {
    yield absentReport(tree, 'enables no GuardDuty detector (AWS::GuardDuty::Detector)');
    return;
  }
  const agentInstalled = ofKinds(tree, 'AWS::EKS::Addon').some((a) => read(a, ['AddonName'], textOf) === 'aws-guardduty-agent');
  const enabled: Resource[] = [];
  for (const detector of detectors) {
    if (read(detector, ['Enable'], boolOf) === false) {
      yield {
        resource: detector,
        path: at(detector, 'Enable'),
        severity: 'high',
        message: `${detector.name} sets Enable: false, so GuardDuty exists but detects nothing: set Enable: true`,
      };
      continue;
    }
    enabled.push(detector);
    const listed = stateOf(detector, 'Features');
    if (listed.state === 'unknown') continue;
    const features: Feature[] = list(listed.state === 'known' ? listed.value : undefined).map((_, i) => ({
      resource: detector,
      path: ['Features', i],
      keys: { name: 'Name', status: 'Status', additional: 'AdditionalConfiguration' },
    }));
    const auditPath = ['DataSources', 'Kubernetes', 'AuditLogs', 'Enable'];
    yield* checkDetector(detector, features, { value: read(detector, auditPath, boolOf), path: auditPath }, agentInstalled);
  }
  if (enabled.length > 0) yield* alerts(tree, enabled[0], cfnRouting(tree), 'AWS::Events::Rule with a target');
}

export const guarddutyEnabled: Rule = {
  id: 'guardduty-enabled',
  practice: 'DET-GUARDDUTY',
  severity: 'medium',
  title: 'GuardDuty is enabled with EKS protection, and its findings raise alerts',
  rationale:
    'GuardDuty is the account\'s detector for compromised instances, stolen credentials used from unusual places, crypto-mining and calls to known-bad hosts; EKS audit-log monitoring adds suspicious Kubernetes API calls (anonymous access, exec into pods), and runtime monitoring with its managed agent sees what runs inside containers. A detector that is switched off, blind to EKS, or whose findings no EventBridge rule routes to anyone, gives the feeling of coverage without the coverage. Absence is reported once per Terraform root module or CloudFormation template at low severity, because the account baseline often lives in another repository; a detector configured badly is certain and reported higher.',
  remediation:
    'Terraform: `resource "aws_guardduty_detector" "main" { enable = true }`, `aws_guardduty_detector_feature` resources with `name = "EKS_AUDIT_LOGS"` and `name = "RUNTIME_MONITORING"` (`status = "ENABLED"`, `additional_configuration { name = "EKS_ADDON_MANAGEMENT" status = "ENABLED" }`), and an `aws_cloudwatch_event_rule` with `event_pattern = jsonencode({ source = ["aws.guardduty"] })` and an `aws_cloudwatch_event_target` to an SNS topic. CloudFormation: `AWS::GuardDuty::Detector` with `Enable: true` and `Features` (EKS_AUDIT_LOGS, RUNTIME_MONITORING with `AdditionalConfiguration` EKS_ADDON_MANAGEMENT), and an `AWS::Events::Rule` with `EventPattern: {source: [aws.guardduty]}` and `Targets`.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) yield* tree.unit.input === 'cfn' ? checkTemplate(tree) : checkTerraform(tree);
  },
};
