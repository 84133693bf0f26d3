import { absentReport, at, mayBeProvidedBy, moduleTrees, ofKinds, read, textOf, type ModuleTree } from '../../core/iac.js';
import type { Report, Resource, Rule } from '../../core/types.js';

/** Analyzer types that look for access from outside the zone of trust (ACCOUNT is the default). */
const EXTERNAL_ACCESS = new Set(['ACCOUNT', 'ORGANIZATION']);

function* judge(tree: ModuleTree, analyzers: Resource[], typeKey: string, kind: string): Iterable<Report> {
  if (analyzers.length === 0) {
    if (tree.unit.input === 'terraform' && mayBeProvidedBy(tree, /access-?analyzer/)) return;
    yield absentReport(tree, `creates no IAM Access Analyzer (${kind})`);
    return;
  }
  const types = analyzers.map((a) => read(a, [typeKey], textOf));
  const external = types.some((t) => t === 'unknown' || t === 'absent' || EXTERNAL_ACCESS.has(t.toUpperCase()));
  if (external) return;
  const first = analyzers[0];
  yield {
    resource: first,
    path: at(first, typeKey),
    severity: 'low',
    message: `${first.name} only looks for unused access and no analyzer here looks for external access, so buckets, keys and roles shared outside the account go unnoticed: add an analyzer of type ACCOUNT or ORGANIZATION`,
  };
}

export const accessAnalyzerEnabled: Rule = {
  id: 'access-analyzer-enabled',
  practice: 'IAM-ACCESS-ANALYZER',
  severity: 'low',
  title: 'IAM Access Analyzer is enabled',
  rationale:
    'IAM Access Analyzer reads every resource policy in the account (S3 buckets, KMS keys, IAM role trust policies, SQS queues, secrets) and reports those that grant access to principals outside the account or organization: the bucket made public by a typo, the role any account can assume. Unused-access analyzers add roles and permissions nobody uses. Without an analyzer nobody is told. Absence is reported once per Terraform root module or CloudFormation template at low severity, because the account baseline often lives elsewhere.',
  remediation:
    'Terraform: `resource "aws_accessanalyzer_analyzer" "account" { analyzer_name = "account", type = "ACCOUNT" }` (or `ORGANIZATION` from the management or delegated administrator account). CloudFormation: `AWS::AccessAnalyzer::Analyzer` with `Type: ACCOUNT`.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) {
      if (tree.unit.input === 'cfn') yield* judge(tree, ofKinds(tree, 'AWS::AccessAnalyzer::Analyzer'), 'Type', 'AWS::AccessAnalyzer::Analyzer');
      else yield* judge(tree, ofKinds(tree, 'aws_accessanalyzer_analyzer'), 'type', 'aws_accessanalyzer_analyzer');
    }
  },
};
