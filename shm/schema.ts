// Schema strings (docs/arena.md §1): parse text like "m2:4:names3:agei8" into a tree that carries
// each node's width and alignment, and print a tree back to text.

export type Schema =
  | { kind: "unit"; width: 0; align: 1 }
  | { kind: "bool"; width: 1; align: 1 }
  | { kind: "int"; width: 1 | 2 | 4 | 8; align: number }
  | { kind: "uint"; width: 1 | 2 | 4 | 8; align: number }
  | { kind: "float"; width: 4 | 8; align: number }
  | { kind: "str"; width: 16; align: 8 }
  | { kind: "list"; elem: Schema; width: 16; align: 8 }
  | { kind: "tuple"; items: Schema[]; offsets: number[]; width: number; align: number }
  | { kind: "record"; keys: string[]; items: Schema[]; offsets: number[]; width: number; align: number }
  | { kind: "optional"; inner: Schema; width: 8; align: 8 };

export class SchemaError extends Error {
  constructor(readonly text: string, readonly position: number, what: string) {
    super(`bad schema "${text}" at position ${position}: ${what}`);
    this.name = "SchemaError";
  }
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** Field offsets, width and alignment of a tuple or record (docs/arena.md §2.1). */
export function layoutFields(items: Schema[]): { offsets: number[]; width: number; align: number } {
  let end = 0;
  let align = 1;
  const offsets: number[] = [];
  for (const it of items) {
    const at = alignUp(end, it.align);
    offsets.push(at);
    end = at + it.width;
    if (it.align > align) align = it.align;
  }
  return { offsets, width: alignUp(end, align), align };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Parse a schema string; throws SchemaError naming the byte position of the problem. */
export function parseSchema(text: string): Schema {
  const b = new TextEncoder().encode(text);
  let i = 0;
  const fail = (what: string, at = i): never => {
    throw new SchemaError(text, at, what);
  };
  const count = (what: string): number => {
    const start = i;
    while (i < b.length && b[i]! >= 48 && b[i]! <= 57) i++;
    if (i === start) fail(`expected a decimal ${what}`);
    if (i - start > 15) fail(`${what} too large`, start);
    const n = Number(new TextDecoder().decode(b.subarray(start, i)));
    if (i >= b.length || b[i] !== 58) fail(`expected ':' after the ${what}`);
    i++;
    return n;
  };
  const one = (): Schema => {
    if (i >= b.length) fail("unexpected end, expected a type");
    const at = i;
    const c = String.fromCharCode(b[i++]!);
    switch (c) {
      case "z": return { kind: "unit", width: 0, align: 1 };
      case "b": return { kind: "bool", width: 1, align: 1 };
      case "s": return { kind: "str", width: 16, align: 8 };
      case "i": case "u": case "f": {
        const d = i < b.length ? b[i]! - 48 : -1;
        const ok = c === "f" ? d === 4 || d === 8 : d === 1 || d === 2 || d === 4 || d === 8;
        if (!ok) fail(`'${c}' needs a width of ${c === "f" ? "4 or 8" : "1, 2, 4 or 8"}`);
        i++;
        const kind = c === "i" ? "int" : c === "u" ? "uint" : "float";
        return { kind, width: d, align: d } as Schema;
      }
      case "a": return { kind: "list", elem: one(), width: 16, align: 8 };
      case "?": return { kind: "optional", inner: one(), width: 8, align: 8 };
      case "t": {
        const n = count("field count");
        const items: Schema[] = [];
        for (let k = 0; k < n; k++) items.push(one());
        return { kind: "tuple", items, ...layoutFields(items) };
      }
      case "m": {
        const n = count("field count");
        const keys: string[] = [];
        const items: Schema[] = [];
        const seen = new Set<string>();
        for (let k = 0; k < n; k++) {
          const kAt = i;
          const len = count("key length");
          if (i + len > b.length) fail(`key of ${len} bytes runs past the end`, kAt);
          let key: string;
          try {
            key = decoder.decode(b.subarray(i, i + len));
          } catch {
            return fail("key is not valid UTF-8");
          }
          if (seen.has(key)) fail(`duplicate key "${key}"`);
          seen.add(key);
          i += len;
          keys.push(key);
          items.push(one());
        }
        return { kind: "record", keys, items, ...layoutFields(items) };
      }
      default:
        return fail(`unknown type character '${c}'`, at);
    }
  };
  const s = one();
  if (i !== b.length) fail("trailing characters after the schema");
  return s;
}

/** The canonical text of a schema (inverse of parseSchema). */
export function schemaToString(s: Schema): string {
  switch (s.kind) {
    case "unit": return "z";
    case "bool": return "b";
    case "str": return "s";
    case "int": return `i${s.width}`;
    case "uint": return `u${s.width}`;
    case "float": return `f${s.width}`;
    case "list": return `a${schemaToString(s.elem)}`;
    case "optional": return `?${schemaToString(s.inner)}`;
    case "tuple": return `t${s.items.length}:${s.items.map(schemaToString).join("")}`;
    case "record":
      return `m${s.items.length}:` + s.items
        .map((it, k) => `${new TextEncoder().encode(s.keys[k]!).length}:${s.keys[k]}${schemaToString(it)}`)
        .join("");
  }
}
