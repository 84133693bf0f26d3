// The admission decision: run the admission rules over the request's object,
// honour suppressions, exemptions and the deny threshold, and say why.
import picomatch from 'picomatch';
import type { Config } from '../core/config.js';
import { configureRules } from '../core/config.js';
import { runRules } from '../core/engine.js';
import { RULE_ERROR_ID, unusedSuppression } from '../core/meta-rules.js';
import { buildModel } from '../core/model.js';
import { atLeast, severityRank } from '../core/severity.js';
import { annotationDirectives, applySuppressions, configDirectives, type Directive } from '../core/suppression.js';
import type { Finding, Rule, Severity } from '../core/types.js';
import { get, isRecord } from '../core/values.js';
import { ALL_RULES, knownIds } from '../rules/index.js';
import { AdmissionObject } from './admission-object.js';
import { admissionRules } from './admission-rules.js';
import type { AdmissionRequest } from './review.js';

export interface AdmissionPolicy {
  denyAt: Severity;
  exemptNamespaces: string[];
  failureMode: 'deny' | 'warn';
  allowExistingViolations: boolean;
  auditOnly: boolean;
}

/** How a review ended, for metrics and logs. */
export type Outcome = 'allowed' | 'warned' | 'denied' | 'dry_run_denied' | 'audit_only_denied' | 'exempt' | 'skipped';

export interface Decision {
  allowed: boolean;
  outcome: Outcome;
  /** The status message of a denial. */
  message?: string;
  warnings: string[];
  /** Unsuppressed findings that deny (or would, under --audit-only or dry run). */
  denying: Finding[];
  /** Unsuppressed findings reported as warnings. */
  warning: Finding[];
  /** Rules that threw while judging the object. */
  ruleErrors: number;
  /** Why the object was not judged, for skipped and exempt reviews. */
  reason?: string;
}

/** The API server shows at most a few warnings well; each should stay within 120 characters. */
export const MAX_WARNINGS = 10;
export const MAX_WARNING_LENGTH = 120;
const MAX_MESSAGE_LENGTH = 2000;

/** Subresources that change what a pod runs; writes to any other (status, scale, binding…) are not judged. */
const JUDGED_SUBRESOURCES = new Set(['ephemeralcontainers']);

export function admissionPolicy(config: Config, auditOnly: boolean): AdmissionPolicy {
  return {
    denyAt: config.admission.denyAt ?? config.failOn ?? 'medium',
    exemptNamespaces: config.admission.exemptNamespaces,
    failureMode: config.admission.failureMode ?? 'deny',
    allowExistingViolations: config.admission.allowExistingViolations ?? true,
    auditOnly,
  };
}

export class Reviewer {
  readonly rules: readonly Rule[];
  readonly isExempt: (namespace: string) => boolean;
  private readonly configDirectives: Directive[];

  constructor(
    config: Config,
    readonly policy: AdmissionPolicy,
    rules: readonly Rule[] = ALL_RULES,
  ) {
    // Built once: every review runs the same prepared list.
    this.rules = admissionRules(configureRules(rules, config));
    this.isExempt = policy.exemptNamespaces.length > 0 ? picomatch(policy.exemptNamespaces) : () => false;
    this.configDirectives = configDirectives(config.suppressions, config.file ?? '.guardrail.yaml');
  }

  review(request: AdmissionRequest, today = new Date().toISOString().slice(0, 10)): Decision {
    const skip = this.skipReason(request);
    if (skip) return { ...allow(skip.outcome), reason: skip.reason };
    const object = request.object as Record<string, unknown>;
    const findings = this.findingsOf(object, request, today).filter((f) => !f.suppressed);
    const existing = new Set<string>();
    const couldDeny = findings.some((f) => f.rule !== RULE_ERROR_ID && atLeast(f.severity, this.policy.denyAt));
    if (couldDeny && request.operation === 'UPDATE' && this.policy.allowExistingViolations && isRecord(request.oldObject)) {
      for (const f of this.findingsOf(request.oldObject, request, today)) if (!f.suppressed) existing.add(findingKey(f));
    }
    const denying: Finding[] = [];
    const warning: Finding[] = [];
    let ruleErrors = 0;
    for (const finding of findings) {
      const isRuleError = finding.rule === RULE_ERROR_ID;
      if (isRuleError) ruleErrors++;
      const denies = isRuleError ? this.policy.failureMode === 'deny' : atLeast(finding.severity, this.policy.denyAt) && !existing.has(findingKey(finding));
      (denies ? denying : warning).push(finding);
    }
    const warnings = warningLines(
      this.policy.auditOnly ? [...denying, ...warning] : warning,
      (f) => (this.policy.auditOnly && denying.includes(f) ? 'would deny: ' : existing.has(findingKey(f)) ? 'existing: ' : ''),
    );
    if (denying.length === 0) return { allowed: true, outcome: warning.length > 0 ? 'warned' : 'allowed', warnings, denying, warning, ruleErrors };
    if (this.policy.auditOnly) return { allowed: true, outcome: 'audit_only_denied', warnings, denying, warning, ruleErrors };
    return {
      allowed: false,
      outcome: request.dryRun ? 'dry_run_denied' : 'denied',
      message: denialMessage(denying[0].file, denying),
      warnings,
      denying,
      warning,
      ruleErrors,
    };
  }

  private skipReason(request: AdmissionRequest): { outcome: Outcome; reason: string } | undefined {
    if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { outcome: 'skipped', reason: `${request.operation} is not judged` };
    if (request.subResource && !JUDGED_SUBRESOURCES.has(request.subResource)) return { outcome: 'skipped', reason: `subresource ${request.subResource} is not judged` };
    if (request.namespace && this.isExempt(request.namespace)) return { outcome: 'exempt', reason: `namespace ${request.namespace} is exempt` };
    if (!isRecord(request.object)) return { outcome: 'skipped', reason: 'the request carries no object' };
    // Removing finalizers from an object being deleted must never be blocked.
    if (request.operation === 'UPDATE' && get(request.object, ['metadata', 'deletionTimestamp'])) return { outcome: 'skipped', reason: 'the object is being deleted' };
    return undefined;
  }

  private findingsOf(value: Record<string, unknown>, request: AdmissionRequest, today: string): Finding[] {
    const resource = new AdmissionObject(value, request);
    const findings = runRules(buildModel([resource]), this.rules);
    const directives = [...annotationDirectives(resource), ...this.configDirectives];
    // Findings about the object's own annotations only: unused suppressions may name rules that
    // only the scan runs, and the config file's suppressions are the scan's to report.
    const meta = applySuppressions(findings, directives, knownIds(), today).filter((f) => f.rule !== unusedSuppression.id && f.file === resource.file);
    return [...findings, ...meta];
  }
}

function allow(outcome: Outcome): Decision {
  return { allowed: true, outcome, warnings: [], denying: [], warning: [], ruleErrors: 0 };
}

function findingKey(f: Finding): string {
  return `${f.rule}\u0000${f.path}`;
}

/** Printable, single-line text: warnings travel in an HTTP header. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The most severe first: only the first few are shown. */
function warningLines(findings: Finding[], prefix: (f: Finding) => string): string[] {
  findings = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const lines = findings.slice(0, MAX_WARNINGS).map((f) => truncate(clean(`${prefix(f)}${f.practice} (${f.rule}): ${f.message}`), MAX_WARNING_LENGTH));
  if (findings.length > MAX_WARNINGS) {
    lines[MAX_WARNINGS - 1] = `${findings.length - MAX_WARNINGS + 1} more findings: run guardrail scan on the manifest for all of them`;
  }
  return lines;
}

/** One line per violated practice, with its first finding and how many more. */
function denialMessage(label: string, denying: Finding[]): string {
  const byPractice = new Map<string, Finding[]>();
  for (const f of denying) byPractice.set(f.practice, [...(byPractice.get(f.practice) ?? []), f]);
  const parts = [...byPractice].map(([practice, list]) => {
    const more = list.length > 1 ? ` (+${list.length - 1} more)` : '';
    return `[${practice}] ${list[0].message} (${list[0].rule}, ${list[0].severity})${more}`;
  });
  const head = `guardrail denied ${label}: ${byPractice.size} practice${byPractice.size === 1 ? '' : 's'} violated: `;
  return truncate(clean(head + parts.join('; ')), MAX_MESSAGE_LENGTH);
}
