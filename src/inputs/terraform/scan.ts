// A structural scanner for HCL: not a parser of expressions, it follows only
// strings, heredocs, comments, brackets and `name =` / `name "label" {` items,
// to give every attribute, block, object key and tuple item its position
// (hcl2json gives none). It also enforces the nesting limits that keep
// hcl2json safe: its Go parser recurses on nesting, and a stack overflow
// inside the WebAssembly runtime kills it for the whole process.

/**
 * Source positions of an HCL body or value, keyed like hcl2json's JSON:
 * attributes, block types, block labels and object keys in `k`; blocks of one
 * type (in order) and tuple items in `i`. `l`/`c` are the 1-based line and
 * column of the attribute name, block header, object key or tuple item.
 */
export interface PositionNode {
  l: number;
  c: number;
  k?: Record<string, PositionNode>;
  i?: PositionNode[];
}

/** Bracket, block, interpolation and template-directive nesting allowed (hcl2json copes with ~1,000). */
export const MAX_NESTING = 100;
/** Per attribute: `?` conditionals, which the parser nests right-recursively. */
const MAX_CONDITIONALS = 1000;
/** Per attribute: splat operators (`[*]`, `.*`), which nest too. */
const MAX_SPLATS = 1000;
/** Consecutive prefix operators (`- - !x`), each a level of recursion. */
const MAX_PREFIX_RUN = 100;

export class ScanLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NL = 10, CR = 13, SPACE = 32, TAB = 9, FF = 12, BOM = 0xfeff;
const QUOTE = 34, HASH = 35, DOLLAR = 36, PERCENT = 37, LPAREN = 40, RPAREN = 41, STAR = 42, COMMA = 44;
const MINUS = 45, DOT = 46, SLASH = 47, COLON = 58, LT = 60, EQUALS = 61, GT = 62, QUESTION = 63, BANG = 33;
const LBRACKET = 91, BACKSLASH = 92, RBRACKET = 93, LBRACE = 123, RBRACE = 125, TILDE = 126;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0x80 && /\p{L}/u.test(String.fromCharCode(c)));
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === MINUS;
}

/** Offsets of line starts, for offset → line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  node(offset: number): PositionNode {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { l: lo + 1, c: offset - this.starts[lo] + 1 };
  }

  line(offset: number): number {
    return this.node(offset).l;
  }
}

/** `__proto__` and friends are data here, never prototypes. */
function define(target: Record<string, PositionNode>, key: string, value: PositionNode): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function own(target: Record<string, PositionNode> | undefined, key: string): PositionNode | undefined {
  return target && Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([^uU]))/g, (whole, u4?: string, u8?: string, ch?: string) => {
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (u8) {
      const code = parseInt(u8, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ch !== undefined && ch in ESCAPES ? ESCAPES[ch] : whole;
  });
}

const HEREDOC_OPENER = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
const DIRECTIVE_KEYWORD = /\s*(?:~\s*)?(if|for|endif|endfor)\b/y;

/** Structure of a value: object keys or tuple items, when it has them. */
type Structure = Pick<PositionNode, 'k' | 'i'>;

class Scanner {
  pos = 0;
  private depth = 0;
  private conditionals = 0;
  private splats = 0;
  private prefixRun = 0;
  /** Interpolations open around the current position. */
  private templates = 0;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    private end = text.length,
  ) {}

  ch(ahead = 0): number {
    const at = this.pos + ahead;
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_NESTING) throw new ScanLimitError(`nesting deeper than ${MAX_NESTING} levels`, offset);
  }

  private leave(): void {
    this.depth--;
  }

  /** Skips blanks and comments; newlines too when `newlines`. Never consumes a newline that ends a line comment otherwise. */
  skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.ch();
      if (c === SPACE || c === TAB || c === CR || c === FF || c === BOM) this.pos++;
      else if (c === NL) {
        if (!newlines) return;
        this.pos++;
      } else if (c === HASH || (c === SLASH && this.ch(1) === SLASH)) {
        const eol = this.text.indexOf('\n', this.pos);
        this.pos = eol < 0 || eol > this.end ? this.end : eol;
      } else if (c === SLASH && this.ch(1) === STAR) {
        const close = this.text.indexOf('*/', this.pos + 2);
        this.pos = close < 0 || close + 2 > this.end ? this.end : close + 2;
      } else return;
    }
  }

  ident(): string | undefined {
    if (!isIdentStart(this.ch())) return undefined;
    const start = this.pos;
    do this.pos++;
    while (isIdentPart(this.ch()));
    return this.text.slice(start, this.pos);
  }

  /** A body: attributes and blocks until `}` (when `closed`) or the end. */
  body(at: number, closed: boolean): PositionNode {
    const node = this.lines.node(at);
    for (;;) {
      this.skipSpace(true);
      const c = this.ch();
      if (c < 0) break;
      if (c === RBRACE) {
        this.pos++;
        if (closed) break;
        continue;
      }
      const start = this.pos;
      const name = this.ident();
      if (name === undefined) {
        this.recover(start);
        continue;
      }
      this.conditionals = this.splats = this.prefixRun = 0;
      this.skipSpace(false);
      if (this.isAssignment(false)) {
        this.pos++;
        const value = this.expression(true);
        Object.assign(value, this.lines.node(start));
        define((node.k ??= {}), name, value);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skipSpace(false);
        if (this.ch() === QUOTE) labels.push(this.quoted());
        else {
          const label = this.ident();
          if (label === undefined) break;
          labels.push(label);
        }
      }
      if (this.ch() !== LBRACE) {
        this.recover(start);
        continue;
      }
      this.pos++;
      this.enter(start);
      const block = this.body(start, true);
      this.leave();
      let group = this.child(node, name, start);
      for (const label of labels) group = this.child(group, label, start);
      (group.i ??= []).push(block);
    }
    return node;
  }

  private child(parent: PositionNode, key: string, at: number): PositionNode {
    const existing = own(parent.k, key);
    if (existing) return existing;
    const created = this.lines.node(at);
    define((parent.k ??= {}), key, created);
    return created;
  }

  /** Skips the rest of a line that is not a body item, always making progress. */
  private recover(start: number): void {
    this.expression(true);
    if (this.pos === start) this.pos++;
  }

  private isAssignment(colon: boolean): boolean {
    const c = this.ch();
    if (c === EQUALS) return this.ch(1) !== EQUALS && this.ch(1) !== GT;
    return colon && c === COLON;
  }

  /**
   * One expression, up to a `,`, a closing bracket or (when `newlineEnds`)
   * a newline, none of them consumed. Its node is positioned at its start and
   * carries the structure of a leading object, tuple, `jsonencode(...)`
   * argument or JSON heredoc.
   */
  expression(newlineEnds: boolean): PositionNode {
    this.skipSpace(!newlineEnds);
    const node = this.lines.node(this.pos);
    let first = true;
    for (;;) {
      this.skipSpace(!newlineEnds);
      const c = this.ch();
      if (c < 0 || c === NL || c === COMMA || c === RBRACE || c === RBRACKET || c === RPAREN) break;
      const structure = this.token();
      if (first && structure) {
        if (structure.k) node.k = structure.k;
        if (structure.i) node.i = structure.i;
      }
      first = false;
    }
    return node;
  }

  /** Consumes one token (a whole bracketed group for brackets); returns its structure if any. */
  private token(): Structure | undefined {
    const c = this.ch();
    const prefix = c === MINUS || c === BANG;
    this.prefixRun = prefix ? this.prefixRun + 1 : 0;
    if (this.prefixRun > MAX_PREFIX_RUN) throw new ScanLimitError(`more than ${MAX_PREFIX_RUN} prefix operators in a row`, this.pos);
    switch (c) {
      case QUOTE:
        this.quoted();
        return undefined;
      case LBRACE:
        return this.object();
      case LBRACKET:
        return this.tuple();
      case LPAREN:
        this.parens();
        return undefined;
      case LT:
        if (this.ch(1) === LT) return this.heredoc();
        break;
      case QUESTION:
        if (++this.conditionals > MAX_CONDITIONALS) throw new ScanLimitError(`more than ${MAX_CONDITIONALS} conditionals in one attribute`, this.pos);
        break;
      case STAR: {
        const before = this.pos > 0 ? this.text.charCodeAt(this.pos - 1) : -1;
        if ((before === LBRACKET || before === DOT) && ++this.splats > MAX_SPLATS) {
          throw new ScanLimitError(`more than ${MAX_SPLATS} splat operators in one attribute`, this.pos);
        }
        break;
      }
      default: {
        const name = this.ident();
        if (name === undefined) break;
        if (name !== 'jsonencode') return undefined;
        this.skipSpace(true);
        if (this.ch() !== LPAREN) return undefined;
        return this.parens();
      }
    }
    this.pos++;
    return undefined;
  }

  private object(): Structure {
    const open = this.pos++;
    this.enter(open);
    const k: Record<string, PositionNode> = {};
    for (;;) {
      this.skipSpace(true);
      const c = this.ch();
      if (c < 0) break;
      if (c === RBRACE) {
        this.pos++;
        break;
      }
      if (c === COMMA || c === RBRACKET || c === RPAREN) {
        this.pos++;
        continue;
      }
      const start = this.pos;
      const key = c === QUOTE ? this.quoted() : this.ident();
      if (key !== undefined) {
        this.skipSpace(false);
        if (this.isAssignment(true)) {
          this.pos++;
          const value = this.expression(true);
          Object.assign(value, this.lines.node(start));
          define(k, key, value);
          continue;
        }
      }
      // Not a `key = value` item (a `for` expression, a computed key): skipped.
      this.recover(start);
    }
    this.leave();
    return { k };
  }

  private tuple(): Structure {
    const open = this.pos++;
    this.enter(open);
    const i: PositionNode[] = [];
    for (;;) {
      this.skipSpace(true);
      const c = this.ch();
      if (c < 0) break;
      if (c === RBRACKET) {
        this.pos++;
        break;
      }
      if (c === COMMA || c === RBRACE || c === RPAREN) {
        this.pos++;
        continue;
      }
      const start = this.pos;
      i.push(this.expression(false));
      if (this.pos === start) this.pos++;
    }
    this.leave();
    return { i };
  }

  /** A parenthesized group or argument list; returns the first argument (for its structure). */
  private parens(): Structure | undefined {
    const open = this.pos++;
    this.enter(open);
    let first: PositionNode | undefined;
    for (;;) {
      const start = this.pos;
      const argument = this.expression(false);
      first ??= argument;
      const c = this.ch();
      if (c === RPAREN) {
        this.pos++;
        break;
      }
      if (c < 0 || c === RBRACE || c === RBRACKET) break;
      if (c === COMMA || this.pos === start) this.pos++;
    }
    this.leave();
    return first;
  }

  /** A quoted template; returns its text (escapes decoded unless it interpolates, like hcl2json's keys). */
  quoted(): string {
    const start = ++this.pos;
    const template = this.template(true, () => {
      const c = this.ch();
      return c === QUOTE || c === NL;
    });
    const raw = this.text.slice(start, this.pos);
    if (this.ch() === QUOTE) this.pos++;
    return template ? raw : unescape(raw);
  }

  /**
   * Template text up to `stop` (not consumed) or, for heredocs, a line at
   * whose start `closesAt` is true; follows `${...}` / `%{...}` into
   * expressions. Returns whether it interpolates.
   */
  private template(escapes: boolean, stop: () => boolean, closesAt?: () => boolean): boolean {
    let interpolates = false;
    let directives = 0;
    let atLineStart = false;
    while (this.pos < this.end) {
      if (atLineStart && closesAt?.()) break;
      atLineStart = false;
      if (stop()) break;
      const c = this.ch();
      if (c === NL) atLineStart = true;
      if (c === BACKSLASH && escapes) {
        this.pos += 2;
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && this.ch(1) === c && this.ch(2) === LBRACE) {
        this.pos += 3;
        continue;
      }
      if ((c === DOLLAR || c === PERCENT) && this.ch(1) === LBRACE) {
        interpolates = true;
        const open = this.pos;
        this.pos += 2;
        if (c === PERCENT) {
          DIRECTIVE_KEYWORD.lastIndex = this.pos;
          const keyword = DIRECTIVE_KEYWORD.exec(this.text)?.[1];
          if (keyword === 'if' || keyword === 'for') {
            this.enter(open);
            directives++;
          } else if ((keyword === 'endif' || keyword === 'endfor') && directives > 0) {
            this.leave();
            directives--;
          }
        }
        this.interpolation(open);
        continue;
      }
      this.pos++;
    }
    for (; directives > 0; directives--) this.leave();
    return interpolates;
  }

  private interpolation(open: number): void {
    this.enter(open);
    this.templates++;
    for (;;) {
      this.skipSpace(true);
      const c = this.ch();
      if (c < 0) break;
      if (c === RBRACE) {
        this.pos++;
        break;
      }
      const start = this.pos;
      if (c === TILDE || c === COMMA || c === RPAREN || c === RBRACKET) this.pos++;
      else this.expression(false);
      if (this.pos === start) this.pos++;
    }
    this.templates--;
    this.leave();
  }

  /** `<<EOF` / `<<-EOF` up to its closing marker; a body that is a JSON object or array gets its structure. */
  private heredoc(): Structure | undefined {
    HEREDOC_OPENER.lastIndex = this.pos;
    const opener = HEREDOC_OPENER.exec(this.text);
    if (!opener || opener.index + opener[0].length > this.end) {
      this.pos += 2;
      return undefined;
    }
    const marker = opener[2];
    const bodyStart = this.pos + opener[0].length;
    this.pos = bodyStart;
    let bodyEnd = this.end;
    const closes = (): boolean => {
      let p = this.pos;
      while (p < this.end && (this.text.charCodeAt(p) === SPACE || this.text.charCodeAt(p) === TAB)) p++;
      if (!this.text.startsWith(marker, p)) return false;
      p += marker.length;
      while (p < this.end && (this.text.charCodeAt(p) === SPACE || this.text.charCodeAt(p) === TAB || this.text.charCodeAt(p) === CR)) p++;
      if (p < this.end && this.text.charCodeAt(p) !== NL) return false;
      bodyEnd = this.pos;
      this.pos = p;
      return true;
    };
    if (!closes()) {
      this.pos = bodyStart;
      this.template(false, () => false, closes);
    }
    // JSON bodies nested in another template are not followed: each level would scan its text again.
    if (this.templates > 0) return undefined;
    let first = bodyStart;
    while (first < bodyEnd && /\s/.test(this.text[first])) first++;
    const c = first < bodyEnd ? this.text.charCodeAt(first) : -1;
    if (c !== LBRACE && c !== LBRACKET) return undefined;
    const resume = this.pos;
    const outerEnd = this.end;
    this.pos = first;
    this.end = bodyEnd;
    try {
      return c === LBRACE ? this.object() : this.tuple();
    } finally {
      this.pos = resume;
      this.end = outerEnd;
    }
  }
}

/**
 * Positions of a whole HCL file (its top-level body). Throws ScanLimitError
 * when the text nests deeper than hcl2json can safely parse.
 */
export function scanPositions(text: string): PositionNode {
  return new Scanner(text, new LineIndex(text)).body(0, false);
}

/** The node at `path` (keys and indexes as in hcl2json's JSON), or its nearest ancestor. */
export function nodeAt(root: PositionNode, path: ReadonlyArray<string | number>): PositionNode {
  let node = root;
  for (const segment of path) {
    const next = typeof segment === 'number' ? node.i?.[segment] : own(node.k, segment);
    if (!next) break;
    node = next;
  }
  return node;
}

/**
 * The argument text of an expression that is exactly one `jsonencode(...)`
 * call, as hcl2json writes it (`${jsonencode(...)}`) or bare; otherwise
 * undefined (a template around the call, a second argument, unbalanced text).
 */
export function jsonencodeArgument(expression: string): string | undefined {
  const scanner = new Scanner(expression, new LineIndex(''));
  const wrapped = expression.startsWith('${');
  if (wrapped) scanner.pos = 2;
  try {
    scanner.skipSpace(true);
    if (scanner.ident() !== 'jsonencode') return undefined;
    scanner.skipSpace(true);
    if (scanner.ch() !== LPAREN) return undefined;
    scanner.pos++;
    const start = scanner.pos;
    scanner.expression(false);
    const end = scanner.pos;
    if (scanner.ch() !== RPAREN) return undefined;
    scanner.pos++;
    scanner.skipSpace(true);
    if (wrapped) {
      if (scanner.ch() !== RBRACE) return undefined;
      scanner.pos++;
    }
    if (scanner.pos !== expression.length) return undefined;
    const argument = expression.slice(start, end).trim();
    return argument === '' ? undefined : argument;
  } catch (error) {
    if (error instanceof ScanLimitError) return undefined;
    throw error;
  }
}
