// String literals (language-head.md A.2): `"..."` with the escapes \n \t \r \0 \\ \", triple-quoted
// `"""..."""` / `'''...'''` bodies (newlines and quotes allowed, plus \'), and `#{expr}` holes.
// The tokenizer scans a literal piece by piece (a hole's expression is tokenized normally in
// between); once the literal ends, its pieces' values are decoded here.

/** How a literal is delimited. */
export type Quote = '"' | '"""' | "'''";

/** One scanned run of literal text: up to the closing delimiter, or up to a hole's `#{`. */
export interface Scanned {
  /** Offset just past the closing delimiter or the `#{`. */
  end: number;
  /** The raw text of the run (escapes still written as in the source). */
  raw: string;
  /** True when the run stopped at `#{`. */
  hole: boolean;
}

export class StringError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", '"': '"' };

/** Scans literal text from `from` (just past the opening delimiter or a hole's `}`). */
export function scanRun(src: string, from: number, quote: Quote, open: number): Scanned {
  const triple = quote.length === 3;
  const q = quote[0]!;
  let i = from;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === "\\") {
      const next = src.codePointAt(i + 1);
      if (next === undefined || (next === 10 && !triple)) break; // unterminated, reported below
      const c = String.fromCodePoint(next);
      if (!(c in ESCAPES) && !(triple && c === "'")) {
        throw new StringError(`invalid escape sequence \\${c === "\n" ? "n (a line break)" : c}`, i, i + 1 + c.length);
      }
      i += 1 + c.length;
      continue;
    }
    if (ch === "#" && src[i + 1] === "{") return { end: i + 2, raw: src.slice(from, i), hole: true };
    if (!triple && ch === "\n") {
      throw new StringError("unterminated string literal (use triple quotes for a string over several lines)", open, open + 1);
    }
    if (ch === q && (!triple || src.startsWith(quote, i))) {
      if (!triple) return { end: i + 1, raw: src.slice(from, i), hole: false };
      // the body closes at the first delimiter not followed by another quote: `"""a "b""""` is `a "b"`
      let k = i;
      while (src[k] === q) k++;
      return { end: k, raw: src.slice(from, k - 3), hole: false };
    }
    i++;
  }
  throw new StringError(triple ? `unterminated string literal: this ${quote} is never closed` : "unterminated string literal: this string is never closed with a matching quote", open, open + quote.length);
}

/** Marks where a hole sat while a triple-quoted body is dedented (a noncharacter: never in real text). */
const HOLE = "\uFDD0";

/**
 * The decoded values of a literal's runs (one more than its holes). A multi-line triple-quoted body
 * loses a blank first and last line, then the leading spaces its lines share; a one-line body is kept.
 */
export function decodeRuns(raws: string[], quote: Quote): string[] {
  let runs = raws;
  if (quote.length === 3 && raws.some((r) => r.includes("\n"))) runs = dedent(raws.join(HOLE)).split(HOLE);
  return runs.map(unescape);
}

function dedent(body: string): string {
  let lines = body.split("\n");
  if (lines.length > 1 && /^[ \t]*$/.test(lines[0]!)) lines = lines.slice(1);
  if (lines.length > 1 && /^[ \t]*$/.test(lines[lines.length - 1]!)) lines = lines.slice(0, -1);
  else if (lines.length === 1 && /^[ \t]*$/.test(lines[0]!)) lines = [""];
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join("\n");
}

/** Decodes the escapes of an already checked run. */
function unescape(raw: string): string {
  if (!raw.includes("\\")) return raw;
  return raw.replace(/\\(.)/gsu, (_m, c: string) => ESCAPES[c] ?? c);
}
