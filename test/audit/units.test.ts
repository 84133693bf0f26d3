import { describe, expect, it } from 'vitest';
import { dateCell, parseCredentialReport, parseCsv } from '../../src/audit/credential-report.js';
import { limiter } from '../../src/audit/limiter.js';
import { parseSnapshot, serializeSnapshot, type Snapshot } from '../../src/audit/snapshot.js';

describe('credential report', () => {
  it('reads quoted fields, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('a,b,c\r\n"x,1","say ""hi""",\r\nlast,row,end')).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'say "hi"', ''],
      ['last', 'row', 'end'],
    ]);
  });

  it('keys rows by the header and treats N/A and no_information as no date', () => {
    const rows = parseCredentialReport('user,arn,mfa_active,password_last_used\n<root_account>,arn:aws:iam::111122223333:root,true,no_information\nalice,arn:aws:iam::111122223333:user/alice,false,2026-05-30T10:00:00+00:00\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ user: 'alice', mfa_active: 'false' });
    expect(dateCell(rows[0].password_last_used)).toBeUndefined();
    expect(dateCell(rows[1].password_last_used)).toBe('2026-05-30T10:00:00+00:00');
    expect(() => parseCredentialReport('not,a,report\n1,2,3')).toThrow(/header/);
  });
});

describe('limiter', () => {
  it('never runs more tasks at once than its bound, and keeps results in order', async () => {
    let active = 0;
    let peak = 0;
    const bounded = limiter(4);
    const results = await Promise.all([...Array(50).keys()].map((i) => bounded(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return i * 2;
    })));
    expect(peak).toBe(4);
    expect(results).toEqual([...Array(50).keys()].map((i) => i * 2));
  });

  it('frees its slot when a task fails', async () => {
    const one = limiter(1);
    await expect(one(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await one(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('snapshot', () => {
  const snapshot: Snapshot = {
    format: 'guardrail-aws-snapshot',
    version: 1,
    account: '111122223333',
    partition: 'aws',
    collectedAt: '2026-06-01T08:00:00Z',
    regions: ['eu-west-1'],
    resources: [{ kind: 'AWS::Region', name: 'eu-west-1', region: 'eu-west-1', value: { region: 'eu-west-1' } }],
    errors: [{ action: 'guardduty:ListDetectors', region: 'eu-west-1', checks: ['aws-guardduty'], message: 'access denied' }],
  };

  it('round-trips through JSON', () => {
    expect(parseSnapshot(serializeSnapshot(snapshot))).toEqual(snapshot);
  });

  it.each([
    [{ account: '1234' }, /12-digit/],
    [{ regions: ['eu-west-1', '../etc'] }, /not a region name/],
    [{ resources: [{ kind: 'AWS::Lambda::Function', name: 'x', region: 'eu-west-1', value: {} }] }, /unknown kind/],
    [{ resources: [{ kind: 'AWS::Region', name: 'x', region: 'eu-west-1', value: 'text' }] }, /value object/],
    [{ version: 2 }, /unsupported snapshot version/],
  ])('rejects %j', (change, message) => {
    expect(() => parseSnapshot(JSON.stringify({ ...snapshot, ...change }))).toThrow(message);
  });
});
