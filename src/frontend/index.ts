// Front end entry: text of one .loc file -> Program (ast.ts). Runs the layout pre-pass, the Ohm grammar
// and the AST conversion; every failure becomes a positioned CompileError("SyntaxError", ...). After a
// syntax error the broken top-level item is blanked out and the file parsed again, so several
// independent errors come back together as one CompileErrors.

import * as ohm from "ohm-js";
import { CompileError, CompileErrors } from "../diagnostics";
import type { Program } from "./ast";
import { layout, type LayoutResult } from "./layout";
import recipe from "./morloc.recipe.json" with { type: "json" };
import { syntaxError } from "./errors";
import { spanAt } from "./spans";
import { toAst } from "./toAst";
import { reassociate } from "./fixity";
import { unqualify } from "./qualified";
import { attachDocs } from "./docstrings";

export type * from "./ast";
export { applyImportedFixities, type Fixity } from "./fixity";

/** At most this many errors are collected from one file; later ones are often echoes of earlier ones. */
export const MAX_ERRORS = 10;
/** Each retry parses the whole file again: stop once the retries would have parsed this many tokens. */
const RETRY_TOKENS = 150_000;

let grammar: ohm.Grammar | null = null;
/** The grammar (built once, on first use) from the recipe compiled from morloc.ohm (scripts/grammar-recipe.ts). */
export function morlocGrammar(): ohm.Grammar {
  grammar ??= ohm.makeRecipe(recipe as unknown as string);
  return grammar;
}

/** One attempt: the program, or the error with the original offset where the parser gave up. */
type Attempt = { ok: Program } | { err: CompileError; at: number | null; lay: LayoutResult | null };

function attempt(file: string, text: string): Attempt {
  let lay: LayoutResult | null = null;
  try {
    lay = layout(file, text);
    const g = morlocGrammar();
    const match = g.match(lay.text);
    if (match.failed()) {
      const pos = match.getRightmostFailurePosition();
      // A failure on a virtual delimiter means the item before it ended too early.
      const at = lay.origin[pos]! - (pos < lay.text.length && lay.isVirtual(pos) ? 1 : 0);
      return { err: syntaxError(file, text, lay, match), at, lay };
    }
    const modules = toAst(g, match, file, text, lay);
    modules.forEach(unqualify);
    reassociate(modules);
    attachDocs(file, text, modules);
    return { ok: { file, modules } };
  } catch (e) {
    if (e instanceof CompileError) return { err: e, at: lay && e.span ? e.span.start : null, lay };
    if (e instanceof RangeError) {
      const err = new CompileError("SyntaxError", { message: "nesting too deep: the expression is too deeply nested to parse" },
        spanAt(file, text, 0, 0));
      return { err, at: null, lay: null };
    }
    return { err: new CompileError("SyntaxError", { message: `could not parse this file (${String(e)})` }, spanAt(file, text, 0, 0)), at: null, lay: null };
  }
}

/** The original range [start, end) of the top-level item holding offset `at`, or null if none can be skipped. */
function itemAround(lay: LayoutResult, at: number, length: number): [number, number] | null {
  const bs = lay.boundaries;
  let k = -1;
  for (let i = 0; i < bs.length && bs[i]!.start <= at; i++) k = i;
  if (k < 0 || bs[k]!.kind !== "item") return null;
  return [bs[k]!.start, k + 1 < bs.length ? bs[k + 1]!.start : length];
}

/** Parses one file. Throws CompileError on one syntax or layout error, CompileErrors on several. */
export function parseModuleText(file: string, text: string): Program {
  const errors: CompileError[] = [];
  let cur = text;
  while (true) {
    const r = attempt(file, cur);
    if ("ok" in r) {
      if (errors.length === 0) return r.ok;
      break;
    }
    const e = r.err;
    if (errors.some((p) => p.span?.start === e.span?.start && p.message === e.message)) break;
    errors.push(e);
    const affordable = r.lay !== null && errors.length < MAX_ERRORS && errors.length * r.lay.tokens.length < RETRY_TOKENS;
    const range = affordable && r.at !== null ? itemAround(r.lay!, r.at, cur.length) : null;
    if (!range) break;
    // Blank the broken item, keeping newlines so every later line and column stays where it was.
    cur = cur.slice(0, range[0]) + cur.slice(range[0], range[1]).replace(/[^\n]/g, " ") + cur.slice(range[1]);
  }
  errors.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  throw errors.length === 1 ? errors[0]! : new CompileErrors(errors);
}
