// Front end entry: text of one .loc file -> Program (ast.ts). Runs the layout pre-pass, the Ohm grammar
// and the AST conversion; every failure becomes a positioned CompileError("SyntaxError", ...).

import * as ohm from "ohm-js";
import { CompileError } from "../diagnostics";
import type { Program } from "./ast";
import { layout } from "./layout";
import grammarText from "./morloc.ohm" with { type: "text" };
import { syntaxError } from "./errors";
import { spanAt } from "./spans";
import { toAst } from "./toAst";

export type * from "./ast";

let grammar: ohm.Grammar | null = null;
/** The compiled grammar (built once, on first use). */
export function morlocGrammar(): ohm.Grammar {
  grammar ??= ohm.grammar(grammarText);
  return grammar;
}

/** Parses one file. Throws CompileError on any syntax or layout error. */
export function parseModuleText(file: string, text: string): Program {
  const lay = layout(file, text);
  const g = morlocGrammar();
  try {
    const match = g.match(lay.text);
    if (match.failed()) throw syntaxError(file, text, lay, match);
    return { file, modules: toAst(g, match, file, text, lay) };
  } catch (e) {
    if (e instanceof CompileError) throw e;
    if (e instanceof RangeError) {
      throw new CompileError("SyntaxError", "nesting too deep: the expression is too deeply nested to parse",
        spanAt(file, text, 0, 0));
    }
    throw new CompileError("SyntaxError", `could not parse this file (${String(e)})`, spanAt(file, text, 0, 0));
  }
}
