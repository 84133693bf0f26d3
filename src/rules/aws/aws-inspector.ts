import { KIND, type RegionFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

/** What an EKS platform runs on: nodes (EC2) and container images (ECR). */
const REQUIRED = ['ec2', 'ecr'];

export const awsInspector: Rule = {
  id: 'aws-inspector',
  practice: 'DET-INSPECTOR',
  severity: 'medium',
  title: 'Amazon Inspector scans EC2 nodes and ECR images',
  rationale:
    'Inspector continuously scans the nodes\' packages and every image pushed to ECR for known vulnerabilities, and rescans when new CVEs are published; without it a vulnerable image or node AMI is found by an attacker first.',
  remediation:
    'Enable Amazon Inspector in every region with EC2 and ECR scanning (and Lambda where used), through the organization\'s delegated administrator with auto-enable for new accounts.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const region = factsOf<RegionFacts>(resource, KIND.region);
    if (!region || region.inspector === undefined) return;
    const status = region.inspector;
    const off = REQUIRED.filter((type) => status?.[type] !== 'ENABLED');
    if (off.length === REQUIRED.length) yield { message: `Amazon Inspector is not scanning EC2 or ECR in ${region.region}: enable it` };
    else if (off.length > 0) yield { severity: 'low', message: `Amazon Inspector in ${region.region} does not scan ${off.map((t) => t.toUpperCase()).join(', ')}: enable ${off.length > 1 ? 'them' : 'it'}` };
  },
};
