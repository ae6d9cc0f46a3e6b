// `morloc list -v`: each export of a module file with its signature and the first line of its
// docstring, read from the parsed file alone (no imports are resolved).

import { readFileSync } from "node:fs";
import { parseModuleText } from "../frontend";
import type { Module, Signature } from "../frontend/ast";
import { showTypeExpr } from "./build";
import { readDoc } from "./directives";

/** Lines `name :: Type  -- summary` for the exports of the file's last module; empty if it cannot be read. */
export function exportSummaries(file: string): string[] {
  let modules: Module[];
  try {
    modules = parseModuleText(file, readFileSync(file, "utf8")).modules;
  } catch {
    return [];
  }
  const m = modules[modules.length - 1];
  if (!m) return [];
  const sigs = new Map<string, Signature>();
  for (const item of m.body) if (item.kind === "signature" && !sigs.has(item.name)) sigs.set(item.name, item);
  const names = m.exports === null ? [...sigs.keys()] : m.exports.map((n) => n.name);
  return names.map((name) => {
    const sig = sigs.get(name);
    const doc = sig?.docs?.head ? readDoc(sig.docs.head, () => {}).text[0] : undefined;
    return `${name}${sig ? ` :: ${showTypeExpr(sig.type)}` : ""}${doc ? `  -- ${doc}` : ""}`;
  });
}
