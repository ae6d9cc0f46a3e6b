// Runs the R pool runtime's own tests (pools/r/tests/run.R) under bun test: the shared value vectors
// (tests/vectors/values.json, byte-identical encode and decode/re-encode) and packet vectors, turned
// into R calls here, plus the runtime's error-path and arena tests (pools/r/tests/arena.R).
// Skipped only when R is absent.
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSchema, type Schema } from "../../shm";
import { buildRSo, hasR } from "./r_build";

const root = resolve(import.meta.dir, "../..");
const out = join(root, "tests/.tmp/r");

/** An R string literal: ASCII only, other code points as \U{...} escapes. */
export function rString(s: string): string {
  let o = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") o += "\\" + ch;
    else if (cp < 32 || cp > 126) o += `\\U{${cp.toString(16)}}`;
    else o += ch;
  }
  return o + '"';
}

const INT_LIMIT = 2 ** 31;

/**
 * The R value of a JSON vector value read by its schema; null when R cannot hold it exactly.
 * Composite values are bound to temporaries in `pre`, so deep nesting does not overflow R's parser.
 */
function rValue(s: Schema, v: unknown, pre: string[]): string | null {
  const bind = (e: string) => {
    pre.push(`.t${pre.length} <- ${e}`);
    return `.t${pre.length - 1}`;
  };
  switch (s.kind) {
    case "unit":
      return "NULL";
    case "bool":
      return v ? "TRUE" : "FALSE";
    case "int":
    case "uint": {
      const n = BigInt(v as string);
      if (n > -BigInt(INT_LIMIT) && n < BigInt(INT_LIMIT)) return `${n}L`;
      return Number(n) === Number(n) && BigInt(Number(n)) === n && n < 2n ** 63n ? `${n}` : null;
    }
    case "float":
      if (v === "NaN") return "NaN";
      if (v === "Infinity") return "Inf";
      if (v === "-Infinity") return "-Inf";
      if (v === "-0") return "-0";
      return String(v);
    case "str":
      return rString(v as string);
    case "list": {
      const items = (v as unknown[]).map((x) => rValue(s.elem, x, pre));
      if (items.includes(null)) return null;
      const atomic = { bool: "logical(0)", int: "integer(0)", uint: "integer(0)", float: "numeric(0)", str: "character(0)" } as Record<string, string>;
      if (s.elem.kind in atomic) return items.length === 0 ? atomic[s.elem.kind]! : `c(${items.join(", ")})`;
      return bind(`list(${items.join(", ")})`);
    }
    case "tuple": {
      const items = s.items.map((t, i) => rValue(t, (v as unknown[])[i], pre));
      return items.includes(null) ? null : bind(`list(${items.join(", ")})`);
    }
    case "record": {
      const items = s.items.map((t, i) => rValue(t, (v as Record<string, unknown>)[s.keys[i]!], pre));
      return items.includes(null) ? null : bind(`setNames(list(${items.join(", ")}), c(${s.keys.map(rString).join(", ")}))`);
    }
    case "optional":
      return v === null ? "NULL" : rValue(s.inner, v, pre);
  }
}

function checksFile(): { path: string; skipped: string[] } {
  const values = JSON.parse(readFileSync(join(root, "tests/vectors/values.json"), "utf8")) as { name: string; schema: string; value: unknown; hex: string }[];
  const packets = JSON.parse(readFileSync(join(root, "tests/vectors/packets.json"), "utf8")).packets as Record<string, unknown>[];
  const lines: string[] = [];
  const skipped: string[] = [];
  for (const v of values) {
    const pre: string[] = [];
    const r = rValue(parseSchema(v.schema), v.value, pre);
    if (r === null) skipped.push(v.name);
    else lines.push(`local({ ${pre.join("; ")}${pre.length ? "; " : ""}check_value(${rString(v.name)}, ${rString(v.schema)}, ${r}, ${rString(v.hex)}) })`);
  }
  for (const p of packets) {
    lines.push(`check_packet(${rString(p.name as string)}, ${p.kind}, ${p.source}, ${p.format}, ${p.status}, ${p.call_id}, ${rString(String(p.request_id))}, ${rString(p.metadata_hex as string)}, ${rString(p.payload_hex as string)}, ${rString(p.packet_hex as string)})`);
  }
  mkdirSync(out, { recursive: true });
  const path = join(out, "checks.R");
  writeFileSync(path, lines.join("\n") + "\n");
  return { path, skipped };
}

if (!hasR) {
  test.skip("R runtime tests (Rscript is not installed)", () => {});
} else {
  test("R runtime: value and packet vectors, error paths, arena", async () => {
    const so = await buildRSo();
    const { path, skipped } = checksFile();
    // only vectors with integers that a double cannot hold exactly (|n| > 2^53) are out of R's reach:
    // today "int64 max" and "u8 max"; every other one encodes to the exact bytes and decodes to an
    // identical R value (run.R check_value)
    expect(skipped).toContain("int64 max");
    expect(skipped).toContain("u8 max");
    expect(skipped.length).toBeLessThanOrEqual(4);
    const r = Bun.spawnSync(["Rscript", join(root, "pools/r/tests/run.R"), so, path], { cwd: out });
    const text = r.stdout.toString() + r.stderr.toString();
    if (r.exitCode !== 0) console.error(text);
    expect(text).toMatch(/[1-9]\d* passed, 0 failed/);
    expect(r.exitCode).toBe(0);
  }, 120_000);
}
