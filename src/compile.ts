// The compiler pipeline, one stage per line: parse → resolve → typecheck → eta → select → generate.
// The build stage (src/build) then compiles the pools and packs the nexus.

import { parseModuleText } from "./frontend";
import type * as Src from "./frontend/ast";
import type { Host } from "./build/host";
import { resolve, type ModuleHost, type Resolved } from "./resolve";
import { typecheck } from "./types/infer";
import { select } from "./select";
import { calls } from "./select/ast";
import { etaExpand } from "./types/eta";
import { generate, type GeneratedProgram } from "./codegen";
import { typeFiles } from "./codegen/typefiles";
import { showType } from "./types/type";
import { resolve as absolute } from "node:path";
import { applyInterfaces, describe } from "./interface/build";

export async function compileToProgram(file: string, host: Host): Promise<GeneratedProgram> {
  const stage = timer(host);
  const program = await resolve(absolute(file), moduleHost(host)); // parse every module and link imports to exports
  stage(`parse+resolve: ${program.modules.length} module(s)`);
  const checked = typecheck(program); // general types; declarations inlined into one tree per export
  checked.warnings.forEach((w) => host.warn?.(w));
  stage(`typecheck: ${checked.commands.length} command(s)`);
  const commands = etaExpand(checked.commands); // every function value takes all of its arguments at once
  const selected = select(commands); // one implementation and language per call
  stage(`select: ${selected.reduce((n, c) => n + calls(c.body).length, 0)} call(s) placed`);
  const generated = await generate({ module: program.root.name, commands: selected, scope: checked.scope, typeFiles: typeFiles(program.modules) }, (p) => host.readFile(p)); // pool code + manifest
  stage(`generate: ${generated.files.map((f) => f.path).join(", ") || "no pools"}`);
  applyInterfaces(program, generated.manifest, (w) => host.warn?.(w)); // the command line from docstrings
  return generated;
}

/** Reports each stage and how long it took, when the user asked for -v. */
function timer(host: Host): (what: string) => void {
  let t = performance.now();
  return (what) => {
    const now = performance.now();
    host.log?.(`${what} in ${(now - t).toFixed(1)} ms`);
    t = now;
  };
}

/** The resolved ASTs of every module, for `morloc parse`. */
export async function parseOnly(file: string, host: Host): Promise<{ modules: { name: string; file: string; ast: Src.Module }[] }> {
  const program = await resolve(absolute(file), moduleHost(host));
  return { modules: program.modules.map((m) => ({ name: m.name, file: m.file, ast: m.ast })) };
}

/** `morloc typecheck`: the general type of every export; with `realized`, the language of each call. */
export async function typecheckReport(file: string, host: Host, realized: boolean): Promise<string> {
  const program: Resolved = await resolve(absolute(file), moduleHost(host));
  const checked = typecheck(program, true);
  checked.warnings.forEach((w) => host.warn?.(w));
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
      if (!sites.has(key)) sites.set(key, { line: node.span.line, col: node.span.col, text: `  ${node.term} (${node.span.line}:${node.span.col}) -> ${node.impl.lang}` });
    }
    lines.push(...[...sites.values()].sort((a, b) => a.line - b.line || a.col - b.col).map((c) => c.text));
  }
  return lines.join("\n") + "\n";
}

function moduleHost(host: Host): ModuleHost {
  return {
    libraryDirs: host.searchPath(),
    parse: parseModuleText,
    async readText(path) {
      if (!(await host.exists(path))) return undefined;
      try {
        return await host.readFile(path);
      } catch {
        return undefined;
      }
    },
  };
}
