// Stage 5, generate: turns selected commands into pool source files per language and the nexus
// manifest. Takes the typed commands, the selection and the type scope; returns a GeneratedProgram
// that the build stage compiles and packs.

import { CompileError, type Span } from "../diagnostics";
import type { Manifest, PureExpr } from "../nexus/manifest";
import type { Selection } from "../select";
import type { Command, Core } from "../types/core";
import type { TypeScope } from "../types/scope";
import { showType, type Type } from "../types/type";
import { segment, userName } from "./common";
import { cppPool } from "./cpp";
import { pythonPool } from "./python";
import { pythonImports } from "./pyimports";
import { rPool } from "./r";
import { rImports } from "./rimports";
import type { TypeFiles } from "./typefiles";

export interface GeneratedFile {
  /** Path inside the nexus's unpacked folder. */
  path: string;
  contents: string | Uint8Array;
  executable?: boolean;
  /** For a user's source file shipped as it is: its path on disk, so the build can name it in errors. */
  origin?: string;
}

export interface GeneratedProgram {
  moduleName: string;
  manifest: Manifest;
  files: GeneratedFile[];
  /** The generated C++ file to compile into `pool-cpp`, or null when no C++ is needed. */
  cppMain: string | null;
  /** Libraries the C++ pool links with (`-l` names), from the modules' package.yaml. */
  cppLibs: string[];
}

/** Reads a user source file that must ship inside the nexus. */
export type ReadSource = (path: string) => Promise<string>;

export async function generate(moduleName: string, commands: Command[], selection: Selection, scope: TypeScope, read: ReadSource, objectFiles?: TypeFiles): Promise<GeneratedProgram> {
  const seg = segment(commands, selection, scope);
  seg.ctx.typeFiles = objectFiles;
  const files: GeneratedFile[] = [];
  const manifest: Manifest = { module: moduleName, pools: {}, commands: [] };

  /** Adds a pool's generated files and the user source files it needs shipped. */
  const addPool = async (pool: { files: GeneratedFile[]; ship: { from: string; to: string; span: Span }[] }, language: string) => {
    files.push(...pool.files);
    for (const f of pool.ship) {
      let text: string;
      try {
        text = await read(f.from);
      } catch {
        throw new CompileError("MissingSourceFile", `cannot read the ${language} source file ${f.from}`, f.span);
      }
      files.push({ path: f.to, contents: text, origin: f.from });
    }
  };
  const fnsOf = (lang: string) => seg.fns.filter((f) => f.lang === lang).map((f) => f.fn);
  const py = seg.manifolds.filter((m) => m.lang === "py");
  if (py.length > 0) {
    const pool = pythonPool(py, seg.ctx, fnsOf("py"));
    pool.ship.push(...(await pythonImports(pool.ship, read)));
    await addPool(pool, "Python");
    manifest.pools.py = ["python3", "{dir}/pool.py"];
  }
  const r = seg.manifolds.filter((m) => m.lang === "r");
  if (r.length > 0) {
    const pool = rPool(r, seg.ctx, fnsOf("r"));
    pool.ship.push(...(await rImports(pool.ship, read)));
    await addPool(pool, "R");
    manifest.pools.r = ["Rscript", "{dir}/pool.R"];
  }
  const cpp = seg.manifolds.filter((m) => m.lang === "cpp");
  let cppMain: string | null = null;
  const cppLibs = [...new Set([...selection.chosen.values()].filter((s) => s.lang === "cpp").flatMap((s) => s.links ?? []))];
  if (cpp.length > 0) {
    // A missing header is reported at the source statement, not later by g++.
    for (const src of new Set([...selection.chosen.values()].filter((x) => x.lang === "cpp" && x.path !== null)))
      await read(src.path!).catch(() => {
        throw new CompileError("MissingSourceFile", `cannot read the C++ source file ${src.path}`, src.span);
      });
    files.push({ path: "pool.cpp", contents: cppPool(cpp, seg.ctx, fnsOf("cpp")) });
    cppMain = "pool.cpp";
    manifest.pools.cpp = ["{dir}/pool-cpp"];
  }

  for (const cmd of commands) {
    const ret = commandReturn(cmd);
    const root = seg.root.get(cmd);
    // A command the nexus answers may keep generic types (language.md §2.9): its values never meet a pool.
    const names = new Map<number, string>();
    const params = cmd.params.map((p) => ({ name: userName(p.name), type: showType(p.type, names), schema: scope.schema(p.type, cmd.span, !root) }));
    const returns = { type: showType(ret, names), schema: scope.schema(ret, cmd.span, !root) };
    if (root) {
      manifest.commands.push({ name: cmd.name, params, return: returns, pool: root.lang, manifold: root.id, needs: seg.needs.get(cmd)! });
    } else {
      manifest.commands.push({ name: cmd.name, params, return: returns, pure: pure(cmd.body, cmd.params.map((p) => p.name)) });
    }
  }
  return { moduleName, manifest, files, cppMain, cppLibs };
}

function commandReturn(cmd: Command): Type {
  return cmd.body.type;
}

/** A command that needs no language: the nexus evaluates it from this template. */
function pure(c: Core, params: string[]): PureExpr {
  switch (c.k) {
    case "lit":
      switch (c.lit) {
        case "int":
          return { kind: "int", value: String(c.value) };
        case "real":
          return { kind: "real", value: c.value as number };
        case "str":
          return { kind: "str", value: c.value as string };
        case "bool":
          return { kind: "bool", value: c.value as boolean };
        case "unit":
          return { kind: "unit" };
      }
    // falls through (unreachable: every literal kind returns)
    case "list":
      return { kind: "list", items: (c as Extract<Core, { k: "list" }>).elems.map((e) => pure(e, params)) };
    case "tuple":
      return { kind: "tuple", items: c.elems.map((e) => pure(e, params)) };
    case "var": {
      const index = params.indexOf(c.name);
      return index < 0 ? { kind: "local", name: c.name } : { kind: "param", index };
    }
    case "let":
      return { kind: "let", name: c.name, value: pure(c.value, params), body: pure(c.body, params) };
    case "index":
      return { kind: "index", of: pure(c.expr, params), index: c.index };
    case "lam":
      return { kind: "lambda", params: c.params.map((p) => p.name), body: pure(c.body, params) };
    case "apply":
      return { kind: "apply", fn: pure(c.fn, params), args: c.args.map((a) => pure(a, params)) };
    case "record":
      return { kind: "record", fields: c.fields.map((f) => ({ name: f.key, value: pure(f.value, params) })) };
    case "alt":
      throw new Error("internal: an alternative survived selection");
    case "access":
      return { kind: "field", of: pure(c.expr, params), name: c.key };
    case "if":
      return { kind: "if", conds: c.conds.map((x) => pure(x, params)), then: pure(c.then, params), else: pure(c.else, params) };
    case "call":
    case "rcall":
      throw new CompileError("Unsupported", "functions inside a command that calls no sourced function are not supported yet", c.span);
  }
}
