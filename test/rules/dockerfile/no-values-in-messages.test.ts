import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainOf } from '../../../src/rules/index.js';
import { scanSources } from '../../../src/scan/scan.js';
import { FIXED_TODAY } from '../../support/fixtures.js';

// The secret values the Dockerfile fixtures plant; no finding message may contain any of them.
const PLANTED = [
  's3ss10n-Pg!2024', 'GFXVVN0yDrYtnVZw61fPIS8RItaluvOC', 'W7wKnaUO6fho0rMR7LxW7vDM', 'changeme-in-prod',
  'ghp_W7wKnaUO6fho0rMR7LxW7vDM43KVQX0oimeg', 'IQieioRr3VDvq5wDMzF9Ve4dCqrgC8kD4es3EOYy', 'Q8v2Lm4Zx9Rt7Kp1',
  'hunter2-routing', 'Rout1ng-Adm1n', 'AKIALC3YDKT6A3AENAPV', '1Q3mqcHgj9B1UhA5GTpGWFLeI1/g5oLcmb67PIU/',
];

const root = path.resolve(import.meta.dirname);

describe('dockerfile rules never echo a value', () => {
  const files = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => path.join(root, d.name, f)))
    .filter((f) => f.endsWith('.Dockerfile'));

  it.each(files.map((f) => [path.relative(root, f), f]))('%s', async (_name, file) => {
    const result = await scanSources([{ file, text: readFileSync(file, 'utf8') }], { today: FIXED_TODAY });
    for (const finding of result.findings.filter((f) => domainOf(f.rule) === 'dockerfile')) {
      for (const value of PLANTED) expect(finding.message, finding.rule).not.toContain(value);
    }
  });
});
