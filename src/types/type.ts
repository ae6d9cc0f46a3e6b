// General types as the type checker sees them, and how they print in morloc syntax.

/** A general type. Functions are n-ary like the reference: `a -> b -> c` is fun([a, b], c). */
export type Type =
  /** A rigid type variable: a generic of the signature being checked. */
  | { k: "var"; name: string }
  /** A unification variable, solved by the checker. */
  | { k: "meta"; id: number }
  /** A named type applied to arguments: Real, List a, Tuple2 a b, Map k v, a record name. */
  | { k: "con"; name: string; args: Type[] }
  | { k: "fun"; args: Type[]; ret: Type };

export const con = (name: string, ...args: Type[]): Type => ({ k: "con", name, args });
export const fun = (args: Type[], ret: Type): Type => (args.length === 0 ? ret : { k: "fun", args, ret });
export const tupleName = (n: number) => `Tuple${n}`;

/** The primitive names every program knows without importing them. */
export const PRIMITIVES = new Set(["Unit", "Bool", "Int", "Real", "Str", "List"]);
export const isTupleName = (name: string) => /^Tuple\d+$/.test(name);

/** Prints a type the way a user writes it: `[Real] -> (Int, Str) -> Map Str a`. */
export function showType(t: Type, names: Map<number, string> = new Map()): string {
  const go = (t: Type, atom: boolean): string => {
    switch (t.k) {
      case "var":
        return t.name;
      case "meta": {
        if (!names.has(t.id)) names.set(t.id, metaName(names.size));
        return names.get(t.id)!;
      }
      case "fun": {
        const s = [...t.args.map((a) => go(a, a.k === "fun")), go(t.ret, false)].join(" -> ");
        return atom ? `(${s})` : s;
      }
      case "con": {
        if (t.name === "Unit" && t.args.length === 0) return "()";
        if (t.name === "List" && t.args.length === 1) return `[${go(t.args[0]!, false)}]`;
        if (t.name === "?" && t.args.length === 1) return `?${go(t.args[0]!, true)}`;
        if (isTupleName(t.name) && t.args.length > 1) return `(${t.args.map((a) => go(a, false)).join(", ")})`;
        if (t.args.length === 0) return t.name;
        const s = [t.name, ...t.args.map((a) => go(a, true))].join(" ");
        return atom ? `(${s})` : s;
      }
    }
  };
  return go(t, false);
}

function metaName(i: number): string {
  return String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");
}
