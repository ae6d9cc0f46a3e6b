// Turns an Ohm match failure into a CompileError a user can read: what was found at the failure
// point, in words, and what could have come there, with Ohm's rule descriptions mapped to phrases.

import type { MatchResult } from "ohm-js";
import { CompileError } from "../diagnostics";
import type { LayoutResult } from "./layout";
import { spanAt } from "./spans";
import { tokenBefore, type Token } from "./tokens";

/** Things that can start an expression; when most of them are expected we just say "an expression". */
const EXPR_START = ['".("', '".["', '"-"', '"\\"', '"("', '"["', '"{"', '"?"', '"let"', "a number", "a boolean", "a string", "a lowercase name", "a variable"];
const TYPE_START = ['"("', '"["', "a type", "a lowercase name"];
const VIRTUAL = ["the end of the block", "a new item at the block's column", "the start of a block"];

/** The phrase list for what Ohm expected at the failure point. */
export function describeExpected(raw: string[]): string {
  let set = new Set(raw.map((s) => (s === '"\\\\"' ? '"\\"' : s)));
  const has = (s: string) => set.has(s);
  const drop = (xs: string[]) => xs.forEach((x) => set.delete(x));
  const itemMayEnd = VIRTUAL.slice(0, 2).some(has);
  if (has("=") || (has('"="') && has('"::"'))) {
    if (has('"::"') && has('"="')) return '"::" or "=" after the name';
  }
  if (has("a number")) {
    drop(EXPR_START);
    set.add("an expression");
  }
  if (has("a type")) {
    drop(TYPE_START);
    set.add("a type");
  }
  if (has('"import"') && has('"source"')) {
    drop(['"infixl"', '"infixr"', '"infix"', '"import"', '"source"', '"type"', '"record"', '"object"', '"table"', '"newtype"', '"class"', '"instance"', "an expression"]);
    set.add("a declaration, a signature, an import, a source or a type definition");
  }
  // a guard chain that stops before its default
  if (has('"?"') && has('":"')) {
    drop(['"?"', '":"', '"::"', "an expression"]);
    set.add('another guard "? condition = value" or the default ": value" that ends the chain');
  }
  // labels, field access, composition, a continuing operator chain: rarely what the user meant
  // a source list takes strings, and `(op)` for a native operator, which is rarely what is missing
  if (has("a string") && has('"("') && !has("an expression")) drop(['"("']);
  const rare = ['":"', '"@"', '"."', '".("', '".["', "an operator", "a backtick-quoted name"].filter(has);
  drop(rare);
  if (set.size === 0) rare.forEach((x) => set.add(x)); // ...unless nothing else could come
  const onlyVirtual = [...set].every((x) => VIRTUAL.includes(x));
  if (onlyVirtual && itemMayEnd) set = new Set(["a new line (the item is complete)"]);
  else drop(VIRTUAL);
  const words = [...set];
  if (words.length === 0) return "something else";
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function tokenAt(tokens: Token[], offset: number): Token | null {
  const t = tokenBefore(tokens, offset + 1e9);
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const tk = tokens[mid]!;
    if (tk.end <= offset) lo = mid + 1;
    else if (tk.start > offset) hi = mid - 1;
    else return tk;
  }
  return t && t.start <= offset && offset < t.end ? t : null;
}

function quote(text: string): string {
  const shown = text.length > 30 ? text.slice(0, 27) + "..." : text;
  return JSON.stringify(shown);
}

export function syntaxError(file: string, src: string, lay: LayoutResult, match: MatchResult): CompileError {
  let pos = match.getRightmostFailurePosition();
  const failures = (match as any).getRightmostFailures() as { isFluffy(): boolean; toString(): string }[];
  const expected = describeExpected(failures.filter((f) => !f.isFluffy()).map((f) => f.toString()));
  // Skip whitespace and comments the grammar had not consumed yet, to find what stands at the failure.
  const orig = lay.origin[pos]!;
  const atVirtual = pos < lay.text.length && lay.isVirtual(pos);
  const next = tokenAt(lay.tokens, orig) ?? lay.tokens.find((t) => t.start >= orig) ?? null;
  if (atVirtual || next === null) {
    // The item or the file ended where more was needed: point just after the last token.
    const prev = tokenBefore(lay.tokens, orig);
    const at = prev ? prev.end : 0;
    const what = next === null ? "end of file" : "end of line";
    return new CompileError("SyntaxError", { message: `unexpected ${what}; expected ${expected}` }, spanAt(file, src, at, at));
  }
  const inside = orig > next.start; // failed in the middle of a token, e.g. a malformed number
  const start = inside ? orig : next.start;
  const found = inside ? quote(src.slice(orig, orig + 1)) : quote(next.text);
  const what = next.kind === "string" && !inside ? "string" : next.text === "module" ? 'nested "module"' : found;
  const block = lay.blockColumnAt(next.start);
  const hint = next.lineFirst && !inside && block !== null && next.col > block
    ? `this line starts right of column ${block}, so it continues the item above; start it at column ${block} to begin a new item`
    : undefined;
  return new CompileError("SyntaxError", { message: `unexpected ${what}; expected ${expected}`, hint },
    spanAt(file, src, start, inside ? start + 1 : next.end));
}
