// The JSON form of values in tests/vectors/values.json, read by schema: integers are decimal strings,
// floats are numbers or "NaN" / "Infinity" / "-Infinity" / "-0"; everything else is plain JSON.
import type { Schema } from "../../shm/schema";

export function toJsonish(s: Schema, v: any): unknown {
  switch (s.kind) {
    case "int": case "uint": return String(v);
    case "float":
      if (Number.isNaN(v)) return "NaN";
      if (v === Infinity) return "Infinity";
      if (v === -Infinity) return "-Infinity";
      if (Object.is(v, -0)) return "-0";
      return v;
    case "list": return v.map((x: unknown) => toJsonish(s.elem, x));
    case "tuple": return s.items.map((it, k) => toJsonish(it, v[k]));
    case "record": return Object.fromEntries(s.keys.map((key, k) => [key, toJsonish(s.items[k]!, v[key])]));
    case "optional": return v === null ? null : toJsonish(s.inner, v);
    default: return v;
  }
}

export function fromJsonish(s: Schema, j: any): unknown {
  switch (s.kind) {
    case "int": case "uint": return BigInt(j);
    case "float":
      if (typeof j === "number") return j;
      return ({ NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 } as Record<string, number>)[j];
    case "list": return j.map((x: unknown) => fromJsonish(s.elem, x));
    case "tuple": return s.items.map((it, k) => fromJsonish(it, j[k]));
    case "record": return Object.fromEntries(s.keys.map((key, k) => [key, fromJsonish(s.items[k]!, j[key])]));
    case "optional": return j === null ? null : fromJsonish(s.inner, j);
    default: return j;
  }
}
