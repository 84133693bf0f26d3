// JSON documents written inside strings (IAM policies in heredocs or plan
// values, container definitions), decoded into plain data within bounds.
import type { KeyPath } from '../../core/types.js';
import { isRecord } from '../../core/values.js';

/** How a string value became data: re-parsed `jsonencode(...)`, JSON text, or a `local.`/`var.` reference to either. */
export type DecodeSource = 'jsonencode' | 'json' | 'reference';

/** Longer strings are left as they are. */
const MAX_JSON_TEXT = 1024 * 1024;
/** Deeper decoded values are refused, so later recursive walks stay safe. */
const MAX_DECODED_DEPTH = 64;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The object (or list holding objects) that `text` encodes as JSON, or
 * undefined: other text, scalars, and lists of scalars stay strings.
 */
export function decodeJsonText(text: string): Record<string, unknown> | unknown[] | undefined {
  if (text.length > MAX_JSON_TEXT) return undefined;
  let start = 0;
  let end = text.length - 1;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end))) end--;
  const open = text[start];
  const close = text[end];
  if (!((open === '{' && close === '}') || (open === '[' && close === ']'))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!(isRecord(value) || (Array.isArray(value) && value.some(isRecord)))) return undefined;
  return withinDepth(value, MAX_DECODED_DEPTH) ? value : undefined;
}

/** Whether `value` nests no deeper than `max` levels (checked without recursion). */
function withinDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `root` with the value at `path` replaced, copying only the containers on
 * the path (once each: `copies` remembers the ones already copied, so many
 * replacements in one value stay linear). A path that does not exist leaves
 * `root` as it is.
 */
export function replaceAt(root: unknown, path: KeyPath, replacement: unknown, copies: Set<object>): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number' && head >= 0 && head < root.length) {
    const copy = copies.has(root) ? root : root.slice();
    copies.add(copy);
    copy[head] = replaceAt(root[head], rest, replacement, copies);
    return copy;
  }
  if (isRecord(root) && typeof head === 'string' && Object.prototype.hasOwnProperty.call(root, head)) {
    const copy = copies.has(root) ? root : { ...root };
    copies.add(copy);
    define(copy, head, replaceAt(root[head], rest, replacement, copies));
    return copy;
  }
  return root;
}

export interface DecodedString {
  /** Path of the string within the value. */
  path: KeyPath;
  original: string;
}

/**
 * `value` with every string that holds a JSON object (or list of objects)
 * replaced by its data; containers are copied only where something changed.
 */
export function decodeJsonStrings(value: unknown): { value: unknown; decoded: DecodedString[] } {
  const decoded: DecodedString[] = [];
  const walk = (node: unknown, path: KeyPath, depth: number): unknown => {
    if (typeof node === 'string') {
      const data = decodeJsonText(node);
      if (data === undefined) return node;
      decoded.push({ path, original: node });
      return data;
    }
    if (depth >= MAX_DECODED_DEPTH) return node;
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      node.forEach((item, index) => {
        const next = walk(item, [...path, index], depth + 1);
        if (next !== item) (copy ??= node.slice())[index] = next;
      });
      return copy ?? node;
    }
    if (isRecord(node)) {
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(node)) {
        const next = walk(item, [...path, key], depth + 1);
        if (next !== item) define((copy ??= { ...node }), key, next);
      }
      return copy ?? node;
    }
    return node;
  };
  return { value: walk(value, [], 0), decoded };
}
