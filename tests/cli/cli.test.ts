// The morloc CLI as a user meets it, through dist/morloc: compile errors are rendered (file:line:col,
// the line, a caret) with exit 2 and no stack trace; usage mistakes are clear and exit 2.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  const p = Bun.spawnSync([morloc, ...args], { cwd: work, env: { ...process.env, XDG_CACHE_HOME: join(work, "cache") } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

/** A stack trace from Bun or Node has lines like "    at f (file.ts:1:2)". */
const STACK = /^\s+at .*[:(]/m;

test("a syntax error shows file:line:col and a caret, exits 2, and has no stack trace", () => {
  writeFileSync(join(work, "bad.loc"), "module bad (f)\n\nf x = (x +\n");
  const r = run("make", "bad.loc");
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/bad\.loc:\d+:\d+/);
  expect(r.err).toMatch(/^\s*\d* *\| *\s*\^/m);
  expect(r.err).not.toMatch(STACK);
  expect(existsSync(join(work, "nexus"))).toBe(false);
});

test("the same error from check and typecheck", () => {
  for (const cmd of ["check", "typecheck"]) {
    const r = run(cmd, "bad.loc");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.loc:\d+:\d+/);
    expect(r.err).not.toMatch(STACK);
  }
});

test("make of a missing file says which file, exits 2", () => {
  const r = run("make", "missing.loc");
  expect(r.code).toBe(2);
  expect(r.err).toContain("missing.loc");
  expect(r.err).toContain("no such file");
  expect(r.err).not.toMatch(STACK);
});

test("usage mistakes print the usage and exit 2", () => {
  expect(run().code).toBe(2);
  const unknown = run("frobnicate");
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain("frobnicate");
  const noFile = run("make");
  expect(noFile.code).toBe(2);
  expect(noFile.err).toContain("USAGE");
  expect(noFile.err).not.toMatch(/\x1b\[/);
});

test("--help lists the commands and exits 0", () => {
  const r = run("--help");
  expect(r.code).toBe(0);
  for (const c of ["make", "build", "typecheck", "parse", "check", "install"]) expect(r.out).toContain(c);
  expect(run("make", "--help").out).toContain("--output");
});

test("build defaults to main.loc and writes <module>-nexus, which runs from elsewhere", () => {
  writeFileSync(join(work, "main.loc"), "module hello (five)\n\nfive = 5\n");
  const r = run("build", "-v");
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/compile: .* ms/);
  const nexus = join(work, "hello-nexus");
  expect(existsSync(nexus)).toBe(true);
  const p = Bun.spawnSync([nexus, "five"], { cwd: "/" });
  expect(p.stdout.toString()).toBe("5\n");
  expect(p.exitCode).toBe(0);
});

test("make -o writes into a new folder; typecheck and parse print what they found", () => {
  expect(run("make", "-o", "out/deep/five", "main.loc").code).toBe(0);
  expect(existsSync(join(work, "out/deep/five"))).toBe(true);
  const t = run("typecheck", "main.loc");
  expect(t.code).toBe(0);
  expect(t.out).toContain("five :: Int");
  const p = run("parse", "main.loc");
  expect(p.code).toBe(0);
  expect(JSON.stringify(JSON.parse(p.out))).toContain("hello");
  expect(run("check", "main.loc")).toEqual({ code: 0, out: "", err: "" });
});

test("a signature more general than its body: make warns at file:line:col on stderr, exits 0, and the nexus runs", () => {
  writeFileSync(join(work, "wide.loc"), "module wide (use)\nimport types (Str)\n\nsame a :: (a, Str) -> (Str, Str)\nsame p = p\n\nuse :: (Str, Str) -> (Str, Str)\nuse p = same p\n");
  const r = run("make", "-o", "wide", "wide.loc");
  expect(r.code).toBe(0);
  expect(r.err).toContain("wide.loc:4:1: warning:");
  expect(r.err).toContain("(a, Str) -> (Str, Str)");
  expect(r.err).toContain("only (Str, Str) -> (Str, Str)");
  const p = Bun.spawnSync([join(work, "wide"), "use", '["x", "y"]']);
  expect(p.stdout.toString()).toBe('["x","y"]\n');
});

test("install copies a module folder into the user library", () => {
  const mod = join(work, "mymod");
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, "main.loc"), "module mymod (one)\none = 1\n");
  const p = Bun.spawnSync([morloc, "install", mod], { cwd: work, env: { ...process.env, XDG_DATA_HOME: join(work, "data") } });
  expect(p.exitCode).toBe(0);
  expect(existsSync(join(work, "data/morloc/lib/mymod/main.loc"))).toBe(true);
});
