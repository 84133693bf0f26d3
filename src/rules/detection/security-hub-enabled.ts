import { absentReport, at, boolOf, mayBeProvidedBy, moduleTrees, ofKinds, read, renderedStrings, type ModuleTree } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';

const STANDARDS = [
  { key: 'aws-foundational-security-best-practices', name: 'AWS Foundational Security Best Practices' },
  { key: 'cis-aws-foundations-benchmark', name: 'CIS AWS Foundations Benchmark' },
] as const;

/** Standard ARNs the module subscribes to; `unknown` when one is computed and could be any standard. */
interface Subscriptions {
  arns: string[];
  unknown: boolean;
}

function collect(resources: Resource[], at: KeyPath, into: Subscriptions): void {
  for (const resource of resources) {
    const found = renderedStrings(resource, ...at);
    into.arns.push(...found.values);
    if (found.unknown) into.unknown = true;
  }
}

function* judge(hub: Resource, defaultsPath: KeyPath, subscriptions: Subscriptions, howToAdd: string): Iterable<Report> {
  // Security Hub enables both standards by default; only turning the defaults off can leave them out.
  if (read(hub, defaultsPath, boolOf) !== false || subscriptions.unknown) return;
  for (const standard of STANDARDS) {
    if (subscriptions.arns.some((arn) => arn.toLowerCase().includes(standard.key))) continue;
    yield {
      resource: hub,
      path: at(hub, ...defaultsPath),
      severity: 'medium',
      message: `${hub.name} turns off the default standards and no ${howToAdd} enables ${standard.name} ("${standard.key}"), so Security Hub does not check the account against it: subscribe to it`,
    };
  }
}

function* checkTerraform(tree: ModuleTree): Iterable<Report> {
  const hubs = ofKinds(tree, 'aws_securityhub_account');
  if (hubs.length === 0) {
    const central = ofKinds(tree, 'aws_securityhub_organization_admin_account', 'aws_securityhub_organization_configuration');
    if (central.length > 0 || mayBeProvidedBy(tree, /securityhub|security-hub/)) return;
    yield absentReport(tree, 'does not enable Security Hub (aws_securityhub_account)');
    return;
  }
  const subscriptions: Subscriptions = { arns: [], unknown: false };
  collect(ofKinds(tree, 'aws_securityhub_standards_subscription'), ['standards_arn'], subscriptions);
  collect(ofKinds(tree, 'aws_securityhub_configuration_policy'), ['configuration_policy', 0, 'enabled_standard_arns'], subscriptions);
  yield* judge(hubs[0], ['enable_default_standards'], subscriptions, 'aws_securityhub_standards_subscription');
}

function* checkTemplate(tree: ModuleTree): Iterable<Report> {
  const hubs = ofKinds(tree, 'AWS::SecurityHub::Hub');
  if (hubs.length === 0) {
    yield absentReport(tree, 'does not enable Security Hub (AWS::SecurityHub::Hub)');
    return;
  }
  const subscriptions: Subscriptions = { arns: [], unknown: false };
  collect(ofKinds(tree, 'AWS::SecurityHub::Standard'), ['StandardsArn'], subscriptions);
  collect(ofKinds(tree, 'AWS::SecurityHub::ConfigurationPolicy'), ['ConfigurationPolicy', 'SecurityHub', 'EnabledStandardIdentifiers'], subscriptions);
  yield* judge(hubs[0], ['EnableDefaultStandards'], subscriptions, 'AWS::SecurityHub::Standard');
}

export const securityHubEnabled: Rule = {
  id: 'security-hub-enabled',
  practice: 'DET-SECURITY-HUB',
  severity: 'medium',
  title: 'Security Hub is enabled with the AWS Foundational and CIS standards',
  rationale:
    'Security Hub collects GuardDuty, Inspector and Access Analyzer findings in one place and checks the account continuously against the AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark: public buckets, root access keys, open security groups and missing trails show up there first. Enabling the hub turns both standards on by default; a hub that turns the defaults off (`enable_default_standards = false`, `EnableDefaultStandards: false`) without subscribing to them checks nothing. Absence is reported once per Terraform root module or CloudFormation template at low severity, because the account baseline often lives elsewhere.',
  remediation:
    'Terraform: `resource "aws_securityhub_account" "main" {}` (default standards on), or with `enable_default_standards = false` an `aws_securityhub_standards_subscription` for `arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0` and one for `arn:aws:securityhub:<region>::standards/cis-aws-foundations-benchmark/v/3.0.0`. CloudFormation: `AWS::SecurityHub::Hub`, and `AWS::SecurityHub::Standard` with those `StandardsArn` when `EnableDefaultStandards` is false.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) yield* tree.unit.input === 'cfn' ? checkTemplate(tree) : checkTerraform(tree);
  },
};
