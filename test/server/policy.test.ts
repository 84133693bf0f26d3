// Which rules run at admission, and what a rule that fails does to the decision.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/config.js';
import type { Rule } from '../../src/core/types.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { admissionRules, NEEDS_OTHER_OBJECTS } from '../../src/server/admission-rules.js';
import { admissionPolicy, Reviewer } from '../../src/server/policy.js';
import type { AdmissionRequest } from '../../src/server/review.js';
import { deployment, hardenedPodSpec, review } from './support.js';

describe('admission rules', () => {
  const rules = admissionRules(ALL_RULES);
  const ids = new Set(rules.map((r) => r.id));

  it('are the per-object Kubernetes rules, without their whole-model checks', () => {
    expect(rules.length).toBeGreaterThan(30);
    for (const rule of rules) {
      expect(rule.inputs, rule.id).toContain('k8s');
      expect(rule.check, rule.id).toBeDefined();
      expect(rule.checkModel, rule.id).toBeUndefined();
    }
    for (const id of ['run-as-non-root', 'no-privileged', 'image-digest', 'no-cluster-admin-binding', 'mtls-strict']) expect(ids, id).toContain(id);
  });

  it('leave out whole-model rules and the per-object rules that need other objects', () => {
    for (const id of ['default-deny-network-policy', 'psa-restricted', 'metrics-scraped', 'sa-token-automount']) expect(ids, id).not.toContain(id);
    for (const id of Object.keys(NEEDS_OTHER_OBJECTS)) expect(ALL_RULES.some((r) => r.id === id && r.check), id).toBe(true);
    const k8sCheckRules = ALL_RULES.filter((r) => r.check && r.inputs.includes('k8s')).map((r) => r.id);
    expect(k8sCheckRules.filter((id) => !ids.has(id)).sort()).toEqual(Object.keys(NEEDS_OTHER_OBJECTS).sort());
  });

  it('follow the config: a rule turned off does not run', () => {
    const { config } = parseConfig('rules:\n  image-digest: off\n', '.guardrail.yaml');
    expect(new Reviewer(config, admissionPolicy(config, false)).rules.map((r) => r.id)).not.toContain('image-digest');
  });
});

describe('updates', () => {
  const root = deployment({ ...hardenedPodSpec(), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
  const request = review(root, { operation: 'UPDATE', oldObject: root }).request as AdmissionRequest;

  it('keep violations the old object had, unless allowExistingViolations is false', () => {
    const lenient = DEFAULT_CONFIG;
    expect(new Reviewer(lenient, admissionPolicy(lenient, false)).review(request).allowed).toBe(true);
    const { config: strict } = parseConfig('admission:\n  allowExistingViolations: false\n', '.guardrail.yaml');
    const decision = new Reviewer(strict, admissionPolicy(strict, false)).review(request);
    expect(decision.allowed).toBe(false);
    expect(decision.message).toContain('[POD-NON-ROOT]');
  });

  it('reject a config whose allowExistingViolations is not a boolean', () => {
    expect(parseConfig('admission:\n  allowExistingViolations: sometimes\n', '.guardrail.yaml').errors[0].message).toContain('allowExistingViolations');
  });
});

describe('config suppressions', () => {
  const request = review(deployment({ ...hardenedPodSpec(), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })).request as AdmissionRequest;
  const decide = (yaml: string) => {
    const { config } = parseConfig(yaml, '.guardrail.yaml');
    return new Reviewer(config, admissionPolicy(config, false)).review(request);
  };

  it('apply to the objects they match', () => {
    expect(decide('suppressions:\n  - id: POD-NON-ROOT\n    resource: Deployment/shop/*\n    reason: legacy images, OPS-7\n').allowed).toBe(true);
    expect(decide('suppressions:\n  - id: POD-NON-ROOT\n    resource: Deployment/other/*\n    reason: legacy images, OPS-7\n').allowed).toBe(false);
  });

  it('without a reason do not apply, and are not held against every object', () => {
    const decision = decide('suppressions:\n  - id: image-digest\n');
    expect(decision.message).toContain('[POD-NON-ROOT]');
    expect([...decision.denying, ...decision.warning].map((f) => f.rule)).not.toContain('suppression-without-reason');
  });
});

describe('a rule that throws', () => {
  const throwing: Rule = {
    id: 'throws',
    practice: 'POD-NON-ROOT',
    severity: 'low',
    title: 't',
    rationale: 'r',
    remediation: 'm',
    inputs: ['k8s'],
    *check() {
      throw new Error('boom');
    },
  };
  const request = review(deployment(hardenedPodSpec())).request as AdmissionRequest;

  it('denies under failureMode deny (the default), whatever denyAt says', () => {
    const { config } = parseConfig('admission:\n  denyAt: critical\n', '.guardrail.yaml');
    const decision = new Reviewer(config, admissionPolicy(config, false), [throwing]).review(request);
    expect(decision.allowed).toBe(false);
    expect(decision.ruleErrors).toBe(1);
    expect(decision.message).toContain('rule throws failed');
  });

  it('admits with a warning under failureMode warn', () => {
    const { config } = parseConfig('admission:\n  failureMode: warn\n', '.guardrail.yaml');
    const decision = new Reviewer(config, admissionPolicy(config, false), [throwing]).review(request);
    expect(decision.allowed).toBe(true);
    expect(decision.outcome).toBe('warned');
    expect(decision.warnings[0]).toMatch(/^POD-NON-ROOT \(rule-error\): rule throws failed/);
  });

  it('is judged by the defaults without a config', () => {
    expect(admissionPolicy(DEFAULT_CONFIG, false)).toEqual({ denyAt: 'medium', exemptNamespaces: [], failureMode: 'deny', allowExistingViolations: true, auditOnly: false });
  });
});
