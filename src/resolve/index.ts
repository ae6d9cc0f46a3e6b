// Stage 2, resolve: loads the entry file and every module it imports (local folders, $MORLOC_LIB,
// the user library, the bundled library), checks imports against exports, and builds each module's
// term scope. Takes a file path and a ModuleHost; returns a Resolved program. No IO but the host.

import type * as Src from "../frontend/ast";
import { CompileError, type Span } from "../diagnostics";
import { applyImportedFixities, type Fixity } from "../frontend/fixity";

export interface ModuleHost {
  /** The text of a file, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Library folders searched after the importing module's own folder, in order. */
  libraryDirs: string[];
  parse(file: string, text: string): Src.Program;
}

export interface SourceDef {
  lang: Src.Lang;
  /** Absolute path of the source file; null for a language builtin. */
  path: string | null;
  /** The name in the foreign language. */
  foreignName: string;
  span: Span;
  /** Libraries a C++ source needs at link time, from `cpp-link:` in its module's package.yaml. */
  links?: string[];
}

export interface DeclDef {
  decl: Src.Declaration;
  /** The module whose scope the declaration's body is read in. */
  module: ModuleInfo;
}

export interface SigDef {
  sig: Src.Signature;
  module: ModuleInfo;
  /** Set when the signature is a method of a class: the class and its parameters. */
  cls?: { name: string; params: string[] };
}

/** One implementation of a class method, from an instance. */
export interface InstanceImpl {
  cls: string;
  /** The instance's types, one per class parameter (`instance Addable Real` → [Real]). */
  types: Src.TypeExpr[];
  impl: { kind: "source"; src: SourceDef } | { kind: "decl"; def: DeclDef };
  span: Span;
}

/** Everything a name means in one module's scope. Several entries are alternative implementations. */
export interface TermInfo {
  sigs: SigDef[];
  sources: SourceDef[];
  decls: DeclDef[];
  /** Implementations from instances, when the term is a class method. */
  instances: InstanceImpl[];
}

export interface ModuleInfo {
  name: string;
  file: string;
  dir: string;
  ast: Src.Module;
  terms: Map<string, TermInfo>;
  /** Type names visible here (defined or imported), for error messages. */
  exports: Set<string>;
  /** Every module this one imports, directly or through others: its own definitions override theirs. */
  deps: Set<string>;
}

export interface Resolved {
  root: ModuleInfo;
  modules: ModuleInfo[];
  /** Every type definition of every loaded module: concrete scopes are global, as in the reference. */
  typedefs: Src.TypeDef[];
  /** The module that wrote each type definition (a module's own concrete type overrides its imports'). */
  typedefOwners: Map<Src.TypeDef, ModuleInfo>;
  /** Types imported under another name (`import pybase (Map as Dict)`): the alias stands for the type. */
  typeRenames: { alias: string; name: string; span: Span }[];
  /** The text of every file read, for error rendering. */
  sources: Map<string, string>;
  /** Every class of every loaded module: classes travel along imports whatever the export lists say. */
  classes: Map<string, { params: string[]; methods: Map<string, SigDef> }>;
  /** Every instance member of every loaded module, by method name: packers are global, as in the reference. */
  instances: { method: string; impl: InstanceImpl }[];
}

const dirname = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) || "/" : ".");
const join = (a: string, b: string) => (b.startsWith("/") ? b : `${a.replace(/\/$/, "")}/${b}`);

export async function resolve(entry: string, host: ModuleHost): Promise<Resolved> {
  const sources = new Map<string, string>();
  const byName = new Map<string, ModuleInfo>();
  const loading = new Set<string>();
  const typedefs: Src.TypeDef[] = [];
  const typedefOwners = new Map<Src.TypeDef, ModuleInfo>();
  const typeRenames: Resolved["typeRenames"] = [];
  const fileModules = new Map<string, Src.Module[]>();
  const classes: Resolved["classes"] = new Map();
  const instances: Resolved["instances"] = [];

  const readProgram = async (file: string): Promise<Src.Module[]> => {
    const known = fileModules.get(file);
    if (known) return known;
    const text = await host.readText(file);
    if (text === undefined) throw new CompileError("CannotLoadModule", { kind: "unreadable", file });
    sources.set(file, text);
    const prog = host.parse(file, text);
    fileModules.set(file, prog.modules);
    return prog.modules;
  };

  const load = async (ast: Src.Module, file: string): Promise<ModuleInfo> => {
    const existing = byName.get(ast.name);
    if (existing && existing.file === file) return existing;
    if (loading.has(ast.name))
      throw new CompileError("CyclicDependency", { cycle: [...loading, ast.name] }, ast.span);
    loading.add(ast.name);
    const info: ModuleInfo = { name: ast.name, file, dir: dirname(file), ast, terms: new Map(), exports: new Set(), deps: new Set() };
    const links = cppLinks(await host.readText(join(info.dir, "package.yaml")));
    const term = (name: string) => {
      let t = info.terms.get(name);
      if (!t) info.terms.set(name, (t = { sigs: [], sources: [], decls: [], instances: [] }));
      return t;
    };
    const typeNames = new Set<string>();
    /** Terms imported under a module alias (`n.f`). */
    const qualified = new Set<string>();
    // A fixity follows its operator: rebuild this module's operator chains with the imported ones first.
    const imported = new Map<string, { fixity: Fixity; span: Span }>();
    for (const item of ast.body) {
      if (item.kind !== "import" || item.module === ast.name || item.as) continue;
      const dep = await findModule(item.module, file, item.span);
      const fixities = (await load(dep.ast, dep.file)).ast.fixities ?? {};
      for (const it of item.items ?? Object.keys(fixities).map((n) => ({ name: n, alias: n, span: item.span })))
        if (fixities[it.name]) imported.set(it.alias, { fixity: fixities[it.name]!, span: it.span });
    }
    ast.fixities = applyImportedFixities(ast, imported);
    for (const item of ast.body) {
      switch (item.kind) {
        case "import": {
          if (item.module === ast.name) throw new CompileError("SelfImport", { module: ast.name }, item.span);
          const dep = await findModule(item.module, file, item.span);
          const depInfo = await load(dep.ast, dep.file);
          info.deps.add(depInfo.name);
          for (const d of depInfo.deps) info.deps.add(d);
          const wanted = item.items ?? [...depInfo.exports].map((n) => ({ name: n, alias: n, span: item.span }));
          checkImportItems(ast.name, depInfo, item.items ?? []);
          // importing a class brings its methods, under their own names
          const named = new Set(wanted.map((it) => it.name));
          const withMethods = wanted.flatMap((it) => [it, ...[...(classMethodsOf(depInfo, it.name) ?? [])].filter((m) => !named.has(m) && named.add(m)).map((m) => ({ name: m, alias: m, span: it.span }))]);
          for (const it of withMethods) {
            const def = depInfo.terms.get(it.name);
            if (def) {
              // `import m as n`: terms are n.f (methods keep their names, as types and classes do)
              const name = item.as && !classMethodsOf(depInfo, it.name, true) ? `${item.as}.${it.alias}` : it.alias;
              if (name !== it.alias) qualified.add(name);
              const t = term(name);
              t.sigs.push(...def.sigs);
              t.sources.push(...def.sources);
              t.decls.push(...def.decls);
              for (const inst of def.instances) if (!t.instances.includes(inst)) t.instances.push(inst);
            } else {
              typeNames.add(it.alias);
              if (it.alias !== it.name) typeRenames.push({ alias: it.alias, name: it.name, span: it.span });
            }
          }
          break;
        }
        case "source":
          for (const s of item.items)
            term(s.alias).sources.push({
              lang: item.lang,
              path: item.path === null ? null : join(info.dir, item.path),
              foreignName: s.name,
              span: s.span,
              links: item.lang === "cpp" ? links : undefined,
            });
          break;
        case "signature":
          term(item.name).sigs.push({ sig: item, module: info });
          break;
        case "decl":
          term(item.name).decls.push({ decl: item, module: info });
          break;
        case "typedef":
          typedefs.push(item);
          typedefOwners.set(item, info);
          typeNames.add(item.name);
          break;
        case "class":
          {
            const methods = new Map<string, SigDef>();
            for (const s of item.sigs) {
              const def: SigDef = { sig: s, module: info, cls: { name: item.name, params: item.params } };
              term(s.name).sigs.push(def);
              methods.set(s.name, def);
            }
            classes.set(item.name, { params: item.params, methods });
          }
          typeNames.add(item.name);
          break;
        case "instance":
          for (const it of item.items)
            if (it.kind === "decl") {
              const impl: InstanceImpl = { cls: item.cls, types: item.types, impl: { kind: "decl", def: { decl: it, module: info } }, span: it.span };
              term(it.name).instances.push(impl);
              instances.push({ method: it.name, impl });
            }
            else
              for (const s of it.items) {
                const src: SourceDef = { lang: it.lang, path: it.path === null ? null : join(info.dir, it.path), foreignName: s.name, span: s.span, links: it.lang === "cpp" ? links : undefined };
                const impl: InstanceImpl = { cls: item.cls, types: item.types, impl: { kind: "source", src }, span: s.span };
                term(s.alias).instances.push(impl);
                instances.push({ method: s.alias, impl });
              }
          break;
        case "exprstmt":
          term("__expr__").decls.push({ decl: { kind: "decl", name: "__expr__", params: [], body: item.expr, where: [], span: item.span }, module: info });
          break;
      }
    }
    if (ast.exports === null) {
      // `(*)`: everything defined here and every unqualified import (not the `n.f` of `import m as n`)
      for (const n of info.terms.keys()) if (!qualified.has(n)) info.exports.add(n);
      for (const n of typeNames) info.exports.add(n);
    } else {
      const unknown = ast.exports.filter((e) => !info.terms.has(e.name) && !typeNames.has(e.name));
      if (unknown.length > 0)
        throw new CompileError(
          "UndefinedExport",
          { module: ast.name, names: unknown.map((e) => e.name), suggestion: nearest(unknown[0]!.name, [...info.terms.keys(), ...typeNames]) },
          unknown[0]!.span,
        );
      for (const e of ast.exports) info.exports.add(e.name);
      if (info.terms.has("__expr__")) info.exports.add("__expr__");
    }
    loading.delete(ast.name);
    byName.set(ast.name, info);
    return info;
  };

  /** Finds module `name` imported from `fromFile`: same file, then folders, then libraries. */
  const findModule = async (name: string, fromFile: string, span: Span): Promise<{ ast: Src.Module; file: string }> => {
    const same = fileModules.get(fromFile)?.find((m) => m.name === name);
    if (same) return { ast: same, file: fromFile };
    // `import .a.b` is found from the project root (the entry file's folder) only.
    const local = name.startsWith(".");
    const rel = (local ? name.slice(1) : name).split(".").join("/");
    const tried: string[] = [];
    // A bare import also falls back to the project root, as the reference still does (deprecated).
    const bases = local ? [dirname(entry)] : [...new Set([dirname(fromFile), ...host.libraryDirs, dirname(entry)])];
    for (const base of bases) {
      for (const cand of [join(base, `${rel}.loc`), join(base, `${rel}/main.loc`)]) {
        tried.push(cand);
        if (!fileModules.has(cand) && (await host.readText(cand)) === undefined) continue;
        const mods = await readProgram(cand);
        // A file without a header serves as the module it was found as (not as a second "Main").
        // Likewise an anonymous `module (*)`, and any lone module reached by a relative import.
        const lone = mods.length === 1 && (mods[0]!.name === "main" || mods[0]!.name === "" || local);
        const found = mods.find((m) => m.name === name) ?? (lone ? { ...mods[0]!, name } : undefined);
        if (!found) throw new CompileError("CannotLoadModule", { kind: "notDefined", file: cand, name }, span);
        return { ast: found, file: cand };
      }
    }
    throw new CompileError("CannotLoadModule", { kind: "notFound", name, tried, installable: !local }, span);
  };

  const mods = await readProgram(entry);
  const imported = new Set(mods.flatMap((m) => m.body.flatMap((i) => (i.kind === "import" ? [i.module] : []))));
  const roots = mods.filter((m) => !imported.has(m.name));
  if (roots.length !== 1)
    throw new CompileError(
      "NonSingularRoot",
      roots.length === 0 ? { kind: "cycle", entry } : { kind: "several", entry, roots: roots.map((m) => m.name || "<empty>") },
      (roots[1] ?? mods[0])?.span,
    );
  const root = await load(roots[0]!, entry);

  /** The methods of class `name` when `dep` exports it (its own class only, with `own`). */
  function classMethodsOf(dep: ModuleInfo, name: string, own = false): Set<string> | undefined {
    if (own) {
      // is `name` a method of a class `dep` exports?
      for (const [cls, c] of classes) if (c.methods.has(name) && dep.exports.has(cls)) return new Set([cls]);
      return undefined;
    }
    const c = classes.get(name);
    return c && dep.exports.has(name) ? new Set(c.methods.keys()) : undefined;
  }

  /** Every named item must be exported; a method of a class the module declares is imported through its class. */
  function checkImportItems(importer: string, dep: ModuleInfo, items: Src.ImportItem[]): void {
    // a method of a class `dep` declares comes with its class, never by name
    const owners = (name: string) => [...classes].flatMap(([cls, c]) => (c.methods.get(name)?.module === dep ? [cls] : []));
    const methods = items.filter((it) => owners(it.name).length > 0);
    if (methods.length > 0) {
      const classNames = [...new Set(methods.flatMap((it) => owners(it.name)))];
      throw new CompileError(
        "ImportExportError",
        { kind: "method", from: dep.name, names: methods.map((it) => it.name), classes: classNames },
        methods[0]!.span,
      );
    }
    const missing = items.filter((it) => !dep.exports.has(it.name));
    if (missing.length > 0)
      throw new CompileError(
        "ImportExportError",
        { kind: "notExported", importer, from: dep.name, names: missing.map((it) => it.name), suggestion: nearest(missing[0]!.name, [...dep.exports]) },
        missing[0]!.span,
      );
  }

  return { root, modules: [...byName.values()], typedefs, typedefOwners, typeRenames, sources, classes, instances };
}

/**
 * Link libraries from a module's package.yaml: a line `cpp-link: [m, gsl, gslcblas]` (or a
 * comma-separated list without brackets). Other keys are metadata and ignored.
 */
export function cppLinks(yaml: string | undefined): string[] {
  const line = yaml?.split("\n").find((l) => /^cpp-link\s*:/.test(l));
  if (!line) return [];
  return line
    .replace(/^cpp-link\s*:/, "")
    .replace(/[\[\]"']/g, "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => /^[A-Za-z0-9_+.-]+$/.test(x));
}

/** A hint naming the closest known name, as Elm does for a typo. */
export function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best === undefined ? undefined : `did you mean '${best}'?`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
