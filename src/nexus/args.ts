// Reading an argument (a JSON literal or a JSON/MessagePack file) and checking it against its
// parameter's schema before any pool starts. The command line itself is parsed in cli.ts.
import { readFileSync, statSync } from "node:fs";
import { decode as msgpackDecode } from "@msgpack/msgpack";
import { decodeValue, encodeValue, parseSchema, type Schema } from "../../shm";
import type { Command } from "./manifest";
import type { Format } from "./output";
import { MAX_DEPTH, nonFiniteReal, parseJson } from "./json";
import { isGeneric, parseShape, takeGeneric } from "./generic";

/** A bad command line: message for the user, exit status 2. */
export class UsageError extends Error {}

/** The nexus's own options (src/nexus/cli.ts reads them). */
export interface Options {
  help: boolean;
  /** Print a top-level null result (Unit, or an optional that is Null); without it nothing is printed. */
  keepNull?: boolean;
  output?: string;
  format: Format;
  /** `-p`: a Str result raw, anything else as indented JSON. */
  print?: boolean;
  timeout?: number;
  /** `--no-cache`: labelled calls neither read nor write the result cache. */
  noCache?: boolean;
  /** `--config FILE`: the module configuration to use instead of the embedded one. */
  config?: string;
  /** `--call-packet FILE`: run the one labelled call in FILE, writing its result packet to --output-file (docs/labels.md). */
  callPacket?: string;
  args: string[];
}

/**
 * A token that reads as JSON is JSON, even when a file of that name exists in the working folder
 * (as in the reference): a number, null, true, false, or text starting with [, { or ".
 */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return /^(-?\d|null$|true$|false$|[[{"])/.test(t);
}

/** Where an argument's bytes come from: the token itself (JSON) or a file it names. */
export type ArgumentSource = { json: string } | { path: string };

/** Decide how to read one argument; throws UsageError for a path that names nothing readable. */
export function argumentSource(text: string): ArgumentSource {
  if (looksLikeJson(text)) return { json: text };
  let st;
  try {
    st = text === "" ? undefined : statSync(text);
  } catch {
    st = undefined;
  }
  if (st === undefined) {
    // neither JSON nor an existing path: say both, so a mistyped file name is not called bad JSON
    throw new UsageError(`not JSON, and no file named ${JSON.stringify(text)} exists`);
  }
  if (st.isDirectory()) throw new UsageError(`${JSON.stringify(text)} is a folder, not a JSON or MessagePack file`);
  return { path: text };
}

/** Read an argument's file (a FIFO or /dev/stdin too) without blocking the event loop. */
export async function readSourceBytes(src: ArgumentSource): Promise<Uint8Array> {
  if ("json" in src) return new TextEncoder().encode(src.json);
  try {
    return new Uint8Array(await Bun.file(src.path).arrayBuffer());
  } catch (e) {
    throw new UsageError(`cannot read ${src.path}: ${(e as Error).message}`);
  }
}

/**
 * Decode an argument's bytes: JSON for tokens and .json files, MessagePack for .mpk, else either.
 * With `exact`, JSON numbers keep their text (JsonNumber), for generic parameters.
 */
export function decodeArgument(src: ArgumentSource, bytes: Uint8Array, exact = false): unknown {
  if ("json" in src) return parseJson(src.json, exact);
  const path = src.path;
  if (/\.json$/i.test(path)) return parseJson(new TextDecoder().decode(bytes), exact);
  if (/\.(mpk|msgpack)$/i.test(path)) return readMsgpack(bytes);
  try {
    return parseJson(new TextDecoder().decode(bytes), exact);
  } catch (jsonErr) {
    try {
      return readMsgpack(bytes);
    } catch {
      throw jsonErr;
    }
  }
}

/** MessagePack with messages that say what is wrong (truncated at byte K), not the decoder's internals. */
function readMsgpack(bytes: Uint8Array): unknown {
  try {
    const v = msgpackDecode(bytes, { useBigInt64: true });
    if (nestingDepth(v) > MAX_DEPTH) throw new UsageError(`MessagePack nested deeper than ${MAX_DEPTH} levels`);
    return v;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message;
    if (e instanceof RangeError || /out of bounds|insufficient data/i.test(msg)) {
      throw new UsageError(`MessagePack truncated: the data ends at byte ${bytes.length} in the middle of a value`);
    }
    throw new UsageError(`invalid MessagePack: ${msg}`);
  }
}

/** How deeply arrays and maps nest in a decoded value, counted without recursion. */
function nestingDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== "object" || x instanceof Uint8Array) continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_DEPTH) return max;
    for (const y of x instanceof Map ? x.values() : Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

/** Read one argument as a JS value, synchronously (tests and tools; the nexus reads asynchronously). */
export function readArgument(text: string, exact = false): unknown {
  const src = argumentSource(text);
  return decodeArgument(src, "json" in src ? new Uint8Array() : new Uint8Array(readFileSync(src.path)), exact);
}

/** A generic parameter (only pure commands have one) stays the JSON it is given. */
const genericParam = (c: Command, schema: string) => c.pure !== undefined && isGeneric(schema);

/** Adjust a parsed value to its schema's JS shape: big ints for Real become numbers, arrays for records become objects. */
export function coerce(s: Schema, v: unknown): unknown {
  switch (s.kind) {
    case "float":
      if (typeof v === "string") return nonFiniteReal(v) ?? v;
      return typeof v === "bigint" ? Number(v) : v;
    case "list":
      if (v instanceof Uint8Array) v = Array.from(v);
      return Array.isArray(v) ? v.map((x) => coerce(s.elem, x)) : v;
    case "tuple":
      return Array.isArray(v) && v.length === s.items.length ? v.map((x, k) => coerce(s.items[k]!, x)) : v;
    case "record": {
      if (Array.isArray(v) && v.length === s.keys.length) {
        return Object.fromEntries(s.keys.map((k, i) => [k, coerce(s.items[i]!, (v as unknown[])[i])]));
      }
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const o = { ...(v as Record<string, unknown>) };
        s.keys.forEach((k, i) => {
          if (k in o) o[k] = coerce(s.items[i]!, o[k]);
        });
        return o;
      }
      return v;
    }
    case "optional":
      return v === null || v === undefined ? null : coerce(s.inner, v);
    default:
      return v;
  }
}

export interface CheckedArg {
  schema: string;
  blob: Uint8Array;
  /** The value as the pools will see it (the decoded blob), for pure commands. */
  value: () => unknown;
}

/** Type-check every read argument against its schema; throws UsageError naming the argument and its morloc type. */
export function checkArguments(c: Command, raws: unknown[]): CheckedArg[] {
  return c.params.map((p, k) => {
    const cli = c.cli?.[k];
    const label = cli?.long ? `--${cli.long}` : cli?.short ? `-${cli.short}` : cli?.metavar ?? p.name;
    const where = `argument ${k + 1} (${label}) of ${c.name}`;
    if (genericParam(c, p.schema)) {
      let value: unknown;
      try {
        value = takeGeneric(parseShape(p.schema), raws[k], (s, v) => decodeValue(s, encodeValue(s, coerce(s, v))));
      } catch (e) {
        throw new UsageError(`${where} must be ${p.type}: ${(e as Error).message}`);
      }
      return { schema: p.schema, blob: new Uint8Array(0), value: () => value };
    }
    const schema = parseSchema(p.schema);
    let blob: Uint8Array;
    try {
      blob = encodeValue(schema, coerce(schema, raws[k]));
    } catch (e) {
      throw new UsageError(`${where} must be ${p.type}: ${(e as Error).message}`);
    }
    return { schema: p.schema, blob, value: () => decodeValue(schema, blob) };
  });
}
