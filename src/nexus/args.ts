// The nexus command line: options, help text, and reading each argument (a JSON literal or a
// JSON/MessagePack file) then checking it against its parameter's schema before any pool starts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { decode as msgpackDecode } from "@msgpack/msgpack";
import { decodeValue, encodeValue, parseSchema, type Schema } from "../../shm";
import type { Command, Manifest } from "./manifest";
import { parseJson } from "./json";
import { isGeneric, parseShape, takeGeneric } from "./generic";

/** A bad command line: message for the user, exit status 2. */
export class UsageError extends Error {}

export interface Options {
  help: boolean;
  output?: string;
  format: "json" | "msgpack";
  timeout?: number;
  command?: string;
  args: string[];
}

/** Split argv into nexus options and positionals. Negative numbers are positionals, not options. */
export function parseOptions(argv: string[]): Options {
  const o: Options = { help: false, format: "json", args: [] };
  const pos: string[] = [];
  const value = (i: number, flag: string): string => {
    if (i >= argv.length) throw new UsageError(`option ${flag} needs a value`);
    return argv[i]!;
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      pos.push(...argv.slice(i + 1));
      break;
    } else if (a === "-h" || a === "--help") o.help = true;
    else if (a === "-o" || a === "--output") o.output = value(++i, a);
    else if (a === "-f" || a === "--format") {
      const f = value(++i, a);
      if (f !== "json" && f !== "msgpack") throw new UsageError(`unknown output format "${f}" (use json or msgpack)`);
      o.format = f;
    } else if (a === "--timeout") {
      const t = Number(value(++i, a));
      if (!(t > 0)) throw new UsageError(`--timeout needs a positive number of seconds, got "${argv[i]}"`);
      o.timeout = t;
    } else if (a.startsWith("--") && a.length > 2) throw new UsageError(`unknown option ${a}`);
    else pos.push(a);
  }
  o.command = pos[0];
  o.args = pos.slice(1);
  return o;
}

function commandLine(c: Command): string {
  return `  ${c.name}${c.params.map((p) => " " + p.name).join("")}`;
}

function commandDetail(c: Command): string {
  const lines = [commandLine(c)];
  if (c.doc) lines.push(`      ${c.doc}`);
  for (const p of c.params) lines.push(`      param ${p.name}: ${p.type}`);
  lines.push(`      return: ${c.return.type}`);
  return lines.join("\n");
}

export function usage(m: Manifest): string {
  return [
    `Usage: ${m.module} [-o FILE] [-f json|msgpack] [--timeout SECONDS] COMMAND ARG...`,
    "",
    "Each ARG is a JSON literal ('[1,2]', '\"text\"', -1.5), a .json or .mpk/.msgpack file, or any",
    "readable path (/dev/stdin) holding JSON or MessagePack.",
    "",
    "Commands:",
    ...m.commands.map(commandDetail),
  ].join("\n") + "\n";
}

export function commandHelp(m: Manifest, c: Command): string {
  return `Usage: ${m.module} ${c.name}${c.params.map((p) => ` ${p.name.toUpperCase()}`).join("")}\n\n${commandDetail(c)}\n`;
}

/**
 * Read one argument as a JS value: an existing path is a file, anything else a JSON literal.
 * With `exact`, JSON numbers keep their text (JsonNumber), for generic parameters.
 */
export function readArgument(text: string, exact = false): unknown {
  let isFile = false;
  try {
    isFile = text !== "" && existsSync(text) && !statSync(text).isDirectory();
  } catch {
    isFile = false;
  }
  if (!isFile) return parseJson(text, exact);
  const bytes = readFileSync(text);
  if (/\.json$/i.test(text)) return parseJson(bytes.toString("utf8"), exact);
  if (/\.(mpk|msgpack)$/i.test(text)) return msgpackDecode(bytes, { useBigInt64: true });
  try {
    return parseJson(bytes.toString("utf8"), exact);
  } catch (jsonErr) {
    try {
      return msgpackDecode(bytes, { useBigInt64: true });
    } catch {
      throw jsonErr;
    }
  }
}

/** Adjust a parsed value to its schema's JS shape: big ints for Real become numbers, arrays for records become objects. */
export function coerce(s: Schema, v: unknown): unknown {
  switch (s.kind) {
    case "float":
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
  /** Empty for a generic argument of a pure command: it never goes to a pool. */
  blob: Uint8Array;
  /** The value as the pools will see it (the decoded blob), for pure commands. */
  value: () => unknown;
}

/** Read and type-check every argument; throws UsageError naming the argument and its morloc type. */
export function checkArguments(c: Command, texts: string[]): CheckedArg[] {
  if (texts.length !== c.params.length) {
    throw new UsageError(`${c.name} takes ${c.params.length} argument${c.params.length === 1 ? "" : "s"}, given ${texts.length}`);
  }
  return c.params.map((p, k) => {
    const where = `argument ${k + 1} (${p.name}) of ${c.name}`;
    // A generic parameter (only pure commands have one) stays the JSON it is given.
    const generic = c.pure !== undefined && isGeneric(p.schema);
    let raw: unknown;
    try {
      raw = readArgument(texts[k]!, generic);
    } catch (e) {
      throw new UsageError(`${where}: cannot read ${JSON.stringify(texts[k])}: ${(e as Error).message}`);
    }
    if (generic) {
      let value: unknown;
      try {
        value = takeGeneric(parseShape(p.schema), raw, (s, v) => decodeValue(s, encodeValue(s, coerce(s, v))));
      } catch (e) {
        throw new UsageError(`${where} must be ${p.type}: ${(e as Error).message}`);
      }
      return { schema: p.schema, blob: new Uint8Array(0), value: () => value };
    }
    const schema = parseSchema(p.schema);
    let blob: Uint8Array;
    try {
      blob = encodeValue(schema, coerce(schema, raw));
    } catch (e) {
      throw new UsageError(`${where} must be ${p.type}: ${(e as Error).message}`);
    }
    return { schema: p.schema, blob, value: () => decodeValue(schema, blob) };
  });
}
