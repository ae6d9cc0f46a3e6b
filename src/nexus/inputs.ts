// Reading each parameter's command-line input into a value (language-head.md B.2, "Value
// classification"): a Str takes the literal text (a JSON string literal is read as one); other types
// read `-` as standard input, inline JSON, or an existing file (JSON or MessagePack). `check.path`
// arguments must name a path that allows the access asked for. Unrolled records merge field
// defaults, a whole-record value and per-field options, in that order.

import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Command, ParamCli } from "./manifest";
import { argumentSource, decodeArgument, looksLikeJson, readSourceBytes, UsageError } from "./args";
import type { Input } from "./cli";
import { parseJson } from "./json";
import { isGeneric } from "./generic";

interface Ctx {
  /** Set once a value was read from standard input: it can be read once. */
  stdinBy?: string;
  exact: boolean;
  /** `argument #N` (from 0, as the reference counts) for check.path messages. */
  index: number;
  /** The command has docstrings: its Str arguments follow current morloc (the text, never a file). */
  documented: boolean;
}

/** Read every input of a command (files asynchronously: a FIFO may wait). */
export async function readInputs(c: Command, inputs: Input[]): Promise<unknown[]> {
  const out: unknown[] = [];
  const ctx: Ctx = { exact: false, index: 0, documented: !!c.description?.length || !!c.cli?.some((x) => x && x.kind !== "positional") || !!c.cli?.some((x) => x?.description?.length || x?.metavar) };
  for (const [k, p] of c.params.entries()) {
    const cli = c.cli?.[k];
    // options are known by their flag, documented positionals by their metavar
    const label = cli?.long ? `--${cli.long}` : cli?.short ? `-${cli.short}` : cli?.metavar ?? p.name;
    const where = `argument ${k + 1} (${label}) of ${c.name}`;
    ctx.exact = c.pure !== undefined && isGeneric(p.schema);
    ctx.index = k;
    try {
      out.push(await readInput(inputs[k]!, p.schema, c.cli?.[k] ?? { kind: "positional" }, ctx, where));
    } catch (e) {
      const msg = (e as Error).message;
      throw new UsageError(msg.startsWith("argument #") ? msg : `${where}: ${msg}`);
    }
  }
  return out;
}

const isStr = (schema: string) => schema === "s" || schema === "?s";

async function readInput(input: Input, schema: string, cli: ParamCli, ctx: Ctx, where: string): Promise<unknown> {
  if ("value" in input) return input.value;
  if ("json" in input) return parseJson(input.json, ctx.exact);
  if ("items" in input) {
    const elem = schema.startsWith("a") ? schema.slice(1) : schema;
    const each = { ...cli, many: false };
    const out: unknown[] = [];
    for (const item of input.items) out.push(await readInput(item, elem, each, ctx, where));
    return out;
  }
  if ("record" in input) return readRecord(input.record, schema, cli, ctx, where);
  return readToken(input.token, schema, cli, ctx);
}

/** One command-line token for one value. */
async function readToken(text: string, schema: string, cli: ParamCli, ctx: Ctx): Promise<unknown> {
  if (isStr(schema)) {
    if (cli.checkPath) {
      const path = text === "-" ? (cli.checkPath === "w" ? "/dev/stdout" : "/dev/stdin") : text;
      checkPath(path, cli.checkPath, `argument #${ctx.index}`);
      return path;
    }
    // an undocumented command keeps v0.51's reading of a Str from an existing .json/.mpk file
    if (!ctx.documented && /\.(json|mpk|msgpack)$/i.test(text) && existsSync(text) && statSync(text).isFile()) {
      const src = argumentSource(text);
      return decodeArgument(src, await readSourceBytes(src), ctx.exact);
    }
    // an undocumented command reads `null` for a ?Str as JSON null, as v0.51's JSON arguments did
    if (!ctx.documented && schema === "?s" && text === "null") return null;
    // a JSON string literal is the string it spells (v0.51 programs quote their strings)
    if (text.startsWith('"')) {
      try {
        const v = parseJson(text);
        if (typeof v === "string") return v;
      } catch {
        // not JSON: the text itself
      }
    }
    return text;
  }
  if (text === "-" || text === "/dev/stdin") {
    if (ctx.stdinBy !== undefined) {
      throw new UsageError(`stdin can only be read by a single argument per command`);
    }
    ctx.stdinBy = String(ctx.index);
    const src = { path: "/dev/stdin" };
    return decodeArgument(src, await readSourceBytes(src), ctx.exact);
  }
  if (!looksLikeJson(text) && !existsSync(text) && text !== "") {
    if (/[/\\]/.test(text) || /\.(json|mpk|msgpack|csv|tsv|arrow|parquet)$/i.test(text)) {
      throw new UsageError(`file '${text}' not found (no file named ${JSON.stringify(text)} exists)`);
    }
    throw new UsageError(
      `argument '${text}' is not inline JSON (a number, true, false, null, or text starting with [, { or ") and is not an existing file path (no file named ${JSON.stringify(text)} exists)`,
    );
  }
  const src = argumentSource(text);
  return decodeArgument(src, await readSourceBytes(src), ctx.exact);
}

/** Field defaults, then a whole-record value (JSON may be partial), then options per field. */
async function readRecord(r: Extract<Input, { record: unknown }>["record"], schema: string, cli: ParamCli, ctx: Ctx, where: string): Promise<unknown> {
  const fields = cli.fields ?? [];
  const obj: Record<string, unknown> = {};
  for (const [key, d] of r.defaults) obj[key] = await readInput(d, "", {kind: "positional"}, ctx, where);
  if (r.whole) {
    const v = await readInput(r.whole, schema, { kind: "positional" }, ctx, where);
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new UsageError(`the record value must be a JSON object, got ${JSON.stringify(v)}`);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!fields.some((f) => f.key === k)) throw new UsageError(`unknown field '${k}' in record bundle (fields: ${fields.map((f) => f.key).join(", ")})`);
      obj[k] = x;
    }
  }
  for (const [key, input] of r.given) {
    const f = fields.find((x) => x.key === key)!;
    try {
      obj[key] = await readInput(input, f.schema, f.cli, ctx, where);
    } catch (e) {
      throw new UsageError(`field '${key}': ${(e as Error).message}`);
    }
  }
  for (const f of fields) if (!(f.key in obj)) throw new UsageError(`field '${f.key}' has no value`);
  return obj;
}

/** `check.path`: r exists and is readable; w writable or creatable; x absent with a writable folder; rw both. */
export function checkPath(path: string, mode: string, who: string): void {
  const can = (p: string, m: number) => {
    try {
      accessSync(p, m);
      return true;
    } catch {
      return false;
    }
  };
  const exists = existsSync(path);
  const parentWritable = can(dirname(path) || ".", constants.W_OK);
  let ok: boolean;
  let need: string;
  switch (mode) {
    case "r":
      ok = exists && can(path, constants.R_OK) && !statSync(path).isDirectory();
      need = "to exist and be readable";
      break;
    case "w":
      ok = exists ? can(path, constants.W_OK) : parentWritable;
      need = "to be writable or creatable";
      break;
    case "x":
      ok = !exists && parentWritable;
      need = "not to exist, in a writable folder";
      break;
    default:
      ok = exists && can(path, constants.R_OK | constants.W_OK);
      need = "to exist and be readable and writable";
  }
  if (!ok) throw new UsageError(`${who}: check.path: ${mode} requires path '${path}' ${need}`);
}
