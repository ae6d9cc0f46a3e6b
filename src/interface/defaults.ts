// Type-check a docstring `default:` (JSON text) against its parameter's schema at make time, with
// the same reader and encoder the nexus uses for command-line values.

import { parseSchema } from "../../shm/schema";
import { encodeValue } from "../../shm/value";
import { coerce } from "../nexus/args";
import { parseJson } from "../nexus/json";

/** Why `json` is not a valid default for the type, or undefined when it is. */
export function checkDefault(json: string, schema: string, type: string): string | undefined {
  let v: unknown;
  try {
    v = parseJson(json);
  } catch {
    return `default value is not valid JSON: ${json}${/^[A-Za-z]/.test(json) && schema === "s" ? ` (a Str default needs quotes: "${json}")` : ""}`;
  }
  if (schema.includes("*")) return undefined;
  try {
    const s = parseSchema(schema);
    encodeValue(s, coerce(s, v));
  } catch (e) {
    return `default value has the wrong shape. Expected: ${type}. Got: ${json} (${(e as Error).message})`;
  }
  return undefined;
}
