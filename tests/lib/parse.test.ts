// The bundled library (lib/): every module parses, names itself as its folder, exports names it
// defines or imports, and every source item points at a function its implementation file defines.
import { expect, test } from "bun:test";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseModuleText } from "../../src/frontend/index";

const lib = resolve(import.meta.dir, "..", "..", "lib");
const modules = readdirSync(lib).filter((n) => existsSync(join(lib, n, "main.loc"))).sort();

type Node = { kind: string; [k: string]: any };
const parse = (name: string) => {
  const file = join(lib, name, "main.loc");
  const prog = parseModuleText(file, readFileSync(file, "utf8"));
  expect(prog.modules.length).toBe(1);
  return prog.modules[0] as unknown as Node;
};

/** Source statements of a module, including those inside instances. */
function sources(body: Node[]): Node[] {
  return body.flatMap((b) => (b.kind === "source" ? [b] : b.kind === "instance" ? sources(b.items) : []));
}

/** Every name a module defines at top level or inside its instances and classes. */
function defined(body: Node[]): Set<string> {
  const out = new Set<string>();
  for (const b of body) {
    if (b.kind === "signature" || b.kind === "decl") out.add(b.name);
    if (b.kind === "source") for (const it of b.items) out.add(it.alias ?? it.name);
    if (b.kind === "instance") defined(b.items).forEach((n) => out.add(n));
    if (b.kind === "class") for (const s of b.sigs) out.add(s.name);
    if (b.kind === "import" && b.items) for (const it of b.items) out.add(it.alias ?? it.name);
  }
  return out;
}

test("the library has the expected modules", () => {
  for (const m of ["prelude", "types", "conventions", "pybase", "cppbase", "base"]) expect(modules).toContain(m);
});

for (const name of modules) {
  test(`lib/${name}/main.loc parses as module ${name}`, () => {
    const m = parse(name);
    expect(m.kind).toBe("module");
    expect(m.name).toBe(name);
  });
}

/** Every type and class some library module defines (a language module re-exports those it sees). */
const libraryTypes = (): Set<string> =>
  new Set(modules.flatMap((n) => (parse(n).body as Node[]).filter((b) => b.kind === "typedef" || b.kind === "class").map((b) => b.name as string)));

test("explicit export lists name only things the module defines, or types of the library", () => {
  const types = libraryTypes();
  for (const name of modules) {
    const m = parse(name);
    if (m.exports === "*" || !Array.isArray(m.exports)) continue;
    const have = defined(m.body);
    const missing = m.exports.map((e: Node) => e.name).filter((n: string) => !have.has(n) && !types.has(n));
    expect({ name, missing }).toEqual({ name, missing: [] });
  }
});

// A Python function is `def name(`; a C++ one is a definition `name(` after its return type.
const definesPy = (text: string, fn: string) => new RegExp(`^def ${fn}\\(`, "m").test(text);
const definesCpp = (text: string, fn: string) => new RegExp(`^[^\\n]*[\\w>&] ${fn}\\(`, "m").test(text);
const PY_BUILTINS = new Set(["str", "len"]);

for (const name of ["pybase", "cppbase"]) {
  test(`every ${name} source names a function its file defines`, () => {
    const m = parse(name);
    const bad: string[] = [];
    for (const s of sources(m.body)) {
      if (s.path === null) {
        for (const it of s.items) if (!PY_BUILTINS.has(it.name)) bad.push(`builtin ${it.name}`);
        continue;
      }
      const text = readFileSync(join(lib, name, s.path), "utf8");
      for (const it of s.items) {
        const ok = s.lang === "py" ? definesPy(text, it.name) : definesCpp(text, it.name);
        if (!ok) bad.push(`${s.path}: ${it.name}`);
      }
    }
    expect(bad).toEqual([]);
  });
}

test("conventions gives a signature with explicit generics to every implemented term", () => {
  const conv = parse("conventions");
  const sigs = new Map<string, Node>(conv.body.filter((b: Node) => b.kind === "signature").map((b: Node) => [b.name, b]));
  expect(sigs.size).toBeGreaterThanOrEqual(70);
  expect(sigs.get("map")!.generics).toEqual(["a", "b"]);
  expect(sigs.get("zipWith")!.generics).toEqual(["a", "b", "c"]);
  const methods = new Set(["show", "size", "le", "lt", "ge", "gt", "eq", "ne", "zero", "one", "add", "mul", "mod", "div",
    "neg", "sub", "pack", "unpack", "not", "and", "or"]);
  for (const name of ["pybase", "cppbase"]) {
    const m = parse(name);
    const terms = (m.exports as Node[]).map((e) => e.name).filter((n) => /^[a-z]/.test(n));
    const unsigned = terms.filter((n) => !sigs.has(n) && !methods.has(n));
    expect({ name, unsigned }).toEqual({ name, unsigned: [] });
  }
});
