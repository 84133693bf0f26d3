import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  arnMatches,
  isPolicyDocument,
  isWildcardResource,
  normalizePolicy,
  scopingConditions,
  type StatementView,
} from '../../../src/core/iam/policy.js';
import { parseYamlStream } from '../../../src/inputs/yaml/parse.js';
import { locateIn } from '../../../src/inputs/yaml/positions.js';

function text(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function fixture(name: string): unknown {
  return JSON.parse(text(name));
}

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

describe('normalizePolicy on the platform fixtures', () => {
  it('normalizes the session manager role policy with exact paths', () => {
    const { statements, problems } = normalizePolicy(fixture('session-manager-policy.json'), []);
    expect(problems).toEqual([]);
    expect(statements).toEqual([
      {
        index: 0,
        path: ['Statement', 0],
        sid: 'SessionObjects',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        notActions: undefined,
        resources: ['arn:aws:s3:::sessions-bucket/core-session-manager/*'],
        notResources: undefined,
        principal: undefined,
        notPrincipal: undefined,
        conditions: [],
        paths: {
          Sid: ['Statement', 0, 'Sid'],
          Effect: ['Statement', 0, 'Effect'],
          Action: ['Statement', 0, 'Action'],
          Resource: ['Statement', 0, 'Resource'],
        },
        valuePaths: {
          Action: [['Statement', 0, 'Action', 0], ['Statement', 0, 'Action', 1], ['Statement', 0, 'Action', 2]],
          NotAction: [],
          Resource: [['Statement', 0, 'Resource']],
          NotResource: [],
        },
      },
      {
        index: 1,
        path: ['Statement', 1],
        sid: 'ListSessionPrefix',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        notActions: undefined,
        resources: ['arn:aws:s3:::sessions-bucket'],
        notResources: undefined,
        principal: undefined,
        notPrincipal: undefined,
        conditions: [
          {
            operator: 'StringLike',
            base: 'StringLike',
            set: undefined,
            ifExists: false,
            key: 's3:prefix',
            values: ['core-session-manager/*'],
            path: ['Statement', 1, 'Condition', 'StringLike', 's3:prefix'],
          },
        ],
        paths: {
          Sid: ['Statement', 1, 'Sid'],
          Effect: ['Statement', 1, 'Effect'],
          Action: ['Statement', 1, 'Action'],
          Resource: ['Statement', 1, 'Resource'],
          Condition: ['Statement', 1, 'Condition'],
        },
        valuePaths: {
          Action: [['Statement', 1, 'Action']],
          NotAction: [],
          Resource: [['Statement', 1, 'Resource']],
          NotResource: [],
        },
      },
      {
        index: 2,
        path: ['Statement', 2],
        sid: 'SessionKey',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        notActions: undefined,
        resources: [KEY],
        notResources: undefined,
        principal: undefined,
        notPrincipal: undefined,
        conditions: [
          {
            operator: 'StringEquals',
            base: 'StringEquals',
            set: undefined,
            ifExists: false,
            key: 'kms:ViaService',
            values: ['s3.eu-west-1.amazonaws.com'],
            path: ['Statement', 2, 'Condition', 'StringEquals', 'kms:ViaService'],
          },
        ],
        paths: {
          Sid: ['Statement', 2, 'Sid'],
          Effect: ['Statement', 2, 'Effect'],
          Action: ['Statement', 2, 'Action'],
          Resource: ['Statement', 2, 'Resource'],
          Condition: ['Statement', 2, 'Condition'],
        },
        valuePaths: {
          Action: [['Statement', 2, 'Action', 0], ['Statement', 2, 'Action', 1]],
          NotAction: [],
          Resource: [['Statement', 2, 'Resource']],
          NotResource: [],
        },
      },
    ]);
  });

  it('yields paths that locate the offending lines in the source file', () => {
    const { documents, errors } = parseYamlStream(text('overly-broad-policy.json'), 'overly-broad-policy.json');
    expect(errors).toEqual([]);
    const [doc] = documents;
    const { statements } = normalizePolicy(doc.value, []);
    const at = (path: ReadonlyArray<string | number>) => locateIn(doc.value, doc.positions, path).line;
    expect(statements.map((s) => at(s.paths.Action ?? []))).toEqual([7, 13, 19, 25, 31, 37]);
    expect(at(statements[1].valuePaths.Action[0])).toBe(13);
    expect(statements[4].valuePaths.Resource.map(at)).toEqual([32, 32]);
    expect(at(statements[4].path)).toBe(28);
  });

  it('prefixes every path with the base path of an embedded document', () => {
    const base = ['Resources', 'SessionManagerRole', 'Properties', 'AssumeRolePolicyDocument'];
    const { statements, problems } = normalizePolicy(fixture('session-manager-trust.json'), base);
    expect(problems).toEqual([]);
    expect(statements).toHaveLength(1);
    const [trust] = statements;
    expect(trust.path).toEqual([...base, 'Statement', 0]);
    expect(trust.sid).toBeUndefined();
    expect(trust.principal).toEqual({
      AWS: [],
      Service: [],
      Federated: [`arn:aws:iam::111122223333:oidc-provider/${OIDC}`],
      CanonicalUser: [],
    });
    expect(trust.paths.Principal).toEqual([...base, 'Statement', 0, 'Principal']);
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.resources).toBeUndefined();
    expect(trust.conditions.map((c) => [c.key, c.values, c.path])).toEqual([
      [
        `${OIDC}:sub`,
        ['system:serviceaccount:core-session-manager:core-session-manager'],
        [...base, 'Statement', 0, 'Condition', 'StringEquals', `${OIDC}:sub`],
      ],
      [`${OIDC}:aud`, ['sts.amazonaws.com'], [...base, 'Statement', 0, 'Condition', 'StringEquals', `${OIDC}:aud`]],
    ]);
  });

  it('handles Principal "*", NotPrincipal, NotAction, NotResource and qualified operators', () => {
    const { statements, problems } = normalizePolicy(fixture('sessions-bucket-policy.json'), []);
    expect(problems).toEqual([]);
    const [tls, others] = statements;
    expect(tls.effect).toBe('Deny');
    expect(tls.principal).toBe('*');
    expect(tls.notPrincipal).toBeUndefined();
    expect(tls.conditions).toEqual([
      {
        operator: 'Bool',
        base: 'Bool',
        set: undefined,
        ifExists: false,
        key: 'aws:SecureTransport',
        values: ['false'],
        path: ['Statement', 0, 'Condition', 'Bool', 'aws:SecureTransport'],
      },
    ]);
    expect(others.principal).toBeUndefined();
    expect(others.notPrincipal).toEqual({
      AWS: ['arn:aws:iam::111122223333:role/core-session-manager-sa-role', 'arn:aws:iam::111122223333:root'],
      Service: [],
      Federated: [],
      CanonicalUser: [],
    });
    expect(others.actions).toBeUndefined();
    expect(others.notActions).toEqual(['s3:GetBucketPolicy', 's3:GetBucketLocation']);
    expect(others.valuePaths.NotAction).toEqual([
      ['Statement', 1, 'NotAction', 0],
      ['Statement', 1, 'NotAction', 1],
    ]);
    expect(others.resources).toBeUndefined();
    expect(others.notResources).toEqual(['arn:aws:s3:::sessions-bucket/public/*']);
    expect(others.valuePaths.NotResource).toEqual([['Statement', 1, 'NotResource']]);
    expect(others.paths.NotPrincipal).toEqual(['Statement', 1, 'NotPrincipal']);
    expect(others.conditions).toEqual([
      {
        operator: 'ForAnyValue:StringNotLikeIfExists',
        base: 'StringNotLike',
        set: 'ForAnyValue',
        ifExists: true,
        key: 'aws:PrincipalOrgPaths',
        values: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'],
        path: ['Statement', 1, 'Condition', 'ForAnyValue:StringNotLikeIfExists', 'aws:PrincipalOrgPaths'],
      },
    ]);
  });
});

describe('normalizePolicy shapes', () => {
  it('accepts a single statement object with string values', () => {
    const { statements, problems } = normalizePolicy(
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' } },
      ['policy'],
    );
    expect(problems).toEqual([]);
    expect(statements).toEqual([
      {
        index: 0,
        path: ['policy', 'Statement'],
        effect: 'Allow',
        actions: ['ec2:DescribeInstances'],
        notActions: undefined,
        resources: ['*'],
        notResources: undefined,
        principal: undefined,
        notPrincipal: undefined,
        conditions: [],
        paths: {
          Effect: ['policy', 'Statement', 'Effect'],
          Action: ['policy', 'Statement', 'Action'],
          Resource: ['policy', 'Statement', 'Resource'],
        },
        valuePaths: {
          Action: [['policy', 'Statement', 'Action']],
          NotAction: [],
          Resource: [['policy', 'Statement', 'Resource']],
          NotResource: [],
        },
      },
    ]);
  });

  it('normalizes principal values given as strings or lists, per type', () => {
    const { statements, problems } = normalizePolicy(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'eks.amazonaws.com', AWS: ['arn:aws:iam::111122223333:root', '*'] },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      [],
    );
    expect(problems).toEqual([]);
    expect(statements[0].principal).toEqual({
      AWS: ['arn:aws:iam::111122223333:root', '*'],
      Service: ['eks.amazonaws.com'],
      Federated: [],
      CanonicalUser: [],
    });
  });

  it('turns condition numbers, booleans and lists into strings and parses ForAllValues', () => {
    const { statements, problems } = normalizePolicy(
      {
        Statement: {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: {
            NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 },
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 1, true] },
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
          },
        },
      },
      [],
    );
    expect(problems).toEqual([]);
    expect(statements[0].conditions.map((c) => [c.operator, c.base, c.set, c.ifExists, c.key, c.values])).toEqual([
      ['NumericGreaterThan', 'NumericGreaterThan', undefined, false, 'aws:MultiFactorAuthAge', ['3600']],
      ['ForAllValues:StringEquals', 'StringEquals', 'ForAllValues', false, 'aws:TagKeys', ['team', '1', 'true']],
      ['BoolIfExists', 'Bool', undefined, true, 'aws:MultiFactorAuthPresent', ['false']],
    ]);
  });
});

describe('normalizePolicy problems', () => {
  it('reports a document that is not a map or has no Statement', () => {
    expect(normalizePolicy('{"Statement": []}', ['p'])).toEqual({
      statements: [],
      problems: [{ path: ['p'], message: 'policy document must be a map, not "{\\"Statement\\": []}"' }],
    });
    expect(normalizePolicy(null, []).problems).toEqual([{ path: [], message: 'policy document must be a map, not null' }]);
    expect(normalizePolicy({ Version: '2012-10-17' }, ['p'])).toEqual({
      statements: [],
      problems: [{ path: ['p'], message: 'policy document has no Statement' }],
    });
  });

  it('reports bad Version, unknown elements and a Statement of the wrong type', () => {
    expect(normalizePolicy({ Version: '2012-10-18', Statment: [], Statement: 'Allow' }, []).problems).toEqual([
      { path: ['Statment'], message: 'unknown policy element "Statment"' },
      { path: ['Version'], message: 'Version must be "2012-10-17" or "2008-10-17", not "2012-10-18"' },
      { path: ['Statement'], message: 'Statement must be a map or a list of maps, not "Allow"' },
    ]);
  });

  it('reports invalid statements and keeps the valid parts', () => {
    const { statements, problems } = normalizePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          'Allow everything',
          { Action: 's3:GetObject', Resource: 'arn:aws:s3:::sessions-bucket/*' },
          { Sid: 'Lower', Effect: 'allow', Action: ['s3:GetObject', 42], NotAction: 'iam:*', Resource: '*', NotResource: '*' },
          { Sid: 7, Effect: 'Allow', Resource: '*', Actions: ['s3:GetObject'] },
          { Sid: 'Lower', Effect: 'Deny', Action: { s3: 'GetObject' }, Principal: 'arn:aws:iam::111122223333:root', NotPrincipal: '*' },
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { aws: 'x', AWS: [1] } },
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::sessions-bucket',
            Condition: { StringEqual: { 's3:prefix': 'a' }, StringLike: ['s3:prefix'], StringEquals: { 's3:prefix': { a: 1 }, 'aws:SourceAccount': [null, '111122223333'] } },
          },
          { Effect: 'Allow', Action: '*', Resource: '*', Condition: 'none' },
        ],
      },
      ['doc'],
    );
    const s = (i: number, ...rest: Array<string | number>) => ['doc', 'Statement', i, ...rest];
    expect(problems).toEqual([
      { path: s(0), message: 'statement must be a map, not "Allow everything"' },
      { path: s(1), message: 'statement has no Effect' },
      { path: s(2, 'Action', 1), message: 'Action items must be strings, not 42' },
      { path: s(2, 'Effect'), message: 'Effect must be "Allow" or "Deny", not "allow"' },
      { path: s(2, 'NotAction'), message: 'statement has both Action and NotAction' },
      { path: s(2, 'NotResource'), message: 'statement has both Resource and NotResource' },
      { path: s(3, 'Actions'), message: 'unknown statement element "Actions"' },
      { path: s(3, 'Sid'), message: 'Sid must be a string, not 7' },
      { path: s(3), message: 'statement has neither Action nor NotAction' },
      { path: s(4, 'Action'), message: 'Action must be a string or a list of strings, not a map' },
      { path: s(4, 'Principal'), message: 'Principal must be "*" or a map of principal types, not "arn:aws:iam::111122223333:root"' },
      { path: s(4, 'NotPrincipal'), message: 'statement has both Principal and NotPrincipal' },
      { path: s(5, 'Principal', 'aws'), message: 'unknown principal type "aws"' },
      { path: s(5, 'Principal', 'AWS', 0), message: 'Principal AWS items must be strings, not 1' },
      { path: s(6, 'Condition', 'StringEqual'), message: 'unknown condition operator "StringEqual"' },
      { path: s(6, 'Condition', 'StringLike'), message: 'condition operator "StringLike" must map condition keys to values' },
      { path: s(6, 'Condition', 'StringEquals', 's3:prefix'), message: 'condition values must be strings, numbers, booleans or a list of them, not a map' },
      { path: s(6, 'Condition', 'StringEquals', 'aws:SourceAccount', 0), message: 'condition values must be strings, numbers or booleans, not null' },
      { path: s(7, 'Condition'), message: 'Condition must be a map of operators, not "none"' },
      { path: s(4, 'Sid'), message: 'duplicate Sid "Lower"' },
    ]);
    expect(statements.map((st) => st.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const lower = statements[1];
    expect(lower.effect).toBeUndefined();
    expect(lower.actions).toEqual(['s3:GetObject']);
    expect(lower.valuePaths.Action).toEqual([s(2, 'Action', 0)]);
    expect(statements[3].actions).toBeUndefined();
    expect(statements[3].notPrincipal).toBe('*');
    expect(statements[4].principal).toEqual({ AWS: [], Service: [], Federated: [], CanonicalUser: [] });
    expect(statements[5].conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringEqual', 's3:prefix', ['a']],
      ['StringEquals', 'aws:SourceAccount', ['111122223333']],
    ]);
  });

  it('shortens long values in messages', () => {
    const { problems } = normalizePolicy({ Statement: { Effect: 'x'.repeat(500), Action: '*' } }, []);
    expect(problems).toEqual([{ path: ['Statement', 'Effect'], message: `Effect must be "Allow" or "Deny", not "${'x'.repeat(59)}…"` }]);
  });

  it('does not take prototype keys for policy elements', () => {
    expect(normalizePolicy(JSON.parse('{"Statement": {"Effect": "Allow", "Action": "*", "__proto__": {"Resource": "*"}}}'), []).problems).toEqual([
      { path: ['Statement', '__proto__'], message: 'unknown statement element "__proto__"' },
    ]);
    expect(normalizePolicy({ constructor: 1 }, []).problems).toEqual([
      { path: ['constructor'], message: 'unknown policy element "constructor"' },
      { path: [], message: 'policy document has no Statement' },
    ]);
  });
});

describe('isPolicyDocument', () => {
  it('recognises the fixtures and minimal documents', () => {
    for (const name of ['session-manager-policy.json', 'session-manager-trust.json', 'overly-broad-policy.json', 'sessions-bucket-policy.json']) {
      expect(isPolicyDocument(fixture(name))).toBe(true);
    }
    expect(isPolicyDocument({ Version: '2008-10-17', Statement: [] })).toBe(true);
    expect(isPolicyDocument({ Statement: [{ Effect: 'Allow', Action: '*' }] })).toBe(true);
    expect(isPolicyDocument({ Statement: { Effect: 'Deny', NotAction: 's3:*' } })).toBe(true);
  });

  it('rejects other JSON', () => {
    expect(isPolicyDocument({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toBe(false);
    expect(isPolicyDocument({ Version: '2012-10-17' })).toBe(false);
    expect(isPolicyDocument({ Version: '1.0', Statement: [{ Effect: 'Allow' }] })).toBe(false);
    expect(isPolicyDocument({ Statement: 'Allow' })).toBe(false);
    expect(isPolicyDocument({ Statement: [] })).toBe(false);
    expect(isPolicyDocument([{ Statement: [] }])).toBe(false);
    expect(isPolicyDocument(null)).toBe(false);
    expect(isPolicyDocument('{"Version":"2012-10-17","Statement":[]}')).toBe(false);
  });
});

describe('arnMatches', () => {
  const objects = 'arn:aws:s3:::sessions-bucket/core-session-manager/*';

  it('matches objects under a prefix, case-sensitively', () => {
    expect(arnMatches(objects, 'arn:aws:s3:::sessions-bucket/core-session-manager/abc/def.json')).toBe(true);
    expect(arnMatches(objects, 'arn:aws:s3:::sessions-bucket/core-session-manager/')).toBe(true);
    expect(arnMatches(objects, 'arn:aws:s3:::sessions-bucket/core-routing/abc')).toBe(false);
    expect(arnMatches(objects, 'arn:aws:s3:::sessions-bucket')).toBe(false);
    expect(arnMatches(objects, 'arn:aws:s3:::Sessions-Bucket/core-session-manager/abc')).toBe(false);
    expect(arnMatches(KEY, KEY)).toBe(true);
    expect(arnMatches(KEY, KEY.toUpperCase())).toBe(false);
  });

  it('treats `?` as one character within a segment', () => {
    expect(arnMatches('arn:aws:iam::111122223333:role/app-?', 'arn:aws:iam::111122223333:role/app-1')).toBe(true);
    expect(arnMatches('arn:aws:iam::111122223333:role/app-?', 'arn:aws:iam::111122223333:role/app-12')).toBe(false);
    expect(arnMatches('arn:aws:kms:eu-west-?:111122223333:key/k', 'arn:aws:kms:eu-west-1:111122223333:key/k')).toBe(true);
    expect(arnMatches('arn:aws:s3:::a?b', 'arn:aws:s3:::a:b')).toBe(false);
  });

  it('keeps a `*` inside its segment unless it ends the segment', () => {
    expect(arnMatches('arn:aws:kms:eu-*-1:111122223333:key/k', 'arn:aws:kms:eu-west-1:111122223333:key/k')).toBe(true);
    expect(arnMatches('arn:aws:kms:eu-*-1:111122223333:key/k', 'arn:aws:kms:eu-west:x-1:111122223333:key/k')).toBe(false);
    expect(arnMatches('arn:aws:kms:*:*:key/*', KEY)).toBe(true);
    expect(arnMatches('arn:aws:kms:*', KEY)).toBe(true);
    expect(arnMatches('arn:aws:s3:::*', 'arn:aws:s3:::sessions-bucket/a:b:c')).toBe(true);
    expect(arnMatches('arn:aws:s3:::*', KEY)).toBe(false);
    expect(arnMatches('*', KEY)).toBe(true);
    expect(arnMatches('*', '')).toBe(true);
  });

  it('does not match over-long input and stays fast on adversarial patterns', () => {
    expect(arnMatches('*', `arn:aws:s3:::${'a'.repeat(2100)}`)).toBe(false);
    const start = performance.now();
    expect(arnMatches(`${'*a'.repeat(1000)}b`, 'a'.repeat(2000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('isWildcardResource', () => {
  it('is true for patterns that cover every resource of a service', () => {
    for (const r of [
      '*',
      '**',
      'arn:*',
      'arn:aws:s3:::*',
      'arn:aws:s3:::*/*',
      'arn:aws:kms:*:*:key/*',
      'arn:aws:kms:eu-west-1:111122223333:key/*',
      'arn:aws:kms:*:*:*',
      'arn:aws:kms:*',
      'arn:aws:iam::*:role/*',
      'arn:aws:iam::111122223333:role/*',
      'arn:aws:logs:*:*:log-group:*',
      'arn:aws:lambda:eu-west-1:111122223333:function:*',
      'arn:aws:sqs:eu-west-1:111122223333:*',
    ]) {
      expect([r, isWildcardResource(r)]).toEqual([r, true]);
    }
  });

  it('is false for scoped patterns', () => {
    for (const r of [
      'arn:aws:s3:::sessions-bucket',
      'arn:aws:s3:::sessions-bucket/*',
      'arn:aws:s3:::sessions-bucket/core-session-manager/*',
      'arn:aws:s3:::sessions-*',
      KEY,
      'arn:aws:kms:*:*:alias/core-session-manager',
      'arn:aws:iam::111122223333:role/core-session-manager-sa-role',
      'arn:aws:iam::111122223333:role/aws-service-role/*',
      'arn:aws:sqs:eu-west-1:111122223333:core-routing-*',
      'arn:aws:s3',
      'arn',
      'sessions-bucket',
      '',
    ]) {
      expect([r, isWildcardResource(r)]).toEqual([r, false]);
    }
  });
});

describe('scopingConditions', () => {
  function withCondition(condition: Record<string, unknown>): StatementView {
    const { statements, problems } = normalizePolicy({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: condition } }, []);
    expect(problems).toEqual([]);
    return statements[0];
  }

  it('finds the prefix and via-service conditions of the session manager policy', () => {
    const [objects, list, key] = normalizePolicy(fixture('session-manager-policy.json'), []).statements;
    expect(scopingConditions(objects)).toEqual([]);
    expect(scopingConditions(list).map((c) => c.key)).toEqual(['s3:prefix']);
    expect(scopingConditions(key).map((c) => c.key)).toEqual(['kms:ViaService']);
  });

  it('accepts the resource- and caller-narrowing keys, case-insensitively', () => {
    const s = withCondition({
      StringEquals: {
        'AWS:SourceAccount': '111122223333',
        'aws:ResourceTag/team': 'sessions',
        'ec2:ResourceTag/cluster': 'core',
        'iam:PassedToService': 'eks.amazonaws.com',
        'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
        'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::sessions-bucket',
        'aws:RequestedRegion': 'eu-west-1',
        'aws:ResourceAccount': '111122223333',
      },
      ArnLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:core-*' },
      Bool: { 'aws:SecureTransport': 'true' },
    });
    expect(scopingConditions(s).map((c) => c.key)).toEqual([
      'AWS:SourceAccount',
      'aws:ResourceTag/team',
      'ec2:ResourceTag/cluster',
      'iam:PassedToService',
      'aws:PrincipalOrgID',
      'kms:EncryptionContext:aws:s3:arn',
      'aws:SourceArn',
    ]);
  });

  it('ignores negated, optional, all-values, null and wildcard-valued conditions', () => {
    const s = withCondition({
      StringNotEquals: { 'aws:SourceAccount': '111122223333' },
      StringLikeIfExists: { 's3:prefix': 'core-session-manager/*' },
      'ForAllValues:StringEquals': { 'aws:ResourceTag/team': 'sessions' },
      Null: { 'aws:ResourceTag/team': 'false' },
      StringLike: { 's3:prefix': ['core-session-manager/*', '*'] },
      ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:x' },
    });
    expect(scopingConditions(s)).toEqual([]);
  });
});
