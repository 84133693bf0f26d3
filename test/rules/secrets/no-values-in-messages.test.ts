import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeName } from '../../../src/core/credentials.js';
import { domainOf } from '../../../src/rules/index.js';
import { scanSources } from '../../../src/scan/scan.js';
import { FIXED_TODAY } from '../../support/fixtures.js';

// The secret values the secrets fixtures plant; no finding message may contain any of them.
const PLANTED = [
  'changeme', 'ghp_YAEO6P0Mv2VUemIsdWeDmlsfP7asP9oGx6vv', 'AKIAJJLDIPS2RUSW7GGE', '1iQykzdpZheow1IG8ERLQl9ygRnscgXFddj8T+jy',
  'Zq7vN2pL9xR4', 'q8W9e0R1t2Y3u4I5o6P7a8S9', 'Backup-2024-Sessions', 'parser-db-pass-2024', 'S3cr3t-Rout1ng', 'hunter2',
  '4f6Yq2LmT9wXz1Rb', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'MHcCAQEEIIrYSSNQFaA2Hwf1', 'also-in-git', 'c3VwZXJzZWNyZXQ=',
  'QUtJQUpKTERJUFMyUlVTVzdHR0U=',
];

const root = path.resolve(import.meta.dirname);

describe('secrets rules never echo a value', () => {
  const files = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => path.join(root, d.name, f)))
    .filter((f) => f.endsWith('.yaml'));

  it.each(files.map((f) => [path.relative(root, f), f]))('%s', async (_name, file) => {
    const result = await scanSources([{ file, text: readFileSync(file, 'utf8') }], { today: FIXED_TODAY });
    for (const finding of result.findings.filter((f) => domainOf(f.rule) === 'secrets')) {
      for (const value of PLANTED) expect(finding.message, finding.rule).not.toContain(value);
    }
  });

  it('redacts a name that is itself a credential', () => {
    expect(safeName('ghp_YAEO6P0Mv2VUemIsdWeDmlsfP7asP9oGx6vv')).toBe('<redacted>');
    expect(safeName('DB_PASSWORD')).toBe('DB_PASSWORD');
  });
});
