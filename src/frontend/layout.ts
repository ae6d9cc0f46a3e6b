// Layout pre-pass: turns morloc's column rule into virtual block/item delimiters the Ohm grammar reads.
// Takes the original text, returns the rewritten text plus a map from every rewritten offset back
// to the original, so spans always point into what the user wrote.

import { CompileError } from "../diagnostics";
import { tokenize, type Token } from "./tokens";
import { spanAt } from "./spans";

/** Virtual delimiters: control characters a source file may not contain outside strings. */
export const V_OPEN = "\u0001";
export const V_SEP = "\u0002";
export const V_CLOSE = "\u0003";
/** The pieces of an interpolated string literal around its holes (also never in a source file). */
export const I_START = "\u0004";
export const I_MID = "\u0005";
export const I_END = "\u0006";

export interface LayoutResult {
  /** The tokens of the original text, gaps as single spaces, virtual delimiters before tokens. */
  text: string;
  /** origin[i] is the original offset of rewritten char i; origin[text.length] is the source length. */
  origin: Int32Array;
  /** True for rewritten chars that are virtual delimiters. */
  isVirtual(i: number): boolean;
  /** The tokens of the original text, in order. */
  tokens: Token[];
  /** The column of the innermost block enclosing the token that starts at `offset`, if any. */
  blockColumnAt(offset: number): number | null;
  /** Original offsets where top-level items and module headers start, in order: error recovery skips by them. */
  boundaries: Boundary[];
}

export interface Boundary {
  start: number;
  kind: "item" | "module";
}

interface Block {
  col: number;
  /** A `let` block also ends at its `in`. */
  let?: boolean;
}

/**
 * Blocks: the list of modules (when the file starts with `module`), each module body (opened after the
 * header's closing parenthesis), or the implicit main body; every `where` block, and every `let` block (which also ends at its `in`). The first token of
 * a block fixes its column; a line starting at that column starts a new item; a line starting left of
 * it closes the block; a line starting right of it continues the current item.
 */
export function layout(file: string, src: string): LayoutResult {
  const toks = tokenize(file, src);
  const inserts = new Map<number, string>(); // token index (or toks.length for EOF) -> virtual chars
  const emit = (at: number, s: string) => inserts.set(at, (inserts.get(at) ?? "") + s);
  const err = (tok: Token, msg: string): never => {
    throw new CompileError("SyntaxError", { message: msg }, spanAt(file, src, tok.start, tok.end));
  };

  const stack: Block[] = [];
  const blockCol = new Map<number, number>(); // token start -> innermost block column
  const modulesMode = toks.length > 0 && toks[0]!.text === "module";
  let pending: "where" | "let" | "body" | null = null;
  // Module header tracking: after `module`, wait for the exports' closing parenthesis.
  let header: "none" | "name" | "exports" = "none";
  let depth = 0;
  const boundaries: Boundary[] = [];
  const topDepth = modulesMode ? 2 : 1; // stack depth of a module body

  if (toks.length === 0) emit(0, V_OPEN);
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok.kind === "word" && tok.text === "in" && stack[stack.length - 1]?.let) {
      emit(i, V_CLOSE);
      stack.pop();
    }
    if (i === 0) {
      emit(0, V_OPEN);
      stack.push({ col: tok.col });
    } else if (pending === null && tok.lineFirst) {
      if (modulesMode && tok.text === "module" && tok.col <= stack[0]!.col) {
        while (stack.length > 1) {
          emit(i, V_CLOSE);
          stack.pop();
        }
      } else {
        while (stack.length > 0 && stack[stack.length - 1]!.col > tok.col) {
          if (stack.length === 1) {
            err(tok, `this line starts at column ${tok.col}, left of the first item of the file (column ${stack[0]!.col})`);
          }
          emit(i, V_CLOSE);
          stack.pop();
        }
      }
      const top = stack[stack.length - 1]!;
      if (top.col === tok.col) emit(i, V_SEP);
      else if (modulesMode && tok.text === "module" && stack.length === 1) {
        err(tok, `a module must start at column ${top.col}, like the first module of the file`);
      }
    }
    if (stack.length > 0) blockCol.set(tok.start, stack[stack.length - 1]!.col);
    const startsItem = i === 0 || (pending === null && tok.lineFirst && stack[stack.length - 1]!.col === tok.col);
    if (modulesMode && tok.text === "module" && tok.kind === "word" && (i === 0 || (tok.lineFirst && stack.length === 1))) {
      boundaries.push({ start: tok.start, kind: "module" });
    } else if (startsItem && stack.length === topDepth) boundaries.push({ start: tok.start, kind: "item" });
    if (pending !== null) {
      const top = stack[stack.length - 1]!;
      if (pending === "where" && tok.col <= top.col) {
        err(tok, `the block after "where" must be indented further than column ${top.col}, where its item starts`);
      }
      if (pending === "body" && tok.col < top.col) {
        err(tok, `the module body must not start left of its "module" keyword (column ${top.col})`);
      }
      if (pending === "body" && tok.text === "module" && tok.lineFirst) {
        if (tok.col !== top.col) err(tok, `a module must start at column ${top.col}, like the first module of the file`);
        emit(i, V_OPEN + V_CLOSE + V_SEP); // an empty module followed by the next module
      } else {
        emit(i, V_OPEN);
        stack.push({ col: tok.col, let: pending === "let" });
        if (stack.length === topDepth && pending === "body") boundaries.push({ start: tok.start, kind: "item" });
      }
      pending = null;
    }

    if (tok.text === "where" && tok.kind === "word") pending = "where";
    // `let` opens a block at its first binding, unless the bindings are in explicit braces
    if (tok.text === "let" && tok.kind === "word" && toks[i + 1]?.text !== "{") pending = "let";
    if (modulesMode) {
      if (tok.text === "module" && tok.kind === "word") {
        header = "name";
        depth = 0;
      } else if (header !== "none" && tok.text === "(") {
        depth++;
        header = "exports";
      } else if (header === "exports" && tok.text === ")") {
        if (--depth === 0) {
          header = "none";
          pending = "body";
        }
      } else if (header === "name" && tok.kind !== "word" && tok.text !== "." && tok.text !== "-") {
        header = "none";
      }
    }
  }
  if (pending !== null) emit(toks.length, V_OPEN + V_CLOSE);
  const closes = toks.length === 0 ? 1 : stack.length;
  emit(toks.length, V_CLOSE.repeat(closes));
  const result = rewrite(src, toks, inserts);
  result.blockColumnAt = (offset) => blockCol.get(offset) ?? null;
  result.boundaries = boundaries;
  return result;
}

/**
 * Builds the grammar's input: tokens as written (string bodies left out: the AST reads them from the
 * original), each gap of whitespace and comments as one space, virtual delimiters before tokens.
 * Keeping Ohm's input this small keeps it fast on huge comments, strings and indentation.
 */
function rewrite(src: string, toks: Token[], inserts: Map<number, string>): LayoutResult {
  const parts: string[] = [];
  const origin: number[] = [];
  const virtual: number[] = [];
  let pos = 0; // end of the previous token in the original
  const put = (s: string, at: number, isVirtual: boolean) => {
    parts.push(s);
    for (let k = 0; k < s.length; k++) {
      origin.push(isVirtual ? at : at + k);
      if (isVirtual) virtual.push(origin.length - 1);
    }
  };
  for (let i = 0; i <= toks.length; i++) {
    const tok = toks[i];
    const at = tok ? tok.start : src.length;
    if (at > pos) put(" ", pos, false);
    const s = inserts.get(i);
    if (s !== undefined) put(s, at, true);
    if (!tok) break;
    if (tok.kind === "string") {
      // an interpolated literal reads as I_START expr I_MID expr ... I_END (interp in the grammar)
      if (tok.part === "start") put(I_START, tok.start, false);
      else if (tok.part === "mid") put(I_MID, tok.start, false);
      else if (tok.part === "end") put(I_END, tok.end - 1, false);
      else {
        put('"', tok.start, false);
        put('"', tok.end - 1, false);
      }
    } else put(tok.text, tok.start, false);
    // `x-1` subtracts: a `-` glued to an operand on both sides is an operator, not a sign (A.2)
    if (gluedMinus(toks, i)) put(" ", tok.end, false);
    pos = tok.end;
  }
  origin.push(src.length);
  const isV = new Uint8Array(origin.length);
  for (const v of virtual) isV[v] = 1;
  return {
    text: parts.join(""), origin: Int32Array.from(origin), isVirtual: (i) => isV[i] === 1, tokens: toks,
    blockColumnAt: () => null, boundaries: [],
  };
}

/** True for the `-` of `x-1`, `f(x)-2` or `xs]-Inf`: glued to an operand before it and a number after it. */
function gluedMinus(toks: Token[], i: number): boolean {
  const [prev, tok, next] = [toks[i - 1], toks[i]!, toks[i + 1]];
  if (tok.text !== "-" || !prev || !next || prev.end !== tok.start || next.start !== tok.end) return false;
  const before = toks[i - 2];
  const exponent = /^[eE]$/.test(prev.text) && before?.kind === "number" && before.end === prev.start; // `1.5e-3`
  const operandBefore = !exponent && (prev.kind !== "symbol" || prev.text === ")" || prev.text === "]" || prev.text === "}");
  const numberAfter = next.kind === "number" || next.text === "Inf" || next.text === "NaN";
  return operandBefore && numberAfter && !inLabel(toks, i);
}

/** True when the `-` at toks[i] is inside a label glued to its `@` (`big-1@f`, docs/labels.md). */
function inLabel(toks: Token[], i: number): boolean {
  let j = i + 1;
  while (toks[j] && toks[j]!.start === toks[j - 1]!.end && (toks[j]!.kind === "word" || toks[j]!.kind === "number" || toks[j]!.text === "-")) j++;
  const at = toks[j];
  return !!at && at.text === "@" && at.start === toks[j - 1]!.end && !!toks[j + 1] && toks[j + 1]!.start === at.end;
}
