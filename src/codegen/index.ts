// Stage 5, generate: turns the selected commands into pool source files per language and the nexus
// manifest. Builds the language-neutral plan once (./plan.ts), then lets each back end
// (./backend.ts) print its pool; returns a GeneratedProgram that the build stage compiles and packs.

import { CompileError } from "../diagnostics";
import type { LabelledCall, ModuleConfig } from "../nexus/labelled";
import type { Manifest, PureExpr } from "../nexus/manifest";
import type { Expr } from "../select/ast";
import { isStrcat } from "../types/interp";
import { showType, type Type } from "../types/type";
import type { Backend, GeneratedFile, ReadSource } from "./backend";
import { userName } from "./common";
import { cpp } from "./cpp";
import { buildPlan, type LabelledSite, type Selected } from "./plan";
import { python } from "./python";
import { r } from "./r";
import { ts } from "./ts";

export type { GeneratedFile, ReadSource } from "./backend";
export type { Selected } from "./plan";

/** Every pool language, in the order their files are written. Adding a language = one entry here. */
export const BACKENDS: Backend[] = [python, r, cpp, ts];

export interface GeneratedProgram {
  moduleName: string;
  manifest: Manifest;
  files: GeneratedFile[];
  /** The generated source to compile into a pool program (C++), or null when none is needed. */
  cppMain: string | null;
  /** Libraries that program links with (`-l` names), from the modules' package.yaml. */
  cppLibs: string[];
}

/** The module configuration of a program with labelled calls, and the hash every call's cache identity starts from. */
export interface LabelsInput {
  config: ModuleConfig;
  base: string;
}

export async function generate(input: Selected, read: ReadSource, labels?: LabelsInput): Promise<GeneratedProgram> {
  const plan = buildPlan(input, BACKENDS);
  const files: GeneratedFile[] = [];
  const manifest: Manifest = { module: input.module, pools: {}, commands: [] };
  const userTexts = new Map<string, string[]>(); // per pool: its user files, for cache identities

  for (const pool of plan.pools) {
    const backend = BACKENDS.find((b) => b.lang === pool.lang)!;
    files.push(...backend.print(pool, plan));
    // Every user file is read here: a missing one is reported at its source statement, not later
    // by the pool or the compiler; files used in place (shipDir null) are only checked.
    const user = [...pool.files, ...(backend.imports ? await backend.imports(pool.files, read) : [])];
    for (const f of user) {
      let text: string;
      try {
        text = await read(f.from);
      } catch {
        throw new CompileError("MissingSourceFile", { language: backend.name, file: f.from }, f.span);
      }
      if (backend.shipDir !== null) files.push({ path: f.to, contents: text, origin: f.from });
      userTexts.set(pool.lang, [...(userTexts.get(pool.lang) ?? []), `${f.from}\0${text}`]);
    }
    manifest.pools[pool.lang] = backend.start;
  }
  const main = files.find((f) => f.compile);

  if (plan.labelled.length) {
    manifest.labelled = plan.labelled.flatMap((site) => {
      const one = labelledCall(site, labels?.base ?? "", userTexts);
      if (!site.array) return [one];
      // the map over it: the list, then the element call's other arguments
      const { id, index } = site.array;
      const array: LabelledCall = { ...one, id, args: [`a${one.args[index]}`, ...one.args.filter((_, i) => i !== index)], ret: `a${one.ret}`, array: { index, elem: one.id } };
      return [one, array];
    });
    manifest.config = labels?.config ?? { labeledGroups: {} };
  }
  for (const { command: cmd, root, needs, labelled } of plan.commands) {
    const ret = commandReturn(cmd.body);
    // A command the nexus answers may keep generic types (language.md §2.9): its values never meet a pool.
    const names = new Map<number, string>();
    const params = cmd.params.map((p) => ({ name: userName(p.name), type: showType(p.type, names), schema: input.scope.schema(p.type, cmd.span, !root) }));
    const returns = { type: showType(ret, names), schema: input.scope.schema(ret, cmd.span, !root) };
    if (root) {
      manifest.commands.push({ name: cmd.name, params, return: returns, pool: root.lang, manifold: root.id, needs, ...(labelled ? { labelled: labelled.target.id } : {}) });
    } else {
      manifest.commands.push({ name: cmd.name, params, return: returns, pure: pure(cmd.body, cmd.params.map((p) => p.name)) });
    }
  }
  return { moduleName: input.module, manifest, files, cppMain: main?.path ?? null, cppLibs: main?.compile?.libs ?? [] };
}

/** A labelled call site as the manifest lists it; `ident` hashes what implements it (docs/labels.md). */
function labelledCall(site: LabelledSite, base: string, userTexts: Map<string, string[]>): LabelledCall {
  const m = site.target;
  const h = new Bun.CryptoHasher("sha256");
  h.update(`${base}\0${site.label}\0${m.id}\0${m.name}\0${m.lang}\0${m.params.map((p) => p.schema).join(",")}\0${m.ret.schema}\0`);
  for (const lang of site.needs) for (const t of userTexts.get(lang) ?? []) h.update(`${lang}\0${t}\0`);
  return {
    id: m.id, label: site.label, lang: m.lang, manifold: m.id, name: m.name,
    where: `${site.span.file}:${site.span.line}:${site.span.col}`,
    args: m.params.map((p) => p.schema), ret: m.ret.schema, needs: site.needs, ident: h.digest("hex"),
  };
}

function commandReturn(body: Expr): Type {
  return body.type;
}

/** A command that needs no language: the nexus evaluates it from this template. */
function pure(c: Expr, params: string[]): PureExpr {
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
        case "null":
          // the nexus holds Unit and Null alike as JSON null
          return { kind: "unit" };
      }
    // falls through (unreachable: every literal kind returns)
    case "list":
      return { kind: "list", items: (c as Extract<Expr, { k: "list" }>).elems.map((e) => pure(e, params)) };
    case "tuple":
      return { kind: "tuple", items: c.elems.map((e) => pure(e, params)) };
    case "var": {
      const index = params.indexOf(c.name);
      return index < 0 ? { kind: "local", name: c.name } : { kind: "param", index };
    }
    case "let":
      return { kind: "let", name: c.name, value: pure(c.value, params), body: pure(c.body, params) };
    case "if":
      return { kind: "if", conds: c.conds.map((x) => pure(x, params)), then: pure(c.then, params), else: pure(c.else, params) };
    case "record":
      return { kind: "record", fields: c.fields.map((f) => ({ name: f.key, value: pure(f.value, params) })) };
    case "access":
      return { kind: "field", of: pure(c.expr, params), name: c.key };
    case "index":
      return { kind: "index", of: pure(c.expr, params), index: c.index };
    case "at":
      return { kind: "at", of: pure(c.expr, params), index: pure(c.index, params), fn: c.fn };
    case "slice": {
      const part = (x: Expr | null) => (x === null ? null : pure(x, params));
      return { kind: "slice", of: pure(c.expr, params), start: part(c.start), stop: part(c.stop), step: part(c.step), fn: c.fn };
    }
    case "lam":
      return { kind: "lambda", params: c.params.map((p) => p.name), body: pure(c.body, params) };
    case "apply":
      return { kind: "apply", fn: pure(c.fn, params), args: c.args.map((a) => pure(a, params)) };
    case "each":
      return { kind: "each", of: pure(c.expr, params), name: c.param.name, body: pure(c.body, params) };
    case "call":
      if (isStrcat(c)) return { kind: "concat", items: c.args.map((a) => pure(a, params)) };
      throw new CompileError("Unsupported", { kind: "localFunction" }, c.span);
    case "rcall":
      throw new CompileError("Unsupported", { kind: "localFunction" }, c.span);
  }
}
