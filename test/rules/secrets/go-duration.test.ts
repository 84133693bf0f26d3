import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../../src/rules/secrets/external-secret-refresh.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    [0, 0],
    ['0s', 0],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1h0m0s', 3600],
    ['2.5h', 9000],
    ['300ms', 0.3],
    ['1m30.5s', 90.5],
    ['-1h', -3600],
    ['168h', 604800],
  ] as const)('parses %j', (input, seconds) => {
    expect(parseGoDuration(input)).toBeCloseTo(seconds, 6);
  });

  it.each(['', '1', '1d', 'h', 'abc', '1h30', '1 h', 3600, null, {}, '1'.repeat(100) + 'h'])('rejects %j', (input) => {
    expect(parseGoDuration(input)).toBeUndefined();
  });
});
