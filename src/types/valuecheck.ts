// The value check (reference language.md §2.10): several declarations of one term are
// alternative implementations, so they must not contradict each other. Literals, containers and
// the positions of bound variables are compared (after renaming parameters by position); calls
// are opaque, as in the reference.

import type * as Src from "../frontend/ast";
import { CompileError } from "../diagnostics";

/** Throws ValueContradiction when two declarations of one term disagree visibly. */
export function checkAlternatives(name: string, decls: Src.Declaration[]): void {
  for (let i = 0; i < decls.length; i++)
    for (let j = i + 1; j < decls.length; j++) {
      const a = decls[i]!;
      const b = decls[j]!;
      if (a.params.length !== b.params.length) continue; // eta-different forms are not compared
      const pa = new Map(a.params.map((p, k) => [p.name, k] as const));
      const pb = new Map(b.params.map((p, k) => [p.name, k] as const));
      const where = differ(a.body, b.body, pa, pb);
      if (where)
        throw new CompileError(
          "ValueContradiction",
          { name, where, other: `${a.span.file}:${a.span.line}:${a.span.col}` },
          b.span,
        );
    }
}

/** A description of the first visible difference, or null when none is visible. */
function differ(a: Src.Expr, b: Src.Expr, pa: Map<string, number>, pb: Map<string, number>): string | null {
  const lit = (e: Src.Expr): string | null =>
    e.kind === "int" ? `int ${BigInt(e.text)}` : e.kind === "real" ? `real ${e.value}` : e.kind === "str" ? `str ${JSON.stringify(e.value)}` : e.kind === "bool" ? `bool ${e.value}` : e.kind === "unit" ? "unit" : e.kind === "null" ? "null" : null;
  const la = lit(a);
  const lb = lit(b);
  if (la !== null && lb !== null) return la === lb ? null : `${show(a)} against ${show(b)}`;
  if (a.kind === "var" && b.kind === "var" && pa.has(a.name) && pb.has(b.name))
    return pa.get(a.name) === pb.get(b.name) ? null : `parameter ${pa.get(a.name)! + 1} against parameter ${pb.get(b.name)! + 1}`;
  if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) {
    if (a.elems.length !== b.elems.length) return `a ${a.kind} of ${a.elems.length} against one of ${b.elems.length}`;
    for (let i = 0; i < a.elems.length; i++) {
      const d = differ(a.elems[i]!, b.elems[i]!, pa, pb);
      if (d) return d;
    }
    return null;
  }
  // A literal against a bound parameter, or a container against a literal, cannot both hold.
  const shape = (e: Src.Expr) => (lit(e) !== null ? "literal" : e.kind === "var" && (pa.has(e.name) || pb.has(e.name)) ? "parameter" : e.kind === "list" || e.kind === "tuple" ? e.kind : null);
  const sa = shape(a);
  const sb = shape(b);
  if (sa && sb && sa !== sb && !(a.kind === "var" && !pa.has(a.name)) && !(b.kind === "var" && !pb.has(b.name))) return `${show(a)} against ${show(b)}`;
  return null;
}

function show(e: Src.Expr): string {
  switch (e.kind) {
    case "int":
      return e.text;
    case "real":
      return e.text;
    case "str":
      return JSON.stringify(e.value);
    case "bool":
      return e.value ? "True" : "False";
    case "unit":
      return "()";
    case "null":
      return "Null";
    case "var":
      return e.name;
    default:
      return `a ${e.kind}`;
  }
}
