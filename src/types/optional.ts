// Optional types `?T` (language-head A.5): the general type constructor "?" (a name no user can
// write), the literal `Null`, and the implicit coercion of `T` to `?T`. Both levels of `?(?T)`
// share one wire null, so the schema and the C++ type of `?(?T)` are those of `?T`.

import { con, type Type } from "./type";

export const OPTIONAL = "?";

export const optional = (t: Type): Type => con(OPTIONAL, t);

export const isOptional = (t: Type): t is { k: "con"; name: string; args: [Type] } => t.k === "con" && t.name === OPTIONAL && t.args.length === 1;

/** `?(?T)` → `?T` (one level down at a time; the caller follows metas). */
export function innerOptional(t: Type): Type | undefined {
  return isOptional(t) ? t.args[0] : undefined;
}
