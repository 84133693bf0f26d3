import type { KeyPath, Position } from '../../core/types.js';

/**
 * Positions of every node of a plain value, in pre-order, as a flat table of
 * [line, column, subtree size] triples. Object children follow Object.keys()
 * order, so the table can be walked alongside the value without keeping the
 * parser's node tree alive, and it crosses thread boundaries as one buffer.
 */
export type PositionTable = Int32Array;

export const ENTRY = 3;

export function positionAt(table: PositionTable, entry: number): Position {
  const base = entry * ENTRY;
  return { line: table[base], column: table[base + 1] };
}

function subtreeSize(table: PositionTable, entry: number): number {
  return table[entry * ENTRY + 2];
}

/** Finds the table entry of `path` within `value`, or of its deepest existing ancestor. */
export function entryOf(value: unknown, table: PositionTable, path: KeyPath): number {
  let entry = 0;
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') break;
    let child = entry + 1;
    let found = false;
    if (Array.isArray(node)) {
      const index = typeof segment === 'number' ? segment : Number.NaN;
      if (!(index >= 0 && index < node.length)) break;
      for (let i = 0; i < index; i++) child += subtreeSize(table, child);
      node = node[index];
      found = true;
    } else {
      const wanted = String(segment);
      for (const key of Object.keys(node)) {
        if (key === wanted) {
          found = true;
          break;
        }
        child += subtreeSize(table, child);
      }
      if (found) node = (node as Record<string, unknown>)[wanted];
    }
    if (!found || child * ENTRY >= table.length) break;
    entry = child;
  }
  return entry;
}

export function locateIn(value: unknown, table: PositionTable, path: KeyPath): Position {
  if (table.length === 0) return { line: 1, column: 1 };
  return positionAt(table, entryOf(value, table, path));
}

/** The sub-table of one subtree, e.g. an item of a `kind: List`. */
export function subTable(table: PositionTable, entry: number): PositionTable {
  const start = entry * ENTRY;
  return table.subarray(start, start + subtreeSize(table, entry) * ENTRY);
}
