// The morloc CLI as a user meets it, through dist/morloc: compile errors are rendered (file:line:col,
// the line, a caret) with exit 2 and no stack trace; usage mistakes are clear and exit 2.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
