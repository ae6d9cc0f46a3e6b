// `morloc typecheck [-r]`: the general type of every export and, with -r, the language each export
// runs in and the language chosen for each call (with its line and column), in source order.

import type { Host } from "../build/host";
import { typecheckModule } from "../compile";
import { select } from "../select";
import { showType } from "../types/type";

/** `morloc typecheck`: the general type of every export; with `realized`, the language of each call. */
export async function typecheckReport(file: string, host: Host, realized: boolean): Promise<string> {
  const checked = await typecheckModule(file, host);
  const lines: string[] = [];
  const selection = realized ? select(checked.commands) : null;
  for (const g of checked.generic) lines.push(`${g.name} :: ${g.type}`);
  for (const cmd of selection?.commands ?? checked.commands) {
    lines.push(`${cmd.name} :: ${showType(cmd.type)}`);
    if (selection) {
      const root = selection.rootLang.get(cmd);
      lines.push(`  runs in: ${root ?? "the nexus (no pool)"}`);
      // one line per call site, in the order of the source text
      const calls = new Map<string, { line: number; col: number; text: string }>();
      for (const [node, src] of selection.chosen) {
        const key = `${node.term}@${node.span.file}:${node.span.line}:${node.span.col}`;
        if (calls.has(key) || !containsNode(cmd.body, node)) continue;
        calls.set(key, { line: node.span.line, col: node.span.col, text: `  ${node.term} (${node.span.line}:${node.span.col}) -> ${src.lang}` });
      }
      lines.push(...[...calls.values()].sort((a, b) => a.line - b.line || a.col - b.col).map((c) => c.text));
    }
  }
  return lines.join("\n") + "\n";
}

function containsNode(root: unknown, node: unknown): boolean {
  if (root === node) return true;
  if (!root || typeof root !== "object") return false;
  for (const [k, v] of Object.entries(root)) {
    if (k === "span" || k === "type" || k === "cands" || k === "inst") continue;
    if (Array.isArray(v) ? v.some((x) => containsNode(x, node)) : containsNode(v, node)) return true;
  }
  return false;
}
