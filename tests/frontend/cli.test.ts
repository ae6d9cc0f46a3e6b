// `morloc parse` and `morloc check` on real folders: the resolved AST of every module as JSON, local
// a/b/main.loc and $MORLOC_LIB modules, and every error of a file rendered with a caret, exit 2.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const main = resolve(import.meta.dir, "../../src/cli/main.ts");
const work = mkdtempSync(join(tmpdir(), "morloc-front-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string, fs: Record<string, string>): string {
  const root = join(work, dir);
  for (const [p, text] of Object.entries(fs)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

function run(cwd: string, env: Record<string, string>, ...args: string[]) {
  const p = Bun.spawnSync([process.execPath, main, ...args], {
    cwd, env: { ...process.env, XDG_DATA_HOME: join(work, "data"), XDG_CACHE_HOME: join(work, "cache"), MORLOC_LIB: "", ...env },
  });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

test("parse prints the resolved AST of every module as JSON: local a/b/main.loc and $MORLOC_LIB", () => {
  const lib = files("lib1", { "extra.loc": "module extra (e)\ne = 2\n" });
  const dir = files("p1", {
    "main.loc": "module main (f)\nimport a.b (g)\nimport extra (e)\nf = g e\n",
    "a/b/main.loc": "module a.b (g)\ng x = x\n",
  });
  const r = run(dir, { MORLOC_LIB: lib }, "parse", "main.loc");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  const json = JSON.parse(r.out) as { modules: { name: string; file: string; ast: any }[] };
  const byName = new Map(json.modules.map((m) => [m.name, m]));
  expect([...byName.keys()].sort()).toEqual(["a.b", "extra", "main"]);
  expect(byName.get("a.b")!.file).toBe(join(dir, "a/b/main.loc"));
  expect(byName.get("extra")!.file).toBe(join(lib, "extra.loc"));
  const m = byName.get("main")!.ast;
  expect(m.body.map((i: any) => i.kind)).toEqual(["import", "import", "decl"]);
  expect(m.body[2].body).toMatchObject({ kind: "app", fn: { kind: "var", name: "g" }, args: [{ kind: "var", name: "e" }] });
  expect(m.body[2].span).toMatchObject({ line: 4, col: 1 });
});

test("check and parse report every independent syntax error of a file, exit 2", () => {
  const dir = files("p2", { "bad.loc": "module bad (f)\nf x = (x\ng = 1\nh = [1,\nk = {a = }\n" });
  for (const cmd of ["check", "parse"]) {
    const r = run(dir, {}, cmd, "bad.loc");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    for (const at of ["bad.loc:2:9", "bad.loc:4:8", "bad.loc:5:10"]) expect(r.err).toContain(at);
    expect(r.err).toContain("3 errors");
    expect(r.err).toContain("5 | k = {a = }\n  |          ^");
    expect(r.err).not.toMatch(/^\s+at .*[:(]/m);
  }
});

test("an unexported import from a $MORLOC_LIB module names both modules, with a caret", () => {
  const lib = files("lib3", { "util/main.loc": "module util (pub)\npub = 1\npriv = 2\n" });
  const dir = files("p3", { "main.loc": "module main (f)\nimport util (pub, priv)\nf = pub\n" });
  const r = run(dir, { MORLOC_LIB: lib }, "check", "main.loc");
  expect(r.code).toBe(2);
  expect(r.err).toContain("main.loc:2:19: error: The terms imported from 'main' are not exported from module 'util': [priv]");
  expect(r.err).toContain("2 | import util (pub, priv)");
});

test("a cycle and a missing module are errors with exit 2", () => {
  const dir = files("p4", {
    "main.loc": "module main (*)\nimport a\n",
    "a.loc": "module a (*)\nimport b\nx = 1\n",
    "b.loc": "module b (*)\nimport a\ny = 1\n",
    "lost.loc": "module lost (*)\nimport nowhere\n",
  });
  const cyc = run(dir, {}, "check", "main.loc");
  expect(cyc.code).toBe(2);
  expect(cyc.err).toContain("main -> a -> b -> a");
  const lost = run(dir, {}, "parse", "lost.loc");
  expect(lost.code).toBe(2);
  expect(lost.err).toContain("lost.loc:2:1: error: cannot find module 'nowhere'");
  expect(lost.err).toContain("hint: searched: ");
});
