// Arguments of pure commands whose type stays generic (language.md §2.9, "no language at all"):
// the compiler writes `*` in a schema where the type is a variable. Such a part is taken as the
// JSON it is given and printed back as given; the known parts around it are checked as usual.
import { parseSchema, type Schema } from "../../shm";
import { JsonNumber, plainJson } from "./json";

/** A schema with generic holes: the known subtrees stay shm schemas. */
export type Shape =
  | { k: "any" }
  | { k: "fixed"; schema: Schema }
  | { k: "list"; elem: Shape }
  | { k: "optional"; inner: Shape }
  | { k: "tuple"; items: Shape[] }
  | { k: "record"; keys: string[]; items: Shape[] };

/** True when a schema string has a generic part (record keys are identifiers, never `*`). */
export const isGeneric = (schema: string) => schema.includes("*");

/** Parse a schema string that may hold `*`; subtrees without one are parsed by shm. */
export function parseShape(text: string): Shape {
  let i = 0;
  const count = (): number => {
    const m = /^(\d+):/.exec(text.slice(i));
    if (!m) throw new Error(`internal error: bad generic schema ${text}`);
    i += m[0].length;
    return Number(m[1]);
  };
  const one = (): Shape => {
    const start = i;
    const shape = inner();
    if (shape.k === "any" || shape.k === "fixed") return shape;
    const slice = text.slice(start, i);
    return isGeneric(slice) ? shape : { k: "fixed", schema: parseSchema(slice) };
  };
  const inner = (): Shape => {
    const c = text[i++];
    switch (c) {
      case "*":
        return { k: "any" };
      case "a":
        return { k: "list", elem: one() };
      case "?":
        return { k: "optional", inner: one() };
      case "t": {
        const n = count();
        return { k: "tuple", items: Array.from({ length: n }, one) };
      }
      case "m": {
        const n = count();
        const keys: string[] = [];
        const items: Shape[] = [];
        for (let k = 0; k < n; k++) {
          // key lengths count UTF-8 bytes
          const len = count();
          let key = "";
          while (Buffer.byteLength(key) < len) key += text[i++];
          keys.push(key);
          items.push(one());
        }
        return { k: "record", keys, items };
      }
      default: {
        // a primitive: one letter, and a width digit for numbers
        const end = "iuf".includes(c ?? "") ? i + 1 : i;
        const slice = text.slice(i - 1, end);
        i = end;
        return { k: "fixed", schema: parseSchema(slice) };
      }
    }
  };
  const s = one();
  if (i !== text.length) throw new Error(`internal error: bad generic schema ${text}`);
  return s;
}

/**
 * Checks an argument (parsed with exact numbers) against a shape and returns the value the pure
 * evaluator reads: generic parts as given, known parts as `check` gives them (args.ts: encoded
 * and decoded as any argument).
 */
export function takeGeneric(shape: Shape, v: unknown, check: (s: Schema, v: unknown) => unknown, path = "value"): unknown {
  switch (shape.k) {
    case "any":
      return exactNumbers(v);
    case "fixed":
      try {
        return check(shape.schema, plainJson(v));
      } catch (e) {
        throw new Error(path === "value" ? (e as Error).message : `${path}: ${(e as Error).message}`);
      }
    case "list":
      if (!Array.isArray(v)) throw new Error(`${path} is not a list`);
      return v.map((x, k) => takeGeneric(shape.elem, x, check, `${path}[${k}]`));
    case "optional":
      return v === null || v === undefined ? null : takeGeneric(shape.inner, v, check, path);
    case "tuple":
      if (!Array.isArray(v) || v.length !== shape.items.length) throw new Error(`${path} is not a tuple of ${shape.items.length}`);
      return v.map((x, k) => takeGeneric(shape.items[k]!, x, check, `${path}[${k}]`));
    case "record": {
      const get = (key: string, k: number) => (Array.isArray(v) ? v[k] : (v as Record<string, unknown>)[key]);
      const isObj = v !== null && typeof v === "object" && !(v instanceof JsonNumber);
      if (!isObj || (Array.isArray(v) && v.length !== shape.keys.length)) throw new Error(`${path} is not a record with ${shape.keys.join(", ")}`);
      return Object.fromEntries(
        shape.keys.map((key, k) => {
          if (!Array.isArray(v) && !(key in (v as object))) throw new Error(`${path} has no field ${key}`);
          return [key, takeGeneric(shape.items[k]!, get(key, k), check, `${path}.${key}`)];
        }),
      );
    }
  }
}

/** Integral numbers from MessagePack (plain numbers) print back as integers. */
function exactNumbers(v: unknown): unknown {
  if (typeof v === "number") return Number.isInteger(v) ? new JsonNumber(String(v)) : v;
  if (typeof v === "bigint") return new JsonNumber(v.toString());
  if (Array.isArray(v)) return v.map(exactNumbers);
  if (v && typeof v === "object" && !(v instanceof JsonNumber) && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exactNumbers(x)]));
  return v;
}
