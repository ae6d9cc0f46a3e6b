// `g.area` (no spaces) names the term `area` of a module imported `as g` (language-head.md A.1).
// The grammar reads every such dotted name as one variable; here, per module, a name whose prefix
// is not one of the module's import aliases goes back to what v0.51 read: a composition `g . area`.

import type { Span } from "../diagnostics";
import type * as A from "./ast";

export function unqualify(m: A.Module): void {
  const aliases = new Set(m.body.flatMap((i) => (i.kind === "import" && i.as ? [i.as] : [])));
  let fresh = 0;
  const walk = (x: any): any => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== "object") return x;
    if (x.kind === "var" && /^\p{L}[^.]*\./u.test(x.name)) {
      const dot = x.name.lastIndexOf(".");
      if (aliases.has(x.name.slice(0, dot))) return x;
      return compose(x.name.split("."), x.span, `q_${++fresh}`); // underscores cannot appear in user names
    }
    for (const k of Object.keys(x)) if (k !== "span") x[k] = walk(x[k]);
    return x;
  };
  m.body = walk(m.body);
}

/** `f.g.h` as `\x -> f (g (h x))`. */
function compose(names: string[], span: Span, v: string): A.Expr {
  let inner: A.Expr = { kind: "var", name: v, span };
  for (let i = names.length - 1; i >= 0; i--) inner = { kind: "app", fn: { kind: "var", name: names[i]!, span }, args: [inner], span };
  return { kind: "lambda", params: [{ name: v, span }], body: inner, span };
}
