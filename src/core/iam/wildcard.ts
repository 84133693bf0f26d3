// The two wildcard dialects of IAM policies, matched without regular
// expressions so that untrusted patterns cannot cause backtracking blow-ups.

/**
 * Action matching: `*` spans any characters (colon included, so `*:*` and `*`
 * both match every action) and `?` exactly one. Callers lower-case both sides
 * because action names are case-insensitive. Greedy two-pointer match,
 * O(pattern × text) in the worst case, linear on ordinary patterns.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (p < pattern.length && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** AWS caps ARNs at 2048 characters; longer patterns or ARNs are not valid. */
export const MAX_ARN_LENGTH = 2048;

/**
 * ARN matching as IAM documents it for `Resource` and `ArnLike`: case-sensitive,
 * wildcards stay within a colon-separated segment, except that a `*` ending a
 * segment may run past colons (so `arn:aws:s3:::*` covers object keys that
 * contain colons, and `*` alone covers everything). Dynamic programming over
 * one row, O(pattern × ARN) with both bounded by MAX_ARN_LENGTH.
 */
export function arnGlobMatch(pattern: string, arn: string): boolean {
  if (pattern.length > MAX_ARN_LENGTH || arn.length > MAX_ARN_LENGTH) return false;
  const n = arn.length;
  // row[j]: the pattern prefix read so far matches arn.slice(0, j).
  let row = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  row[0] = 1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    next.fill(0);
    if (c === '*') {
      const crossesColons = i + 1 === pattern.length || pattern[i + 1] === ':';
      next[0] = row[0];
      for (let j = 1; j <= n; j++) {
        next[j] = row[j] || (next[j - 1] && (crossesColons || arn[j - 1] !== ':')) ? 1 : 0;
      }
    } else {
      for (let j = 1; j <= n; j++) {
        if (!row[j - 1]) continue;
        const a = arn[j - 1];
        next[j] = (c === '?' ? a !== ':' : a === c) ? 1 : 0;
      }
    }
    [row, next] = [next, row];
  }
  return row[n] === 1;
}
