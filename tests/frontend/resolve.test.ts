// Module resolution through an in-memory host: local files (a/b.loc, a/b/main.loc), library folders
// in order, several modules per file, and the errors (unexported import, undefined export, cycles,
// missing modules) naming the modules involved, at the place written.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { resolve, type ModuleHost } from "../../src/resolve/index";
import { CompileError, CompileErrors } from "../../src/diagnostics";

function host(files: Record<string, string>, libraryDirs: string[] = []): ModuleHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads, libraryDirs, parse: parseModuleText,
    async readText(path) {
      reads.push(path);
      return files[path];
    },
  };
}

async function fails(entry: string, h: ModuleHost): Promise<CompileError> {
  try {
    await resolve(entry, h);
  } catch (e) {
    if (e instanceof CompileError) return e;
    if (e instanceof CompileErrors) return e.errors[0]!;
    throw e;
  }
  throw new Error("expected a resolution error");
}

const names = (r: Awaited<ReturnType<typeof resolve>>) => r.modules.map((m) => `${m.name}@${m.file}`).sort();

test("a dotted import finds a/b.loc next to the importing file", async () => {
  const r = await resolve("/p/main.loc", host({
    "/p/main.loc": "module main (g)\nimport a.b (f)\ng = f\n",
    "/p/a/b.loc": "module a.b (f)\nf = 1\n",
  }));
  expect(names(r)).toEqual(["a.b@/p/a/b.loc", "main@/p/main.loc"]);
  expect(r.root.name).toBe("main");
  expect(r.root.terms.get("f")!.decls[0]!.module.name).toBe("a.b");
});

test("a dotted import finds a/b/main.loc when a/b.loc is absent", async () => {
  const h = host({
    "/p/main.loc": "module main (g)\nimport a.b (f as h)\ng = h\n",
    "/p/a/b/main.loc": "module a.b (f)\nf = 1\n",
  });
  const r = await resolve("/p/main.loc", h);
  expect(names(r)).toEqual(["a.b@/p/a/b/main.loc", "main@/p/main.loc"]);
  expect(r.root.terms.has("h")).toBe(true);
  expect(r.root.terms.has("f")).toBe(false);
  expect(h.reads.indexOf("/p/a/b.loc")).toBeLessThan(h.reads.indexOf("/p/a/b/main.loc"));
});

test("a file without a header serves the module it is found as", async () => {
  const r = await resolve("/p/main.loc", host({ "/p/main.loc": "import util\ny = x\n", "/p/util.loc": "x = 1\n" }));
  expect(r.root.name).toBe("main"); // `module main (*)`
  expect(names(r)).toEqual(["main@/p/main.loc", "util@/p/util.loc"]); // not a false "Main -> Main" cycle
});

test("library folders ($MORLOC_LIB, user, bundled) are searched in order, after the local folder", async () => {
  const files = {
    "/p/main.loc": "module main (*)\nimport m\nimport n\nimport k\n",
    "/env/m.loc": "module m (a)\na = 1\n",
    "/user/m.loc": "module m (b)\nb = 1\n",
    "/user/n/main.loc": "module n (c)\nc = 1\n",
    "/bundled/n.loc": "module n (d)\nd = 1\n",
    "/bundled/k.loc": "module k (e)\ne = 1\n",
    "/p/k.loc": "module k (z)\nz = 1\n",
  };
  const r = await resolve("/p/main.loc", host(files, ["/env", "/user", "/bundled"]));
  expect(names(r)).toEqual(["k@/p/k.loc", "m@/env/m.loc", "main@/p/main.loc", "n@/user/n/main.loc"]);
  expect([...r.root.terms.keys()].sort()).toEqual(["a", "c", "z"]);
});

test("several modules in one file import each other; the one nothing imports is the program", async () => {
  const r = await resolve("/p/m.loc", host({ "/p/m.loc": "module a (f)\nf = 1\nmodule b (g)\nimport a (f)\ng = f\nmodule (h)\nimport b\nh = g\n" }));
  expect(r.root.name).toBe("");
  expect(names(r)).toEqual(["@/p/m.loc", "a@/p/m.loc", "b@/p/m.loc"]);
});

test("two unimported modules in one file: no single program", async () => {
  const e = await fails("/p/m.loc", host({ "/p/m.loc": "module a (*)\nf = 1\nmodule b (*)\ng = 1\n" }));
  expect(e.code).toBe("NonSingularRoot");
  expect(e.message).toContain("(a, b)");
});

test("importing a name the module does not export names both modules, at the import item", async () => {
  const src = "module main (g)\nimport lib (f, hidden)\ng = f\n";
  const e = await fails("/p/main.loc", host({ "/p/main.loc": src, "/p/lib.loc": "module lib (f)\nf = 1\nhidden = 2\n" }));
  expect(e.code).toBe("ImportExportError");
  expect(e.message).toBe("The terms imported from 'main' are not exported from module 'lib': [hidden]");
  expect([e.span!.file, e.span!.line, e.span!.col]).toEqual(["/p/main.loc", 2, 16]);
});

test("a near miss gets a did-you-mean hint", async () => {
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "import lib (sumOfSquare)\n", "/p/lib.loc": "module lib (sumOfSquares)\nsumOfSquares = 1\n" }));
  expect(e.hint).toBe("did you mean 'sumOfSquares'?");
});

test("exporting an undefined name is an error at the export", async () => {
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "module main (f, nope)\nf = 1\n" }));
  expect(e.code).toBe("UndefinedExport");
  expect(e.message).toBe("Module 'main' does not export the following terms or types: [nope]");
  expect([e.span!.line, e.span!.col]).toEqual([1, 17]);
});

test("an undefined export in an imported module names that module and its file", async () => {
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "import lib\n", "/p/lib.loc": "module lib (T)\nf = 1\n" }));
  expect(e.message).toBe("Module 'lib' does not export the following terms or types: [T]");
  expect(e.span!.file).toBe("/p/lib.loc");
});

test("a cycle across files is reported with its path", async () => {
  const e = await fails("/p/main.loc", host({
    "/p/main.loc": "module main (*)\nimport a\n",
    "/p/a.loc": "module a (*)\nimport b\nx = 1\n",
    "/p/b.loc": "module b (*)\nimport a\ny = 1\n",
  }));
  expect(e.code).toBe("CyclicDependency");
  expect(e.message).toContain("main -> a -> b -> a");
});

test("modules of one file importing each other in a cycle", async () => {
  const e = await fails("/p/m.loc", host({ "/p/m.loc": "module a (*)\nimport b\nx = 1\nmodule b (*)\nimport a\ny = 1\n" }));
  expect(e.code).toBe("NonSingularRoot");
  expect(e.message).toContain("Cyclical import dependency in resolveImports");
});

test("a module importing itself", async () => {
  const alone = await fails("/p/m.loc", host({ "/p/m.loc": "module m (*)\nimport m\n" }));
  expect(alone.message).toMatch(/^Cyclical import dependency in resolveImports/);
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "import m\n", "/p/m.loc": "module m (*)\nimport m\n" }));
  expect(e.message).toBe("Cyclical import dependency in resolveImports: module m imports itself");
  expect([e.span!.file, e.span!.line]).toEqual(["/p/m.loc", 2]);
});

test("a missing module lists every place searched", async () => {
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "x = 1\nimport no.such\n" }, ["/lib"]));
  expect(e.code).toBe("CannotLoadModule");
  expect(e.message).toContain("cannot find module 'no.such'");
  expect(e.hint).toBe("searched: /p/no/such.loc, /p/no/such/main.loc, /lib/no/such.loc, /lib/no/such/main.loc; Maybe try running: morloc install no.such");
  expect([e.span!.line, e.span!.col]).toEqual([2, 1]);
});

test("a file found for a module must define it", async () => {
  const e = await fails("/p/main.loc", host({ "/p/main.loc": "import lib\n", "/p/lib.loc": "module other (*)\nx = 1\n" }));
  expect(e.message).toBe("file /p/lib.loc does not define module lib");
});

test("a syntax error in an imported module points into that module's file", async () => {
  try {
    await resolve("/p/main.loc", host({ "/p/main.loc": "import lib\n", "/p/lib.loc": "module lib (*)\nf = (1\ng = [\n" }));
    throw new Error("expected errors");
  } catch (e) {
    expect(e).toBeInstanceOf(CompileErrors);
    const errs = (e as CompileErrors).errors;
    expect(errs.map((x) => [x.span!.file, x.span!.line])).toEqual([["/p/lib.loc", 2], ["/p/lib.loc", 3]]);
  }
});
