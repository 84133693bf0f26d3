// The unified diff shown before anything is overwritten.
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/generate/diff.js';

const lines = (n: number, change: Record<number, string> = {}) =>
  `${Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n')}\n`;

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a.yaml', 'x\n', 'x\n')).toBe('');
  });

  it('shows a change with three lines of context and correct ranges', () => {
    expect(unifiedDiff('a.yaml', lines(10), lines(10, { 5: 'changed' }))).toBe(
      '--- a/a.yaml\n+++ b/a.yaml\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+changed\n line 6\n line 7\n line 8\n',
    );
  });

  it('separates distant changes into hunks and joins near ones', () => {
    const distant = unifiedDiff('a', lines(30), lines(30, { 3: 'x', 25: 'y' }));
    expect(distant.match(/^@@/gm)).toHaveLength(2);
    expect(distant).toContain('@@ -1,6 +1,6 @@');
    expect(distant).toContain('@@ -22,7 +22,7 @@');
    const near = unifiedDiff('a', lines(30), lines(30, { 10: 'x', 14: 'y' }));
    expect(near.match(/^@@/gm)).toHaveLength(1);
  });

  it('shows created and removed files as one hunk', () => {
    expect(unifiedDiff('n', '', 'a\nb\n')).toBe('--- a/n\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedDiff('o', 'a\nb\n', '')).toBe('--- a/o\n+++ b/o\n@@ -1,2 +0,0 @@\n-a\n-b\n');
  });

  it('handles insertions and deletions in the middle', () => {
    const diff = unifiedDiff('a', 'a\nb\nc\n', 'a\nx\nb\n');
    expect(diff).toBe('--- a/a\n+++ b/a\n@@ -1,3 +1,3 @@\n a\n+x\n b\n-c\n');
  });

  it('summarises instead of diffing very large, very different files', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    expect(unifiedDiff('big', a, b)).toBe('--- a/big\n+++ b/big\n@@ files differ: 3000 lines -> 3000 lines (too large to diff) @@\n');
  });
});
