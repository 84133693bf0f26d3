import { describe, expect, it } from 'vitest';
import { accessLevel, loadIamIndex } from '../../src/core/iam/actions.js';
import { AUDIT_ACTIONS, AUDIT_CALLS, auditPolicy } from '../../src/audit/calls.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { scanSources } from '../../src/scan/scan.js';

describe('the IAM policy the audit needs', () => {
  it('holds only List and Read actions, per the service-authorization data', async () => {
    const index = await loadIamIndex();
    const levels = AUDIT_ACTIONS.map((action) => `${action}: ${accessLevel(index, action) ?? 'unknown'}`);
    expect(levels.filter((l) => !/: (List|Read)$/.test(l))).toEqual([]);
  });

  it('passes guardrail’s own IAM rules with no finding: configuration reads on every resource are what an audit needs', async () => {
    const result = await scanSources([{ file: 'guardrail-audit-policy.json', text: JSON.stringify(auditPolicy(), null, 2) }]);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    const data = ['s3:GetObject', 's3:ListBucket', 'kms:Decrypt', 'secretsmanager:GetSecretValue', 'ssm:GetParameter'];
    expect(AUDIT_ACTIONS.filter((a) => data.includes(a))).toEqual([]);
  });

  it('would be reported if it read stored data on every resource', async () => {
    const policy = auditPolicy() as { Statement: Array<{ Action: string[] }> };
    policy.Statement[0].Action.push('secretsmanager:GetSecretValue', 's3:GetObject');
    const result = await scanSources([{ file: 'widened-audit-policy.json', text: JSON.stringify(policy, null, 2) }]);
    expect([...new Set(result.findings.map((f) => f.rule))].sort()).toEqual(['iam-no-wildcard-resource', 'iam-s3-scoped']);
  });

  it('names only rules that exist as the checks a call blocks', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(Object.values(AUDIT_CALLS).flatMap((c) => c.checks).filter((id) => !ids.has(id))).toEqual([]);
  });
});
