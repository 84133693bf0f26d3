import { KIND, type RegionFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

/** Standards by the stable part of their ARN (`arn:aws:securityhub:<region>::standards/...` or `arn:aws:securityhub:::ruleset/...`). */
const REQUIRED = [
  { name: 'AWS Foundational Security Best Practices', matches: (arn: string) => arn.includes('standards/aws-foundational-security-best-practices/') },
  { name: 'CIS AWS Foundations Benchmark', matches: (arn: string) => arn.includes('cis-aws-foundations-benchmark') },
];

export const awsSecurityHub: Rule = {
  id: 'aws-security-hub',
  practice: 'DET-SECURITY-HUB',
  severity: 'medium',
  title: 'Security Hub is enabled with the AWS Foundational and CIS standards',
  rationale:
    'Security Hub gathers GuardDuty, Inspector and Access Analyzer findings in one place and continuously checks the account against the AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark; without it, drift in a region goes unreported.',
  remediation:
    'Enable Security Hub in every region (centrally, from the delegated administrator, with a finding aggregation region) and subscribe to the AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark standards.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const region = factsOf<RegionFacts>(resource, KIND.region);
    if (!region || region.securityHub === undefined) return;
    if (region.securityHub === null) {
      yield { message: `Security Hub is not enabled in ${region.region}: enable it with the AWS Foundational and CIS standards` };
      return;
    }
    const standards = region.securityHub.standards;
    const missing = REQUIRED.filter((r) => !standards.some((arn) => r.matches(arn))).map((r) => r.name);
    if (missing.length > 0) yield { severity: 'low', message: `Security Hub in ${region.region} is not subscribed to ${missing.join(' and ')}: enable ${missing.length > 1 ? 'them' : 'it'}` };
  },
};
