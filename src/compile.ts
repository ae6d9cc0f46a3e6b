// The compiler pipeline, one stage per line: parse → resolve → typecheck → eta → select → generate
// (compileToProgram), then build (makeNexus): user sources checked, pools compiled, one executable.

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
import { buildNexus } from "./build/nexus";
import type { Assets } from "./build/assets";
import { basename, resolve as absolute } from "node:path";
import { applyInterfaces } from "./interface/build";
import { identityBase, moduleConfig, usedLabels } from "./labels";

type Checked = ReturnType<typeof typecheck>;

/**
 * `morloc make`: every stage, then build into the executable that `target` names from the module
 * name (the CLI checks it there: not a folder, not one of the inputs). Returns its path.
 */
export async function makeNexus(file: string, host: Host, assets: Assets, target: (module: string) => string, keep = false): Promise<string> {
  const generated = await compileToProgram(file, host); // parse → resolve → typecheck → eta → select → generate
  const stage = timer(host);
  const out = target(generated.moduleName);
  await buildNexus(host, generated, assets, { out, log: host.log, keep }); // check user sources, compile pools, embed all
  stage(`build: ${out}`);
  return out;
}

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
  const config = await moduleConfig(file, usedLabels(selected), host); // <module>.yaml against the labels the calls use
  const labels = config ? { config: config.config, base: await identityBase(program.sources, config, host) } : undefined;
  const generated = await generate({ module: programName(program.root.name, file), commands: selected, scope: checked.scope, typeFiles: typeFiles(program.modules) }, (p) => host.readFile(p), labels); // pool code + manifest
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

/** `morloc typecheck`: parse → resolve → typecheck, declarations checked too (src/cli/typecheck.ts prints it). */
export async function typecheckModule(file: string, host: Host): Promise<Checked & { program: Resolved }> {
  const program: Resolved = await resolve(absolute(file), moduleHost(host));
  const checked = typecheck(program, true);
  checked.warnings.forEach((w) => host.warn?.(w));
  return { ...checked, program };
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

/** An anonymous `module (*)` is named after its file (`stats.loc` → `stats`) in messages and the default output name. */
function programName(name: string, file: string): string {
  return name !== "" ? name : basename(file).replace(/\.loc$/, "") || "main";
}
