import { KIND, type RegionFacts, type TrailFacts } from '../../audit/facts.js';
import type { Model, Report, Rule } from '../../core/types.js';
import { allOf } from './support.js';

export const awsCloudTrail: Rule = {
  id: 'aws-cloudtrail',
  practice: 'DET-CLOUDTRAIL',
  severity: 'high',
  title: 'A multi-region CloudTrail trail logs, with log-file validation and KMS encryption',
  rationale:
    'CloudTrail is the record of who did what in the account; without a logging trail over a region, activity there leaves no trace for detection or investigation. A multi-region trail also covers regions enabled later. Log-file validation proves the logs were not altered, and a KMS key keeps them readable only by those allowed to use it.',
  remediation:
    'Create (or fix) one trail with `IsMultiRegionTrail: true`, `EnableLogFileValidation: true`, `KMSKeyId` set to a customer-managed key and logging started, delivering to a locked-down bucket (ideally an organization trail into a log-archive account).',
  inputs: ['live-aws'],
  *checkModel(model: Model): Iterable<Report> {
    const trails = new Map<string, TrailFacts>();
    for (const { facts } of allOf<TrailFacts>(model, KIND.trail)) trails.set(facts.arn, facts);
    for (const { resource, facts } of allOf<RegionFacts>(model, KIND.region)) {
      if (facts.trails === undefined) continue;
      const applying = facts.trails.map((arn) => trails.get(arn));
      // Covered by a logging multi-region trail; a trail whose facts or status could not be read may be one.
      if (applying.some((t) => t === undefined || t.logging === undefined || (t.logging && t.multiRegion))) continue;
      const logging = applying.filter((t): t is TrailFacts => t !== undefined && t.logging === true);
      yield {
        resource,
        message:
          logging.length > 0
            ? `region ${facts.region} is recorded only by single-region trails (${logging.map((t) => t.name).join(', ')}): use a multi-region trail so every region, including new ones, is covered`
            : `no logging CloudTrail trail records region ${facts.region}: create a multi-region trail with log-file validation and KMS encryption`,
        severity: logging.length > 0 ? 'medium' : 'high',
      };
    }
    for (const [, trail] of trails) {
      const resource = model.find(KIND.trail, undefined, trail.arn);
      const problems: string[] = [];
      if (trail.logging === false) problems.push('logging is stopped');
      if (!trail.logFileValidation) problems.push('log-file validation is off');
      if (!trail.kmsKeyId) problems.push('logs are not encrypted with a KMS key');
      if (!resource || problems.length === 0) continue;
      yield { resource, severity: trail.logging === false ? 'high' : 'medium', message: `CloudTrail trail ${trail.name}: ${problems.join(', ')}` };
    }
  },
};
