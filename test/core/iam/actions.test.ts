import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessLevel,
  actionPatternStatus,
  conditionKeys,
  escalationActionsGranted,
  expandActions,
  loadIamIndex,
  PRIVILEGE_ESCALATION_ACTIONS,
  supportsResourceLevel,
  type IamIndex,
} from '../../../src/core/iam/actions.js';
import { normalizePolicy, type StatementView } from '../../../src/core/iam/policy.js';

let index: IamIndex;
beforeAll(async () => {
  index = await loadIamIndex();
});

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function statements(name: string): StatementView[] {
  return normalizePolicy(fixture(name), []).statements;
}

function statement(raw: Record<string, unknown>): StatementView {
  const { statements: [s], problems } = normalizePolicy({ Version: '2012-10-17', Statement: raw }, []);
  expect(problems).toEqual([]);
  return s;
}

describe('loadIamIndex', () => {
  it('indexes every service and action of the data by lower-case key', () => {
    expect(index.services.size).toBeGreaterThan(400);
    expect(index.actions.size).toBeGreaterThan(20_000);
    expect(index.actions.get('iam:putrolepolicy')).toMatchObject({
      name: 'iam:PutRolePolicy',
      key: 'iam:putrolepolicy',
      accessLevel: 'Permissions management',
      resourceLevel: true,
    });
    const sts = index.services.get('sts')?.map((a) => a.key) ?? [];
    expect(sts).toEqual([...sts].sort());
    expect(sts).toContain('sts:assumerole');
  });
});

describe('expandActions', () => {
  it('expands a service prefix wildcard to exactly the matching actions', () => {
    const put = expandActions(index, 'iam:Put*');
    expect(put).toContain('iam:PutRolePolicy');
    expect(put).toContain('iam:PutUserPolicy');
    expect(put).toContain('iam:PutGroupPolicy');
    expect(put.every((a) => a.startsWith('iam:Put'))).toBe(true);
    expect(put).not.toContain('iam:CreatePolicy');
  });

  it('expands wildcards in the middle of the action name', () => {
    const policy = expandActions(index, 'iam:*Policy*');
    expect(policy).toContain('iam:CreatePolicyVersion');
    expect(policy).toContain('iam:AttachRolePolicy');
    expect(policy).toContain('iam:PutRolePolicy');
    expect(policy.every((a) => a.startsWith('iam:') && a.includes('Policy'))).toBe(true);
    expect(policy).not.toContain('iam:PassRole');
  });

  it('expands `*:*` and `*` to every action', () => {
    const all = expandActions(index, '*:*');
    expect(all).toContain('sts:AssumeRole');
    expect(all).toHaveLength(index.actions.size);
    expect(expandActions(index, '*')).toHaveLength(index.actions.size);
    expect(expandActions(index, '**')).toHaveLength(index.actions.size);
  });

  it('expands a whole service with `service:*`', () => {
    const s3 = expandActions(index, 's3:*');
    expect(s3).toHaveLength(index.services.get('s3')?.length ?? -1);
    expect(s3).toContain('s3:GetObject');
    expect(s3.every((a) => a.startsWith('s3:'))).toBe(true);
  });

  it('matches read-style prefixes without touching other verbs', () => {
    const get = expandActions(index, 's3:Get*');
    expect(get).toContain('s3:GetObject');
    expect(get).toContain('s3:GetBucketPolicy');
    expect(get).not.toContain('s3:PutObject');
    expect(get).not.toContain('s3:ListBucket');
  });

  it('is case-insensitive and returns canonical casing', () => {
    expect(expandActions(index, 'IAM:putrolepolicy')).toEqual(['iam:PutRolePolicy']);
    expect(expandActions(index, 'S3:GETOBJECT')).toEqual(['s3:GetObject']);
    expect(expandActions(index, 'iam:pUT*')).toEqual(expandActions(index, 'iam:Put*'));
    expect(expandActions(index, 'STS:ASSUMEROLE*')).toEqual([
      'sts:AssumeRole',
      'sts:AssumeRoleWithSAML',
      'sts:AssumeRoleWithWebIdentity',
    ]);
  });

  it('treats `?` as exactly one character', () => {
    expect(expandActions(index, 'iam:Put?serPolicy')).toEqual(['iam:PutUserPolicy']);
    expect(expandActions(index, 's3:GetObjec?')).toEqual(['s3:GetObject']);
    expect(expandActions(index, 'sts:AssumeRole?')).toEqual([]);
    expect(expandActions(index, 'st?:AssumeRole')).toEqual(['sts:AssumeRole']);
  });

  it('matches wildcards in the service part across services', () => {
    expect(expandActions(index, '*:AssumeRole')).toEqual(['sts:AssumeRole']);
    expect(expandActions(index, 'iam*:PassRole')).toEqual(['iam:PassRole']);
  });

  it('expands unknown and malformed patterns to nothing', () => {
    expect(expandActions(index, 'foo:Bar')).toEqual([]);
    expect(expandActions(index, 'iam:NoSuchAction')).toEqual([]);
    expect(expandActions(index, 'iam')).toEqual([]);
    expect(expandActions(index, ' iam:PassRole')).toEqual([]);
    expect(expandActions(index, '')).toEqual([]);
  });

  it('does bounded work on adversarial patterns', () => {
    const start = performance.now();
    expect(expandActions(index, `*:${'*?'.repeat(60)}z`)).toEqual([]);
    expect(expandActions(index, `${'*a'.repeat(200)}*`)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('actionPatternStatus', () => {
  it('tells known, unknown and malformed patterns apart', () => {
    expect(actionPatternStatus(index, 'iam:PutRolePolicy')).toBe('known');
    expect(actionPatternStatus(index, 'iam:put*')).toBe('known');
    expect(actionPatternStatus(index, '*')).toBe('known');
    expect(actionPatternStatus(index, 'iam:NoSuchAction')).toBe('unknown-action');
    expect(actionPatternStatus(index, 'iam:Nope*')).toBe('unknown-action');
    expect(actionPatternStatus(index, 'i?m:Nope')).toBe('unknown-action');
    expect(actionPatternStatus(index, 'foo:Bar')).toBe('unknown-service');
    expect(actionPatternStatus(index, 'fo?:*')).toBe('unknown-service');
    expect(actionPatternStatus(index, 'iam')).toBe('malformed');
    expect(actionPatternStatus(index, 'iam:')).toBe('malformed');
    expect(actionPatternStatus(index, ':PassRole')).toBe('malformed');
    expect(actionPatternStatus(index, 'iam:Pass Role')).toBe('malformed');
    expect(actionPatternStatus(index, 'iam:PassRole:x')).toBe('malformed');
    expect(actionPatternStatus(index, `iam:${'a'.repeat(300)}`)).toBe('malformed');
  });
});

describe('accessLevel', () => {
  it('returns the access level, preferring the specific one over Write', () => {
    expect(accessLevel(index, 's3:GetObject')).toBe('Read');
    expect(accessLevel(index, 's3:ListBucket')).toBe('List');
    expect(accessLevel(index, 's3:PutObject')).toBe('Write');
    expect(accessLevel(index, 'iam:PutRolePolicy')).toBe('Permissions management');
    expect(accessLevel(index, 'iam:CreatePolicyVersion')).toBe('Permissions management');
    expect(accessLevel(index, 'iam:TagRole')).toBe('Tagging');
    expect(accessLevel(index, 'IAM:putRolePolicy')).toBe('Permissions management');
  });

  it('is undefined for unknown actions and for patterns', () => {
    expect(accessLevel(index, 'iam:NoSuchAction')).toBeUndefined();
    expect(accessLevel(index, 'iam:Put*')).toBeUndefined();
  });
});

describe('supportsResourceLevel', () => {
  it('is true only for actions with resource types', () => {
    expect(supportsResourceLevel(index, 's3:GetObject')).toBe(true);
    expect(supportsResourceLevel(index, 'iam:PassRole')).toBe(true);
    expect(supportsResourceLevel(index, 'kms:Decrypt')).toBe(true);
    expect(supportsResourceLevel(index, 's3:ListAllMyBuckets')).toBe(false);
    expect(supportsResourceLevel(index, 'ec2:DescribeInstances')).toBe(false);
    expect(supportsResourceLevel(index, 'sts:GetCallerIdentity')).toBe(false);
    expect(supportsResourceLevel(index, 'iam:NoSuchAction')).toBe(false);
  });

  it('is false when the only resource type is optional', () => {
    expect(supportsResourceLevel(index, 'cloudwatch:PutMetricData')).toBe(false);
  });
});

describe('conditionKeys', () => {
  it('lists the service condition keys of an action, sorted', () => {
    const list = conditionKeys(index, 's3:ListBucket');
    expect(list).toContain('s3:prefix');
    expect(list).toEqual([...list].sort());
    expect(conditionKeys(index, 'iam:PassRole')).toEqual(['iam:AssociatedResourceArn', 'iam:PassedToService']);
    expect(conditionKeys(index, 'kms:Decrypt')).toContain('kms:ViaService');
    expect(conditionKeys(index, 'iam:NoSuchAction')).toEqual([]);
  });

  it('includes keys given for the action\'s resource types', () => {
    expect(conditionKeys(index, 'ec2:RunInstances')).toContain('ec2:ResourceTag/${TagKey}');
  });
});

describe('privilege escalation', () => {
  it('lists only actions the data knows, in canonical casing', () => {
    for (const action of PRIVILEGE_ESCALATION_ACTIONS) expect(expandActions(index, action)).toEqual([action]);
  });

  it('finds every escalation action granted by `*:*` and the IAM ones by `iam:*`', () => {
    const [everything, iamAdmin, assumeAny, allKeys, allBuckets, ec2] = statements('overly-broad-policy.json');
    expect(escalationActionsGranted(index, everything)).toEqual(
      PRIVILEGE_ESCALATION_ACTIONS.map((action) => ({ action, actionIndex: 0 })),
    );
    expect(escalationActionsGranted(index, iamAdmin).map((g) => g.action)).toEqual(
      PRIVILEGE_ESCALATION_ACTIONS.filter((a) => a.startsWith('iam:')),
    );
    expect(escalationActionsGranted(index, assumeAny)).toEqual([{ action: 'sts:AssumeRole', actionIndex: 0 }]);
    expect(escalationActionsGranted(index, allKeys)).toEqual([]);
    expect(escalationActionsGranted(index, allBuckets)).toEqual([]);
    expect(escalationActionsGranted(index, ec2)).toEqual([]);
  });

  it('points at the first pattern that grants each action', () => {
    const s = statement({
      Effect: 'Allow',
      Action: ['s3:GetObject', 'iam:Attach*Policy', 'IAM:PUTROLEPOLICY', 'iam:*', 'bad pattern'],
      Resource: '*',
    });
    expect(escalationActionsGranted(index, s)).toEqual([
      { action: 'iam:CreatePolicyVersion', actionIndex: 3 },
      { action: 'iam:SetDefaultPolicyVersion', actionIndex: 3 },
      { action: 'iam:AttachUserPolicy', actionIndex: 1 },
      { action: 'iam:AttachGroupPolicy', actionIndex: 1 },
      { action: 'iam:AttachRolePolicy', actionIndex: 1 },
      { action: 'iam:PutUserPolicy', actionIndex: 3 },
      { action: 'iam:PutGroupPolicy', actionIndex: 3 },
      { action: 'iam:PutRolePolicy', actionIndex: 2 },
      { action: 'iam:CreateAccessKey', actionIndex: 3 },
      { action: 'iam:CreateLoginProfile', actionIndex: 3 },
      { action: 'iam:UpdateLoginProfile', actionIndex: 3 },
      { action: 'iam:AddUserToGroup', actionIndex: 3 },
      { action: 'iam:UpdateAssumeRolePolicy', actionIndex: 3 },
      { action: 'iam:PassRole', actionIndex: 3 },
    ]);
  });

  it('counts what NotAction leaves allowed', () => {
    const s = statement({ Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' });
    expect(escalationActionsGranted(index, s)).toEqual([
      { action: 'lambda:UpdateFunctionCode', actionIndex: undefined },
      { action: 'glue:UpdateDevEndpoint', actionIndex: undefined },
    ]);
  });

  it('grants nothing through Deny statements or a scoped workload policy', () => {
    expect(escalationActionsGranted(index, statement({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
    for (const s of statements('session-manager-policy.json')) expect(escalationActionsGranted(index, s)).toEqual([]);
  });
});
