// `morloc typecheck [-r]`: the general type of every export and, with -r, the language each export
// runs in and the language chosen for each call (with its line and column), in source order.

import type { Host } from "../build/host";
import { typecheckModule } from "../compile";
import { select } from "../select";
import { calls } from "../select/ast";
import { describe } from "../interface/build";
import { showType } from "../types/type";
import { STRCAT } from "../types/interp";

/** `morloc typecheck`: the general type of every export; with `realized`, the language of each call. */
export async function typecheckReport(file: string, host: Host, realized: boolean): Promise<string> {
  const checked = await typecheckModule(file, host);
  const program = checked.program;
  const lines: string[] = [];
  for (const g of checked.generic) lines.push(`${g.name} :: ${g.type}`);
  if (!realized) {
    for (const cmd of checked.commands) {
      lines.push(`${cmd.name} :: ${showType(cmd.type)}`);
      for (const d of describe(program, cmd.name)) lines.push(`  -- ${d}`);
    }
    return lines.join("\n") + "\n";
  }
  for (const cmd of select(checked.commands)) {
    lines.push(`${cmd.name} :: ${showType(cmd.type)}`);
    for (const d of describe(program, cmd.name)) lines.push(`  -- ${d}`);
    lines.push(`  runs in: ${cmd.lang ?? "the nexus (no pool)"}`);
    // one line per call site, in the order of the source text
    const sites = new Map<string, { line: number; col: number; text: string }>();
    for (const node of calls(cmd.body)) {
      const key = `${node.term}@${node.span.file}:${node.span.line}:${node.span.col}`;
      // an interpolated literal's concatenation: shown only where a pool runs it
      const internal = node.term === STRCAT;
      if (internal && !cmd.lang) continue;
      const term = internal ? "string interpolation" : node.term;
      // a labelled call (docs/labels.md) names its label and where the label is written
      const label = node.label ? `, labelled ${node.label.name} (${node.label.span.line}:${node.label.span.col})` : "";
      if (!sites.has(key)) sites.set(key, { line: node.span.line, col: node.span.col, text: `  ${term} (${node.span.line}:${node.span.col}) -> ${node.impl.lang}${label}` });
    }
    lines.push(...[...sites.values()].sort((a, b) => a.line - b.line || a.col - b.col).map((c) => c.text));
  }
  return lines.join("\n") + "\n";
}
