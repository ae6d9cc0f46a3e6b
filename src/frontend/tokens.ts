// A light tokenizer for the layout pre-pass: finds where each token starts (line, column, whether it
// is the first on its line), skipping comments and strings. The Ohm grammar does the real lexing.

import { CompileError } from "../diagnostics";
import { spanAt } from "./spans";
import { decodeRuns, scanRun, StringError, type Quote } from "./strings";

export interface Token {
  kind: "word" | "string" | "number" | "symbol";
  text: string;
  start: number;
  end: number;
  line: number;
  col: number;
  /** First token on its line: the only tokens the column rule looks at, besides a block's first. */
  lineFirst: boolean;
  /**
   * A string literal's piece: the whole literal, or (around `#{...}` holes, whose tokens come in
   * between) its start up to the first `#{`, a middle `}...#{`, or its end `}..."`.
   */
  part?: "whole" | "start" | "mid" | "end";
  /** A string piece's decoded text. */
  value?: string;
}

/** A string literal whose hole is being tokenized. */
interface OpenString {
  quote: Quote;
  open: number;
  pieces: Token[];
  raws: string[];
  /** Unclosed `{` inside the current hole. */
  braces: number;
}

/** Deeper bracket nesting than any real program; beyond it the parser's recursion could overflow. */
export const MAX_NESTING = 200;
/** Tokens allowed on one line: the parser takes ~30 µs per token, so a larger line would stall it. */
export const MAX_LINE_TOKENS = 20000;
/** Longest name or number accepted. */
export const MAX_TOKEN = 1000;

const isDigit = (c: number) => c >= 48 && c <= 57;
const letterRe = /\p{L}/u;
function isLetter(ch: string, c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return letterRe.test(ch);
}

export function tokenize(file: string, src: string): Token[] {
  const toks: Token[] = [];
  const fail = (msg: string, start: number, end: number): never => {
    throw new CompileError("SyntaxError", { message: msg }, spanAt(file, src, start, end));
  };
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let lastLine = 0; // line of the previous token
  let depth = 0;
  let onLine = 0;
  const n = src.length;
  const strings: OpenString[] = [];
  /** Scans one run of a literal from `from`; returns the piece token's end and whether a hole follows. */
  const run = (s: OpenString, from: number): { end: number; hole: boolean } => {
    let r;
    try {
      r = scanRun(src, from, s.quote, s.open);
    } catch (e) {
      if (e instanceof StringError) fail(e.message, e.start, e.end);
      throw e;
    }
    for (let k = src.indexOf("\n", from); k !== -1 && k < r.end; k = src.indexOf("\n", k + 1)) {
      line++;
      lineStart = k + 1;
    }
    s.raws.push(r.raw);
    return r;
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 45 && src.charCodeAt(i + 1) === 45) {
      const nl = src.indexOf("\n", i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === 123 && src.charCodeAt(i + 1) === 45) {
      // nested block comment {- ... -}
      const open = i;
      let level = 0;
      while (i < n) {
        if (src.charCodeAt(i) === 123 && src.charCodeAt(i + 1) === 45) {
          level++;
          i += 2;
        } else if (src.charCodeAt(i) === 45 && src.charCodeAt(i + 1) === 125) {
          level--;
          i += 2;
          if (level === 0) break;
        } else {
          if (src.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
      }
      if (level > 0) fail('this comment "{-" is never closed with "-}"', open, open + 2);
      continue;
    }
    const start = i;
    const col = start - lineStart + 1;
    const startLine = line;
    let kind: Token["kind"];
    let part: Token["part"];
    let str: OpenString | undefined;
    const top = strings[strings.length - 1];
    if (c === 34 || (c === 39 && src.startsWith("'''", i))) {
      // a literal; `"""` and `'''` open a triple-quoted one
      const quote: Quote = src.startsWith('"""', i) ? '"""' : c === 39 ? "'''" : '"';
      str = { quote, open: start, pieces: [], raws: [], braces: 0 };
      const r = run(str, i + quote.length);
      i = r.end;
      part = r.hole ? "start" : "whole";
      if (r.hole) strings.push(str);
      kind = "string";
    } else if (c === 125 && top && top.braces === 0) {
      // the `}` closing a hole: the literal goes on
      str = top;
      const r = run(str, i + 1);
      i = r.end;
      part = r.hole ? "mid" : "end";
      if (!r.hole) strings.pop();
      kind = "string";
    } else if (isDigit(c)) {
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      kind = "number";
    } else if (isLetter(src[i]!, c)) {
      i++;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (isDigit(d) || d === 39 || isLetter(src[i]!, d)) i++;
        else break;
      }
      kind = "word";
    } else {
      if (c < 32 || c === 127) fail(`unexpected control character U+${c.toString(16).padStart(4, "0")}`, start, start + 1);
      if (top && c === 123) top.braces++;
      else if (top && c === 125) top.braces--;
      if (c === 40 || c === 91 || c === 123) {
        if (++depth > MAX_NESTING) fail(`nesting too deep: more than ${MAX_NESTING} open brackets`, start, start + 1);
      } else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
      const two = src.slice(i, i + 2);
      i += two === "->" || two === "=>" || two === "::" || two === "++" ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      kind = "symbol";
    }
    if (kind !== "string" && i - start > MAX_TOKEN) fail(`this ${kind} is too long: more than ${MAX_TOKEN} characters`, start, start + 1);
    onLine = startLine === lastLine ? onLine + 1 : 1;
    if (onLine > MAX_LINE_TOKENS) fail(`line ${startLine} is too long: more than ${MAX_LINE_TOKENS} tokens`, start, i);
    const tok: Token = { kind, text: src.slice(start, i), start, end: i, line: startLine, col, lineFirst: startLine !== lastLine };
    toks.push(tok);
    // a token after a multi-line literal (or inside its hole) on the literal's last line starts no line
    lastLine = line;
    if (str) {
      tok.part = part;
      str.pieces.push(tok);
      if (part === "whole" || part === "end") decodeRuns(str.raws, str.quote).forEach((v, k) => (str!.pieces[k]!.value = v));
    }
  }
  if (strings.length > 0) {
    const s = strings[strings.length - 1]!;
    fail("unterminated string interpolation: this #{ is never closed with }", s.pieces[s.pieces.length - 1]!.end - 2, s.pieces[s.pieces.length - 1]!.end);
  }
  return toks;
}

/** The last token that ends at or before `offset`. */
export function tokenBefore(tokens: Token[], offset: number): Token | null {
  let lo = 0;
  let hi = tokens.length - 1;
  let best: Token | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) {
      best = tokens[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
