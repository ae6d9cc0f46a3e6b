// Offsets to spans: line and column (1-based) of an original-text offset, with a cached line table.

import type { Span } from "../diagnostics";

const tables = new WeakMap<object, Int32Array>();
const keyOf = new Map<string, { text: string; box: object }>();

/** Offsets of the first char of every line of `text`. */
let lastText: string | null = null;
let lastTable: Int32Array | null = null;

function lineStarts(text: string): Int32Array {
  if (text === lastText) return lastTable!; // the common case: many spans of one file in a row
  lastTable = lineStartsCached(text);
  lastText = text;
  return lastTable;
}

function lineStartsCached(text: string): Int32Array {
  const cached = keyOf.get(text.length + ":" + text.slice(0, 64));
  if (cached && cached.text === text) return tables.get(cached.box)!;
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const table = Int32Array.from(starts);
  const box = {};
  tables.set(box, table);
  if (keyOf.size > 16) keyOf.clear();
  keyOf.set(text.length + ":" + text.slice(0, 64), { text, box });
  return table;
}

/** Line and column (both from 1) of an offset in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** A span of `file` from `start` to `end` (original offsets). */
export function spanAt(file: string, text: string, start: number, end: number): Span {
  const { line, col } = lineCol(text, start);
  return { file, start, end: Math.max(start, end), line, col };
}
