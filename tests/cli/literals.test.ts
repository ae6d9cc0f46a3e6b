// Numeric literals that do not fit are positioned make-time errors (issue 21 items 5 and 6): an Int
// beyond 64 bits, a Real beyond a 64-bit float, and an Int literal beyond the C++ type it reaches.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-literals-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function make(loc: string, files: Record<string, string> = {}) {
  writeFileSync(join(work, "main.loc"), loc);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
  const p = Bun.spawnSync([morloc, "make", "-o", join(work, "nexus"), "main.loc"], { cwd: work, env: { ...process.env, XDG_CACHE_HOME: join(work, "cache") } });
  return { code: p.exitCode, err: p.stderr.toString() };
}

test("an Int literal beyond 64 bits is an error at its position, either sign", () => {
  for (const lit of ["99999999999999999999999", "9223372036854775808", "-9223372036854775809"]) {
    const r = make(`module m (big)\nimport types (Int)\nbig :: Int\nbig = ${lit}\n`);
    expect(r.code).toBe(2);
    expect(r.err).toContain("main.loc:4:7");
    expect(r.err).toContain(`integer literal ${lit} overflows Int`);
  }
});

test("the 64-bit limits themselves are fine", () => {
  expect(make("module m (lo, hi)\nimport types (Int)\nlo :: Int\nlo = -9223372036854775808\nhi :: Int\nhi = 9223372036854775807\n").code).toBe(0);
});

test("a Real literal that overflows a 64-bit float is an error at its position", () => {
  const r = make("module m (huge)\nimport types (Real)\nhuge :: Real\nhuge = 1.0e309\n");
  expect(r.code).toBe(2);
  expect(r.err).toContain("main.loc:4:8");
  expect(r.err).toContain("real literal 1.0e309 overflows");
});

test("an Int literal beyond the C++ type it reaches (int) is an error at its position", () => {
  const r = make('module m (f)\nsource Cpp from "c.hpp" ("g")\ntype Cpp => Int = "int"\ng :: Int -> Int\nf :: Int -> Int\nf x = g 5000000000\n', {
    "c.hpp": "#pragma once\ninline int g(int x) { return x; }\n",
  });
  expect(r.code).toBe(2);
  expect(r.err).toContain("main.loc:6:9");
  expect(r.err).toContain("overflows the C++ type int");
});
