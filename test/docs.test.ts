import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocs } from '../src/docs/files.js';
import { ALL_RULES } from '../src/rules/index.js';
import { PRACTICE_BY_ID } from '../src/catalog/practices.js';

const REPO = path.resolve(import.meta.dirname, '..');

describe('generated docs', () => {
  const files = renderDocs(path.join(REPO, 'test/rules'));

  it('are current: docs/ matches what `npm run docs` writes', () => {
    const stale = [...files].filter(([relative, text]) => {
      try {
        return readFileSync(path.join(REPO, 'docs', relative), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    expect(stale.map(([relative]) => relative)).toEqual([]);
  });

  it('give every rule a page with a failing and a passing example', () => {
    for (const rule of ALL_RULES.filter((r) => r.id !== 'rule-error')) {
      const page = files.get(`rules/${rule.id}.md`) ?? '';
      expect(page, rule.id).toContain('## Failing example');
      expect(page, rule.id).toContain('## Passing example');
    }
  });

  it('name only practices of the catalog, seen in the inputs the rules read', () => {
    expect(ALL_RULES.filter((r) => !PRACTICE_BY_ID.has(r.practice)).map((r) => r.id)).toEqual([]);
    const governance = new Set(['GOV-IAC-SCANNED']);
    const outside = ALL_RULES.filter((r) => !governance.has(r.practice)).flatMap((r) =>
      r.inputs.filter((input) => !PRACTICE_BY_ID.get(r.practice)?.where.includes(input)).map((input) => `${r.id} reads ${input}`),
    );
    expect(outside).toEqual([]);
  });
});
