// A small HCL writer: blocks, attributes and expressions rendered in the
// order they are given, laid out the way `terraform fmt` does (two-space
// indent, aligned `=`). Values that come from the platform spec are user
// input: every string is quoted and escaped, so none can close its quotes,
// start an interpolation or a directive, or add a line.

/** A Terraform expression written as is: a reference, a function call. Only for generator-built text. */
export class Expr {
  constructor(private readonly written: string) {}

  get text(): string {
    return this.written;
  }
}

/** A block: top-level with its type and labels, or nested (typed by its key in the parent body). */
export class Block {
  constructor(
    readonly type: string,
    readonly labels: readonly string[],
    readonly body: Body,
  ) {}
}

export type Value = string | number | boolean | null | Expr | readonly Value[] | { readonly [key: string]: Value | undefined };

/**
 * A block's content: attributes (any Value) and nested blocks (Block or a
 * list of them), in insertion order; undefined entries are left out.
 */
export type Body = { readonly [key: string]: Value | Block | readonly Block[] | undefined };

/** A reference or any other expression, written as is. */
export function ref(text: string): Expr {
  return new Expr(text);
}

/** A nested block; its type is the key it is given under in the parent body. */
export function block(body: Body = {}): Block {
  return new Block('', [], body);
}

/** A top-level block with labels: `resource "type" "name" { ... }`. */
export function top(type: string, labels: readonly string[], body: Body = {}): Block {
  return new Block(type, labels, body);
}

/** A function call, whose arguments are laid out at the depth the call is written at. */
class Call extends Expr {
  constructor(
    readonly name: string,
    readonly args: readonly Value[],
  ) {
    super('');
  }

  at(depth: number): string {
    return `${this.name}(${this.args.map((a) => render(a, depth)).join(', ')})`;
  }

  override get text(): string {
    return this.at(0);
  }
}

/** `name(arg, ...)`. */
export function call(name: string, ...args: Value[]): Expr {
  return new Call(name, args);
}

/** A quoted template: literal parts escaped, expression parts interpolated with `${...}`. */
export function template(...parts: Array<string | Expr>): Expr {
  return new Expr(`"${parts.map((p) => (p instanceof Expr ? `\${${p.text}}` : escapeTemplate(p))).join('')}"`);
}

/**
 * A heredoc holding `text` exactly: `${` and `%{` doubled so they stay
 * literal, and a closing marker that no line of the text can be mistaken for.
 */
export function heredoc(text: string): Expr {
  const lines = text.replace(/\n$/, '').split('\n');
  let marker = 'EOT';
  for (let n = 1; lines.some((line) => line.trim() === marker); n++) marker = `EOT${n}`;
  const body = lines.map((line) => line.replace(/([$%])\{/g, '$1$1{')).join('\n');
  return new Expr(`<<${marker}\n${body}\n${marker}`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Object keys written bare: no hyphens, which read like subtraction to a human. */
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The text of an HCL quoted-template literal, without the quotes. */
function escapeTemplate(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    // `${` and `%{` open an interpolation or a directive; doubled they are literal.
    else if ((c === '$' || c === '%') && next === '{') out += c + c;
    else {
      const code = c.charCodeAt(0);
      out += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    }
  }
  return out;
}

export function quote(text: string): string {
  return `"${escapeTemplate(text)}"`;
}

function checkIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an HCL identifier for ${what}: ${JSON.stringify(name)}`);
  return name;
}

const INDENT = '  ';
/** Lists of scalars longer than this are written one item per line. */
const INLINE_LIST_WIDTH = 100;

function isScalar(value: Value): boolean {
  return value === null || typeof value !== 'object' || value instanceof Expr;
}

/** An expression at `depth` levels of indentation (its first line is not indented). */
export function render(value: Value, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Call) return value.at(depth);
  if (value instanceof Expr) return value.text;
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items = value as readonly Value[];
    if (items.length === 0) return '[]';
    if (items.every(isScalar)) {
      const inline = `[${items.map((v) => render(v, depth)).join(', ')}]`;
      if (inline.length <= INLINE_LIST_WIDTH && !inline.includes('\n')) return inline;
    }
    return `[\n${items.map((v) => `${pad}${render(v, depth + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as { [key: string]: Value | undefined }).filter(
    (entry): entry is [string, Value] => entry[1] !== undefined,
  );
  if (entries.length === 0) return '{}';
  const keys = entries.map(([key]) => (BARE_KEY.test(key) ? key : quote(key)));
  const lines = aligned(entries.map(([, v], i) => ({ name: keys[i], value: render(v, depth + 1) })));
  return `{\n${lines.map((line) => pad + line).join('\n')}\n${close}}`;
}

/** `name = value` lines with the `=` of each run of single-line values aligned, as terraform fmt does. */
function aligned(attributes: Array<{ name: string; value: string }>): string[] {
  const lines: string[] = [];
  let run: Array<{ name: string; value: string }> = [];
  const flush = (): void => {
    const width = Math.max(...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${a.name.padEnd(width)} = ${a.value}`);
    run = [];
  };
  for (const attribute of attributes) {
    run.push(attribute);
    // A multi-line value ends the run it closes.
    if (attribute.value.includes('\n')) flush();
  }
  if (run.length > 0) flush();
  return lines;
}

function isBlockList(value: unknown): value is readonly Block[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Block);
}

function renderBlock(b: Block, depth: number): string {
  const pad = INDENT.repeat(depth);
  const head = [checkIdentifier(b.type, 'a block type'), ...b.labels.map(quote)].join(' ');
  const inner = renderBody(b.body, depth + 1);
  return inner === '' ? `${pad}${head} {}` : `${pad}${head} {\n${inner}\n${pad}}`;
}

/** A body: attributes first in their order, then nested blocks, separated as terraform fmt leaves them. */
function renderBody(body: Body, depth: number): string {
  const pad = INDENT.repeat(depth);
  const attributes: Array<{ name: string; value: string }> = [];
  const blocks: Block[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (value instanceof Block) blocks.push(new Block(name, [], value.body));
    else if (isBlockList(value)) blocks.push(...value.map((b) => new Block(name, [], b.body)));
    else attributes.push({ name: checkIdentifier(name, 'an attribute'), value: render(value as Value, depth) });
  }
  const parts: string[] = [];
  if (attributes.length > 0) parts.push(aligned(attributes).map((line) => pad + line).join('\n'));
  for (const b of blocks) parts.push(renderBlock(b, depth));
  return parts.join('\n\n');
}

/** A whole file: top-level blocks separated by blank lines. */
export function renderFile(blocks: readonly Block[]): string {
  return `${blocks.map((b) => renderBlock(b, 0)).join('\n\n')}\n`;
}
