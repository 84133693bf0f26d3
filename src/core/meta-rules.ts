// Rules the engine itself reports: about suppressions and about rules that
// failed. They have no check of their own but are documented like the others.
import type { Rule } from './types.js';

export const RULE_ERROR_ID = 'rule-error';

export const ruleError: Rule = {
  id: RULE_ERROR_ID,
  practice: 'GOV-IAC-SCANNED',
  severity: 'high',
  title: 'A rule could not evaluate a resource',
  rationale:
    'A check that crashes must not pass silently: the resource would look compliant without having been checked. The finding names the failed rule and the practice it could not confirm.',
  remediation: 'Report the message with the resource to the guardrail maintainers; until fixed, review the named practice by hand.',
  inputs: ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile'],
};

export const suppressionWithoutReason: Rule = {
  id: 'suppression-without-reason',
  practice: 'GOV-IAC-SCANNED',
  severity: 'medium',
  title: 'Suppressions must give a reason',
  rationale:
    'An exception nobody can explain is an exception nobody can review. A suppression without a reason does not apply, and is reported.',
  remediation: 'Write the reason after the id: `guardrail.dev/ignore: "POD-SECCOMP: legacy agent, tracked in OPS-123 until 2027-03-31"`.',
  inputs: ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile'],
};

export const unusedSuppression: Rule = {
  id: 'unused-suppression',
  practice: 'GOV-IAC-SCANNED',
  severity: 'low',
  title: 'Suppressions that match nothing should be removed',
  rationale: 'A stale exception hides the next real finding of the same kind; keeping exceptions exact keeps them reviewable.',
  remediation: 'Delete the suppression, or correct its rule id, practice id or resource pattern.',
  inputs: ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile'],
};

export const expiredSuppression: Rule = {
  id: 'expired-suppression',
  practice: 'GOV-IAC-SCANNED',
  severity: 'low',
  title: 'Expired suppressions no longer apply',
  rationale: 'Exceptions with an end date are reviewed when they expire; after that date the finding is reported again.',
  remediation: 'Fix the finding and delete the suppression, or renew it with a new date and reason.',
  inputs: ['k8s', 'iam', 'terraform', 'cfn', 'dockerfile'],
};

export const META_RULES: readonly Rule[] = [ruleError, suppressionWithoutReason, unusedSuppression, expiredSuppression];
