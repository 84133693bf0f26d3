import { absentReport, boolOf, mayBeProvidedBy, moduleTrees, ofKinds, read, renderedStrings, type ModuleTree } from '../../core/iac.js';
import type { Report, Rule } from '../../core/types.js';

/** What each resource type covers, with the severity of leaving it out: images always matter, hosts unless all nodes are Fargate. */
const TYPES = [
  { type: 'ECR', what: 'container images in ECR', severity: 'medium' },
  { type: 'EC2', what: 'EC2 worker nodes', severity: 'low' },
] as const;

function* checkTerraform(tree: ModuleTree): Iterable<Report> {
  const enablers = ofKinds(tree, 'aws_inspector2_enabler');
  const organization = ofKinds(tree, 'aws_inspector2_organization_configuration');
  if (enablers.length === 0) {
    if (organization.length > 0 || ofKinds(tree, 'aws_inspector2_delegated_admin_account').length > 0) return;
    if (mayBeProvidedBy(tree, /inspector/)) return;
    yield absentReport(tree, 'does not enable Amazon Inspector (aws_inspector2_enabler)');
    return;
  }
  const covered = new Set<string>();
  for (const enabler of enablers) {
    const types = renderedStrings(enabler, 'resource_types');
    if (types.unknown) return;
    for (const t of types.values) covered.add(t.toUpperCase());
  }
  // An organization configuration that auto-enables a type for members covers it too.
  for (const config of organization) {
    for (const { type } of TYPES) {
      const auto = read(config, ['auto_enable', 0, type.toLowerCase()], boolOf);
      if (auto === true || auto === 'unknown') covered.add(type);
    }
  }
  const enabler = enablers[0];
  for (const { type, what, severity } of TYPES) {
    if (covered.has(type)) continue;
    yield {
      resource: enabler,
      path: ['resource_types'],
      severity,
      message: `${enabler.name} does not enable Inspector for ${type}, so ${what} are not scanned for known vulnerabilities: add "${type}" to resource_types`,
    };
  }
}

export const inspectorEnabled: Rule = {
  id: 'inspector-enabled',
  practice: 'DET-INSPECTOR',
  severity: 'medium',
  title: 'Amazon Inspector scans ECR images and EC2 nodes',
  rationale:
    'Amazon Inspector rescans images in ECR and EC2 hosts whenever a new CVE is published, so a vulnerability disclosed after an image was built and scanned in CI still surfaces while the image runs. Without ECR scanning, images are only as current as their last build; without EC2 scanning, worker nodes are not assessed (irrelevant only when every pod runs on Fargate, hence low). CloudFormation has no resource that enables Inspector (the AWS::InspectorV2 types are filters, CIS scan and code-security configurations), so the rule reads Terraform only: enable Inspector for CloudFormation-managed accounts through the Organizations delegated administrator or the console. Absence is reported once per Terraform root module at low severity, because the account baseline often lives elsewhere.',
  remediation:
    'Terraform: `resource "aws_inspector2_enabler" "main" { account_ids = [data.aws_caller_identity.current.account_id], resource_types = ["ECR", "EC2"] }`, or in an organization `aws_inspector2_organization_configuration` with `auto_enable { ecr = true, ec2 = true }` from the delegated administrator.',
  inputs: ['terraform'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) if (tree.unit.input === 'terraform') yield* checkTerraform(tree);
  },
};
