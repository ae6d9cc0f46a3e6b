// Current-morloc module forms (language-head.md A.1): `import m as n` with qualified terms, a file
// without a header as `module main (*)`, re-export through (*), export lists naming imports, class
// methods imported through their class only, and the reference's messages for what is rejected.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { resolve, type ModuleHost } from "../../src/resolve/index";
import { CompileError, CompileErrors } from "../../src/diagnostics";

function host(files: Record<string, string>): ModuleHost {
  return { libraryDirs: [], parse: parseModuleText, readText: async (p) => files[p] };
}

async function fails(entry: string, files: Record<string, string>): Promise<CompileError> {
  try {
    await resolve(entry, host(files));
  } catch (e) {
    if (e instanceof CompileError) return e;
    if (e instanceof CompileErrors) return e.errors[0]!;
    throw e;
  }
  throw new Error("expected a resolution error");
}

const geo = "module geo (area, perim, Shape)\ntype Shape = Real\narea :: Real -> Real\nperim :: Real -> Real\n";

test("import m as n: terms are n.f, types keep their names, and (*) does not re-export n.f", async () => {
  const r = await resolve("/p/main.loc", host({ "/p/main.loc": "import geo as g\nx = g.area 1\n", "/p/geo.loc": geo }));
  const terms = [...r.root.terms.keys()];
  expect(terms).toContain("g.area");
  expect(terms).toContain("g.perim");
  expect(terms).not.toContain("area");
  expect(r.root.exports.has("Shape")).toBe(true);
  expect(r.root.exports.has("g.area")).toBe(false);
  expect(r.root.exports.has("x")).toBe(true);
});

test("a file without a header is module main (*); (*) re-exports unqualified imports", async () => {
  const r = await resolve("/p/main.loc", host({ "/p/main.loc": "import hub\ny = area\n", "/p/hub.loc": "module hub (*)\nimport geo (area)\nz = 1\n", "/p/geo.loc": geo }));
  expect(r.root.name).toBe("main");
  expect([...r.root.exports].sort()).toEqual(["area", "y", "z"]);
});

test("an explicit export list may name imported symbols", async () => {
  const r = await resolve("/p/main.loc", host({ "/p/main.loc": "import hub (perim, Shape)\n", "/p/hub.loc": "module hub (perim, Shape)\nimport geo\n", "/p/geo.loc": geo }));
  expect(r.root.terms.has("perim")).toBe(true);
});

test("importing a class brings its methods; naming a method is rejected", async () => {
  const shapes = "module shapes (Area)\nclass Area a where\n  area :: a -> Real\n";
  const r = await resolve("/p/main.loc", host({ "/p/main.loc": "import shapes (Area)\nx = area\n", "/p/shapes.loc": shapes }));
  expect(r.root.terms.has("area")).toBe(true);
  const e = await fails("/p/main.loc", { "/p/main.loc": "import shapes (Area, area)\n", "/p/shapes.loc": shapes });
  expect(e.message).toContain("are typeclass methods");
  expect(e.message).toContain("which cannot be imported by name");
  expect([e.span!.line, e.span!.col]).toEqual([1, 22]);
});

test("unknown exports and missing imports are listed together, at the first", async () => {
  const e = await fails("/p/main.loc", { "/p/main.loc": "module main (x, nope, (<+>))\nx = 1\n" });
  expect(e.message).toBe("Module 'main' does not export the following terms or types: [nope, <+>]");
  expect([e.span!.line, e.span!.col]).toEqual([1, 17]);
  const m = await fails("/p/main.loc", { "/p/main.loc": "import geo (area, volume, Cube)\n", "/p/geo.loc": geo });
  expect(m.message).toBe("The terms imported from 'main' are not exported from module 'geo': [volume, Cube]");
  expect([m.span!.line, m.span!.col]).toEqual([1, 19]);
});

test("two modules of a file that nothing imports: unsupported multi-rooted module DAG", async () => {
  const e = await fails("/p/m.loc", { "/p/m.loc": "module a (x)\nx = 1\nmodule b (y)\ny = 2\n" });
  expect(e.message).toMatch(/^unsupported multi-rooted module DAG/);
});

test("several modules in one file: the root is the one nobody imports, wherever it stands", async () => {
  const r = await resolve("/p/m.loc", host({ "/p/m.loc": "module app (y)\nimport lib (x)\ny = x\nmodule lib (x)\nx = 1\n" }));
  expect(r.root.name).toBe("app");
});

test("cycles across files name the reference's message", async () => {
  const e = await fails("/p/main.loc", { "/p/main.loc": "module main (*)\nimport a\n", "/p/a.loc": "module a (*)\nimport main\nx = 1\n" });
  expect(e.message).toMatch(/^Cyclical import dependency in resolveImports/);
});
