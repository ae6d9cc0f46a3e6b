// String interpolation `"n=#{e}!"` (language-head.md A.2): every hole must be a Str; the literal
// becomes a chain of two-argument concatenations, an internal function with an implementation in
// each language (Python's and C++'s own `+`, R's paste0), placed by selection like any sourced
// call. The nexus evaluates it too (src/nexus/pure.ts), so a pure command needs no pool.

import type { Span } from "../diagnostics";
import type { SourceDef } from "../resolve";
import type { Core } from "./core";
import { con } from "./type";
import type { Subst } from "./unify";

/** The term name of the internal concatenation (no user name can hold `#`). */
export const STRCAT = "#strcat";

function implementations(span: Span): SourceDef[] {
  return [
    { lang: "py", path: null, foreignName: "+", span },
    { lang: "cpp", path: null, foreignName: "+", span },
    { lang: "r", path: null, foreignName: "paste0", span },
  ];
}

/** True for a call of the internal concatenation (in the typed tree or the selected one). */
export function isStrcat(c: { k: string; term?: string }): boolean {
  return c.k === "call" && c.term === STRCAT;
}

/** The core of an interpolated literal from its texts and already checked holes. */
export function interpolate(texts: string[], holes: Core[], s: Subst, span: Span): Core {
  const str = con("Str");
  const lit = (value: string): Core => ({ k: "lit", lit: "str", value, type: str, span });
  const parts: Core[] = [];
  texts.forEach((t, i) => {
    if (t !== "") parts.push(lit(t));
    const h = holes[i];
    if (h) {
      s.unify(h.type, str, h.span, "an interpolated hole (a hole must be a Str)");
      parts.push(h);
    }
  });
  if (parts.length === 0) return lit("");
  return parts.reduce((acc, p) => ({ k: "call", term: STRCAT, cands: implementations(span), inst: [], args: [acc, p], type: str, span }));
}
