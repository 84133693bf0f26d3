// PromQL text from spec values. Label values come from user input, so every
// one is quoted and escaped; numbers are printed without exponent noise.

export type Op = '=' | '!=' | '=~' | '!~';
export type Matcher = [label: string, op: Op, value: string];

/** A PromQL (and promtool series) string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `name{a="x",b=~"y"}`; labels keep the given order. */
export function selector(name: string, matchers: readonly Matcher[]): string {
  return `${name}{${matchers.map(([label, op, value]) => `${label}${op}${quote(value)}`).join(',')}}`;
}

/** Equality matchers from a label map, in key order. */
export function equal(labels: Readonly<Record<string, string>>): Matcher[] {
  return Object.entries(labels).map(([label, value]) => [label, '=', value]);
}

/** A number as PromQL and YAML print it: shortest exact decimal, no float noise (0.1 * 3 → 0.3). */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(Number(value.toPrecision(12)));
}

/** A regex matching any of the literal strings (for `=~`). */
export function anyOf(values: readonly string[]): string {
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
