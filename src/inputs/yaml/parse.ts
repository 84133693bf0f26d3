import {
  type Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import type { InputError } from '../../core/types.js';
import { ENTRY, type PositionTable } from './positions.js';

export interface ParsedDocument {
  /** 0-based index of the document in its stream. */
  index: number;
  value: unknown;
  positions: PositionTable;
}

export interface ParsedStream {
  documents: ParsedDocument[];
  errors: InputError[];
}

export interface YamlParseOptions {
  /** Extra tags, e.g. CloudFormation's short intrinsic functions. */
  customTags?: Tags;
}

/** Deeper nesting than this is refused: no real manifest comes close. */
const MAX_DEPTH = 200;
/** Nodes that alias expansion may add, beyond one per source byte. */
const ALIAS_EXPANSION_ALLOWANCE = 10_000;

class ConversionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const INDEX_KEY = /^(?:0|[1-9][0-9]{0,8})$/;

/**
 * Converts a document's node tree to plain data and its position table in one
 * walk. Aliases are expanded (so rules see what Kubernetes sees) within a
 * budget proportional to the source size, which stops alias bombs early.
 */
class Converter {
  private readonly out: number[] = [];
  private aliasBudget: number;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    sourceLength: number,
  ) {
    this.aliasBudget = sourceLength + ALIAS_EXPANSION_ALLOWANCE;
  }

  run(): { value: unknown; positions: PositionTable } {
    const root = this.doc.contents as YamlNode | null;
    const value = this.node(root, root?.range?.[0] ?? 0, 0, false);
    return { value, positions: Int32Array.from(this.out) };
  }

  /** Converts `node`, recording its position at `offset`; returns the value. */
  private node(node: YamlNode | null | undefined, offset: number, depth: number, viaAlias: boolean): unknown {
    if (depth > MAX_DEPTH) throw new ConversionError(`nesting deeper than ${MAX_DEPTH} levels`, offset);
    if (viaAlias && --this.aliasBudget < 0) {
      throw new ConversionError('alias expansion too large (possible alias bomb); refused', offset);
    }
    if (node && isAlias(node)) {
      const target = (node as Alias).resolve(this.doc);
      if (!target) throw new ConversionError(`unknown alias *${(node as Alias).source}`, offset);
      return this.node(target as YamlNode, offset, depth + 1, true);
    }
    const at = this.out.length;
    const { line, col } = this.lines.linePos(offset);
    this.out.push(line, col, 1);
    let value: unknown;
    if (!node) value = null;
    else if (isScalar(node)) {
      value = scalarValue(node.value, node.source);
      // A custom tag (CloudFormation's `!Ref x`) can resolve a scalar to an object:
      // its nodes all sit where the scalar does.
      if (value !== null && typeof value === 'object') for (const n of detachedEntries(value, line, col).slice(ENTRY)) this.out.push(n);
    }
    else if (isSeq(node)) {
      const items: unknown[] = [];
      for (const item of node.items as YamlNode[]) {
        items.push(this.node(item, item?.range?.[0] ?? offset, depth + 1, viaAlias));
      }
      value = items;
    } else if (isMap(node)) value = this.map(node.items, offset, depth, viaAlias);
    else value = null;
    this.out[at + 2] = (this.out.length - at) / ENTRY;
    return value;
  }

  private map(pairs: unknown[], offset: number, depth: number, viaAlias: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const entries = pairs.filter(isPair).map((pair) => ({ pair, key: keyString(pair.key) }));
    // The table must follow Object.keys() order. That is the source order
    // unless keys repeat, merge in, or look like integers (which JS orders
    // first); only then are children's entries buffered and reordered.
    const keys = entries.map((e) => e.key);
    const segmented =
      new Set(keys).size !== keys.length || keys.some((k) => k === '<<' || INDEX_KEY.test(k));
    if (!segmented) {
      for (const { pair, key } of entries) {
        const keyOffset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
        defineKey(result, key, this.node(pair.value as YamlNode, keyOffset, depth + 1, viaAlias));
      }
      return result;
    }
    const segments = new Map<string, number[]>();
    const merges: Array<{ source: YamlNode | null; offset: number }> = [];
    for (const { pair, key } of entries) {
      const keyOffset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
      if (key === '<<') {
        merges.push({ source: pair.value as YamlNode, offset: keyOffset });
        continue;
      }
      const start = this.out.length;
      // A repeated key replaces the earlier value, as Kubernetes decoding does.
      defineKey(result, key, this.node(pair.value as YamlNode, keyOffset, depth + 1, viaAlias));
      segments.set(key, this.out.splice(start));
    }
    for (const { source, offset: mergeOffset } of merges) this.merge(result, source, segments, mergeOffset, depth);
    for (const key of Object.keys(result)) for (const n of segments.get(key) ?? []) this.out.push(n);
    return result;
  }

  /** YAML merge keys (`<<: *base`): explicit keys win over merged ones. */
  private merge(
    result: Record<string, unknown>,
    source: YamlNode | null,
    segments: Map<string, number[]>,
    offset: number,
    depth: number,
  ): void {
    const sources = source && isSeq(source) ? (source.items as YamlNode[]) : [source];
    for (const item of sources) {
      const start = this.out.length;
      const merged = this.node(item, offset, depth + 1, true);
      this.out.splice(start);
      if (!merged || typeof merged !== 'object' || Array.isArray(merged)) continue;
      const { line, col } = this.lines.linePos(offset);
      for (const [key, value] of Object.entries(merged)) {
        if (Object.prototype.hasOwnProperty.call(result, key)) continue;
        segments.set(key, detachedEntries(value, line, col));
        defineKey(result, key, value);
      }
    }
  }
}

/** Position entries for a merged value: every node points at the `<<` key. */
function detachedEntries(value: unknown, line: number, col: number): number[] {
  const seg: number[] = [];
  const walk = (v: unknown): void => {
    const at = seg.length;
    seg.push(line, col, 1);
    if (v && typeof v === 'object') for (const child of Object.values(v)) walk(child);
    seg[at + 2] = (seg.length - at) / ENTRY;
  };
  walk(value);
  return seg;
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function keyString(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) {
    // The merge key `<<` resolves to a symbol under YAML 1.1.
    if (typeof key.value === 'symbol') return key.source ?? '';
    return String(scalarValue(key.value, key.source));
  }
  if (typeof key === 'object' && 'toJSON' in (key as object)) return JSON.stringify((key as { toJSON(): unknown }).toJSON());
  return String(key);
}

/** Keeps values JSON-like: timestamps and binary stay as their source text. */
function scalarValue(value: unknown, source: string | undefined): unknown {
  if (value instanceof Date || value instanceof Uint8Array) return source ?? String(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/**
 * Parses a YAML (or JSON) stream. Every document that parses is returned;
 * each one that does not becomes an error with its line, and the rest go on.
 */
export function parseYamlStream(text: string, file: string, options: YamlParseOptions = {}): ParsedStream {
  const lineCounter = new LineCounter();
  const parseOptions: ParseOptions & DocumentOptions & SchemaOptions = {
    lineCounter,
    // Kubernetes decodes YAML 1.1 (yes/no booleans, merge keys).
    version: '1.1',
    prettyErrors: true,
    uniqueKeys: true,
    customTags: options.customTags,
  };
  const documents: ParsedDocument[] = [];
  const errors: InputError[] = [];
  let streamDocs: ReturnType<typeof parseAllDocuments>;
  try {
    streamDocs = parseAllDocuments(text, parseOptions);
  } catch (error) {
    errors.push({ file, message: `cannot parse YAML: ${(error as Error).message}` });
    return { documents, errors };
  }
  const docs = Array.isArray(streamDocs) ? streamDocs : [];
  docs.forEach((doc, index) => {
    const fatal = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    for (const error of doc.errors) {
      errors.push({ file, line: error.linePos?.[0]?.line, message: `YAML ${error.code}: ${firstLine(error.message)}` });
    }
    if (fatal.length > 0) return;
    const range = doc.range ?? [0, text.length];
    try {
      const { value, positions } = new Converter(doc as Document.Parsed, lineCounter, range[1] - range[0]).run();
      if (value === null || value === undefined) return;
      documents.push({ index, value, positions });
    } catch (error) {
      const line = error instanceof ConversionError ? lineCounter.linePos(error.offset).line : undefined;
      const reason = error instanceof RangeError ? 'document too deeply nested' : (error as Error).message;
      errors.push({ file, line, message: `document ${index + 1}: ${reason}` });
    }
  });
  return { documents, errors };
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return (end < 0 ? message : message.slice(0, end)).replace(/ at line \d+, column \d+:?$/, '');
}
