// Terraform HCL files through HashiCorp's own parser (hcl2json, Go compiled
// to WebAssembly), plus the positions our scanner computes, plus the JSON
// documents (IAM policies) that strings in the file hold, decoded here on the
// parse side because re-parsing `jsonencode(...)` needs hcl2json too.
import type { InputError, KeyPath } from '../../core/types.js';
import { isRecord } from '../../core/values.js';
import { decodeJsonText } from './decode.js';
import { blocksOf, lookup, referenceOf, scopeOf, type DecodedValue, type TerraformFile, type TerraformScope } from './file.js';
import { jsonencodeArgument, LineIndex, scanPositions, ScanLimitError } from './scan.js';

/** Larger files are refused: hcl2json takes ~3.5 s and ~250 MB of memory per MiB of HCL. */
export const MAX_HCL_SIZE = 4 * 1024 * 1024;
/** `jsonencode(...)` arguments re-parsed per file; past this they stay strings. */
const MAX_REPARSED = 1000;
const MAX_DIAGNOSTICS = 20;
/** Deeper values are not searched for documents. */
const MAX_WALK_DEPTH = 64;
/** The name hcl2json sees, found again in its messages to read their lines. */
const SOURCE_NAME = 'guardrail-input.tf';
const DIAGNOSTIC = /guardrail-input\.tf:(\d+),\d+(?:-(?:\d+,)?\d+)?: /g;
const CITED_RANGE = /guardrail-input\.tf:(\d+),\d+(?:-(?:\d+,)?\d+)?/g;

/** The part of @cdktf/hcl2json used here; its own typings would pull the DOM library into the whole program. */
interface Hcl2Json {
  parse(filename: string, contents: string): Promise<unknown>;
}
const HCL2JSON: string = '@cdktf/hcl2json';
let hcl2json: Promise<Hcl2Json> | undefined;

/** Loaded on first use: instantiating its WebAssembly module costs ~0.5 s, which scans without Terraform never pay. */
function hcl(): Promise<Hcl2Json> {
  return (hcl2json ??= import(HCL2JSON) as Promise<Hcl2Json>);
}

/** Set once a call went unanswered: hcl2json's Go runtime is gone for this thread. */
let stalled: Error | undefined;

/**
 * hcl2json's parse, bounded in time. Should its Go runtime die (a fatal
 * error exits it), calls would never settle and the scan would hang: past
 * the deadline the call fails, and every later call fails at once.
 */
async function hclParse(source: string): Promise<unknown> {
  if (stalled) throw stalled;
  const { parse } = await hcl();
  const limit = 60_000 + (20_000 * source.length) / (1024 * 1024);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject((stalled = new Error(`the HCL parser did not answer within ${Math.round(limit / 1000)} s`))), limit);
  });
  try {
    return await Promise.race([parse(SOURCE_NAME, source), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function emptyFile(): TerraformFile {
  return { json: {}, positions: { l: 1, c: 1 }, decoded: [], variables: {}, locals: {} };
}

/**
 * Parses one `.tf` file. Syntax errors (each with its line) and refused
 * files give an empty payload and errors; this never throws.
 */
export async function parseTerraform(file: string, text: string): Promise<{ payload: TerraformFile; errors: InputError[] }> {
  if (text.length > MAX_HCL_SIZE) {
    return { payload: emptyFile(), errors: [{ file, message: `Terraform file larger than ${MAX_HCL_SIZE / 1024 / 1024} MiB; not parsed` }] };
  }
  try {
    // The scan runs first: it refuses the nesting that would crash hcl2json.
    const positions = scanPositions(text);
    let json: unknown;
    try {
      json = await hclParse(text);
    } catch (error) {
      return { payload: emptyFile(), errors: diagnostics(file, error) };
    }
    const data = isRecord(json) ? json : {};
    const scope = scopeOf(data);
    return { payload: { json: data, positions, decoded: await decodeDocuments(data, scope), ...scope }, errors: [] };
  } catch (error) {
    if (error instanceof ScanLimitError) {
      const line = new LineIndex(text).line(error.offset);
      return { payload: emptyFile(), errors: [{ file, line, message: `Terraform: ${error.message}; file not parsed` }] };
    }
    return { payload: emptyFile(), errors: [{ file, message: `cannot parse Terraform: ${(error as Error).message}` }] };
  }
}

/** hcl2json's error (`parse config: [f:3,7-4,1: Summary; Detail. f:...]`) as one error per diagnostic. */
function diagnostics(file: string, error: unknown): InputError[] {
  const message = error instanceof Error ? error.message : String(error);
  const headers = [...message.matchAll(DIAGNOSTIC)];
  if (headers.length === 0) return [{ file, message: `cannot parse Terraform: ${message}` }];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  headers.forEach((header, n) => {
    const start = header.index + header[0].length;
    const end = n + 1 < headers.length ? headers[n + 1].index : message.length;
    const text = message.slice(start, end).replace(/\]?\s*$/, '').replace(CITED_RANGE, 'line $1');
    const line = Number(header[1]);
    const key = `${line}\n${text}`;
    if (seen.has(key) || errors.length >= MAX_DIAGNOSTICS) return;
    seen.add(key);
    errors.push({ file, line, message: `Terraform syntax error: ${text}` });
  });
  return errors;
}

/**
 * Re-parses `x = <argument>` with hcl2json, which turns object and tuple
 * constructors into JSON and leaves everything else as `"${...}"` strings:
 * the plain data of a `jsonencode(...)` argument. Undefined when it does not
 * parse as one expression.
 */
export async function parseHclObjectExpression(argument: string): Promise<unknown> {
  const source = `x = ${argument}\n`;
  try {
    const scanned = scanPositions(source);
    if (Object.keys(scanned.k ?? {}).join() !== 'x') return undefined;
    const json = await hclParse(source);
    return isRecord(json) && Object.keys(json).join() === 'x' ? json.x : undefined;
  } catch {
    return undefined;
  }
}

/** Re-parses many arguments in one hcl2json call, falling back to one call each when any of them fails. */
async function parseArguments(list: string[]): Promise<unknown[]> {
  if (list.length === 0) return [];
  try {
    const json = await hclParse(list.map((argument, n) => `_${n} = ${argument}\n`).join(''));
    if (isRecord(json) && Object.keys(json).length === list.length) return list.map((_, n) => json[`_${n}`]);
  } catch {
    // One argument that does not stand alone on a line spoils the batch.
  }
  const results: unknown[] = [];
  for (const argument of list) results.push(await parseHclObjectExpression(argument));
  return results;
}

function isDocument(value: unknown): value is Record<string, unknown> | unknown[] {
  return isRecord(value) || Array.isArray(value);
}

const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy']);

/**
 * Finds the strings of resource, data, module and locals blocks that hold
 * documents: `jsonencode(...)` expressions (re-parsed), JSON text (heredocs,
 * quoted JSON), and policy attributes that are exactly `local.x` / `var.x`
 * naming one of those.
 */
async function decodeDocuments(json: Record<string, unknown>, scope: TerraformScope): Promise<DecodedValue[]> {
  const decoded: DecodedValue[] = [];
  const jsonencoded: Array<{ block: KeyPath; path: KeyPath; argument: string }> = [];
  /** `encodes`: the reference is jsonencode's argument (its data is the document), not an encoded document. */
  const references: Array<{ block: KeyPath; path: KeyPath; expression: string; encodes: boolean }> = [];
  const walk = (block: KeyPath, node: unknown, path: KeyPath, depth: number): void => {
    if (typeof node === 'string') {
      const argument = node.startsWith('${jsonencode(') ? jsonencodeArgument(node) : undefined;
      if (argument !== undefined) {
        if (jsonencoded.length < MAX_REPARSED) jsonencoded.push({ block, path, argument });
        return;
      }
      const value = decodeJsonText(node);
      if (value !== undefined) decoded.push({ block, path, from: 'json', value });
      else if (POLICY_ATTRIBUTES.has(String(path[path.length - 1])) && referenceOf(node)) references.push({ block, path, expression: node, encodes: false });
      return;
    }
    if (depth >= MAX_WALK_DEPTH) return;
    if (Array.isArray(node)) node.forEach((item, index) => walk(block, item, [...path, index], depth + 1));
    else if (isRecord(node)) for (const [key, item] of Object.entries(node)) walk(block, item, [...path, key], depth + 1);
  };
  for (const block of blocksOf(json)) walk(block.path, block.value, [], 0);

  const results = await parseArguments(jsonencoded.map((entry) => entry.argument));
  jsonencoded.forEach(({ block, path }, n) => {
    const value = results[n];
    if (isDocument(value)) decoded.push({ block, path, from: 'jsonencode', value });
    // `jsonencode(local.doc)`: the data of a local (or a variable's default).
    else if (typeof value === 'string') references.push({ block, path, expression: value, encodes: true });
  });

  // A local that is itself a decoded document (`local.policy = jsonencode({...})`).
  const decodedLocals = new Map<string, unknown>();
  for (const entry of decoded) {
    if (entry.block[0] === 'locals' && entry.path.length === 1) decodedLocals.set(String(entry.path[0]), entry.value);
  }
  for (const { block, path, expression, encodes } of references) {
    const reference = referenceOf(expression);
    if (!reference) continue;
    const value = lookup(scope, reference.source, reference.name);
    let document: unknown;
    if (encodes) document = value;
    else if (reference.source === 'local' && decodedLocals.has(reference.name)) document = decodedLocals.get(reference.name);
    else if (typeof value === 'string') document = decodeJsonText(value);
    if (isDocument(document)) decoded.push({ block, path, from: 'reference', value: document });
  }
  return decoded;
}
