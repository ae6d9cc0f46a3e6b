// The forms a result can be written in (`-f`, `-p`): one line of JSON (default), JSON lines (one
// line per element of a list), MessagePack, CSV (a list of records or of tuples), and `-p`: a Str
// printed raw, anything else as JSON indented by two spaces.

import { encode as msgpackEncode } from "@msgpack/msgpack";
import { formatJson, JsonNumber, plainJson } from "./json";
import { UsageError } from "./args";

export type Format = "json" | "jsonl" | "msgpack" | "csv";

export function render(value: unknown, format: Format, print: boolean): string | Uint8Array {
  switch (format) {
    case "msgpack":
      return msgpackEncode(plainJson(value), { useBigInt64: true });
    case "jsonl":
      return Array.isArray(value) ? value.map((v) => formatJson(v) + "\n").join("") : formatJson(value) + "\n";
    case "csv":
      return csv(value);
    default:
      if (print) return typeof value === "string" ? value + "\n" : pretty(value, "") + "\n";
      return formatJson(value) + "\n";
  }
}

/** JSON indented by two spaces; scalars print as in the compact form. */
function pretty(v: unknown, indent: string): string {
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[\n" + v.map((x) => inner + pretty(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof JsonNumber)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return "{}";
    return "{\n" + keys.map((k) => `${inner}${JSON.stringify(k)}: ${pretty((v as Record<string, unknown>)[k], inner)}`).join(",\n") + "\n" + indent + "}";
  }
  return formatJson(v);
}

/** CSV for a list of records or a table (header row of field names), or a list of tuples/lists (no header). */
function csv(value: unknown): string {
  // a table: a record of equally long columns, written row by row under its field names
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    const cols = Object.entries(value as Record<string, unknown>);
    if (cols.length > 0 && cols.every(([, c]) => Array.isArray(c) && c.length === (cols[0]![1] as unknown[]).length)) {
      const n = (cols[0]![1] as unknown[]).length;
      value = Array.from({ length: n }, (_, i) => Object.fromEntries(cols.map(([k, c]) => [k, (c as unknown[])[i]])));
    }
  }
  if (!Array.isArray(value)) throw new UsageError("-f csv needs a list of records or tuples as the result");
  const cell = (x: unknown): string => {
    const t = typeof x === "string" ? x : formatJson(x);
    return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const rows = value as unknown[];
  if (rows.length === 0) return "";
  const first = rows[0];
  if (first && typeof first === "object" && !Array.isArray(first) && !(first instanceof Uint8Array)) {
    const keys = Object.keys(first);
    return [keys.map(cell).join(","), ...rows.map((r) => keys.map((k) => cell((r as Record<string, unknown>)[k])).join(","))].join("\n") + "\n";
  }
  if (Array.isArray(first)) return rows.map((r) => (r as unknown[]).map(cell).join(",")).join("\n") + "\n";
  return rows.map((r) => cell(r)).join("\n") + "\n";
}
