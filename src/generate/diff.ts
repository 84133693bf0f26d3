// A unified diff of two small text files (generated manifests), by longest
// common subsequence of lines. Bounded: very different large files are
// summarised instead of diffed.
const CONTEXT = 3;
/** Cells of the LCS table beyond which the diff is summarised. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function editScript(a: string[], b: string[]): Op[] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) [endA, endB] = [endA - 1, endB - 1];
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) return undefined;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = midA[i] === midB[j] ? table[at(i + 1, j + 1)] + 1 : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const ops: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      ops.push({ kind: ' ', line: midA[i] });
      i++;
      j++;
    } else if (i < n && (j === m || table[at(i + 1, j)] >= table[at(i, j + 1)])) ops.push({ kind: '-', line: midA[i++] });
    else ops.push({ kind: '+', line: midB[j++] });
  }
  for (const line of a.slice(endA)) ops.push({ kind: ' ', line });
  return ops;
}

/** `--- a/path`, `+++ b/path` and @@ hunks; empty when the texts are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = lines(before);
  const b = lines(after);
  const ops = editScript(a, b);
  const head = `--- a/${path}\n+++ b/${path}\n`;
  if (!ops) return `${head}@@ files differ: ${a.length} lines -> ${b.length} lines (too large to diff) @@\n`;
  let out = head;
  let index = 0;
  while (index < ops.length) {
    const change = ops.findIndex((op, k) => k >= index && op.kind !== ' ');
    if (change < 0) break;
    let end = change;
    // Extend the hunk while the next change is within 2*CONTEXT lines.
    for (let k = change; k < ops.length; k++) {
      if (ops[k].kind !== ' ') end = k;
      else if (k - end > 2 * CONTEXT) break;
    }
    const from = Math.max(index, change - CONTEXT);
    const to = Math.min(ops.length, end + CONTEXT + 1);
    let lineA = 1;
    let lineB = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') lineA++;
      if (ops[k].kind !== '-') lineB++;
    }
    const hunk = ops.slice(from, to);
    const countA = hunk.filter((op) => op.kind !== '+').length;
    const countB = hunk.filter((op) => op.kind !== '-').length;
    out += `@@ -${countA === 0 ? lineA - 1 : lineA},${countA} +${countB === 0 ? lineB - 1 : lineB},${countB} @@\n`;
    for (const op of hunk) out += `${op.kind}${op.line}\n`;
    index = to;
  }
  return out;
}
