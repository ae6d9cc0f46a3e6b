// Type variables of a written type expression, in order of appearance.

import type * as Src from "../frontend/ast";

/** Lowercase type variable names of a written type, in order of appearance. */
export function typeVars(t: Src.TypeExpr, out: string[] = []): string[] {
  switch (t.kind) {
    case "tvar":
      if (!out.includes(t.name)) out.push(t.name);
      break;
    case "tcon":
      if (/^[a-z]/.test(t.name) && !out.includes(t.name)) out.push(t.name);
      t.args.forEach((a) => typeVars(a, out));
      break;
    case "tfun":
      t.args.forEach((a) => typeVars(a, out));
      typeVars(t.ret, out);
      break;
    case "tlist":
      typeVars(t.elem, out);
      break;
    case "ttuple":
      t.elems.forEach((a) => typeVars(a, out));
      break;
    case "tunit":
    case "tconcrete":
      break;
  }
  return out;
}
