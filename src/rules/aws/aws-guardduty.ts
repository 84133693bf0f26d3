import { KIND, type RegionFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { factsOf } from './support.js';

const RUNTIME = ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'];

export const awsGuardDuty: Rule = {
  id: 'aws-guardduty',
  practice: 'DET-GUARDDUTY',
  severity: 'high',
  title: 'GuardDuty is enabled in every region, with EKS audit-log and runtime monitoring',
  rationale:
    'GuardDuty detects compromised credentials, crypto-mining, calls from known-bad addresses and, with its EKS protections, suspicious Kubernetes API use and container behaviour. A region without it is where an attacker runs unseen; both EKS features are needed to see inside the clusters.',
  remediation:
    'Enable a GuardDuty detector in every enabled region (through the organization\'s delegated administrator with auto-enable for new accounts), with the EKS_AUDIT_LOGS feature and RUNTIME_MONITORING (with EKS add-on management) enabled.',
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const region = factsOf<RegionFacts>(resource, KIND.region);
    if (!region || region.guardDuty === undefined) return;
    const detector = region.guardDuty;
    if (detector === null || detector.status !== 'ENABLED') {
      yield { message: `GuardDuty is ${detector === null ? 'not enabled' : `suspended (detector ${detector.detectorId})`} in ${region.region}: enable a detector` };
      return;
    }
    const off: string[] = [];
    if (detector.features.EKS_AUDIT_LOGS !== 'ENABLED') off.push('EKS audit-log monitoring (EKS_AUDIT_LOGS)');
    if (!RUNTIME.some((f) => detector.features[f] === 'ENABLED')) off.push('runtime monitoring (RUNTIME_MONITORING)');
    if (off.length > 0) yield { severity: 'medium', message: `GuardDuty in ${region.region} has ${off.join(' and ')} off: enable ${off.length > 1 ? 'them' : 'it'} to watch the EKS clusters` };
  },
};
