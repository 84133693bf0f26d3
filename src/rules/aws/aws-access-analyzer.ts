import { KIND, type RegionFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

/** Analyzers of external access; the unused-access types report something else. */
const EXTERNAL = new Set(['ACCOUNT', 'ORGANIZATION']);

export const awsAccessAnalyzer: Rule = {
  id: 'aws-access-analyzer',
  practice: 'IAM-ACCESS-ANALYZER',
  severity: 'medium',
  title: 'IAM Access Analyzer watches every region',
  rationale:
    'Access Analyzer finds buckets, keys, roles, queues and snapshots shared outside the account or organization. Analyzers are regional: a region without one is where a resource policy that opens data to the world goes unnoticed.',
  remediation:
    'Create an account (or, from the delegated administrator, an organization) analyzer of external access in every enabled region, and review its findings.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const region = factsOf<RegionFacts>(resource, KIND.region);
    if (!region || region.accessAnalyzers === undefined) return;
    if (!region.accessAnalyzers.some((a) => EXTERNAL.has(a.type) && a.status === 'ACTIVE')) {
      yield { message: `no active IAM Access Analyzer of external access in ${region.region}: create an account or organization analyzer` };
    }
  },
};
