// A nexus with a TypeScript pool runs alone: copied to another folder, its sources deleted, run
// from / with no `bun` on PATH (the pool runs on the nexus's own executable) and a fresh cache.
import { afterAll, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-ts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("a copied nexus runs its TypeScript pool from / without bun installed", () => {
  const src = join(work, "src");
  mkdirSync(join(src, "util"), { recursive: true });
  // tsbase's sources come from the library cache at make time: the copy needs them no more than f.ts
  writeFileSync(join(src, "main.loc"), 'module m (scale, total, folded)\nimport types (Int, Real, List)\nimport tsbase (fold, add)\nsource TS from "f.ts" ("scale", "total")\nscale :: Real -> [Real] -> [Real]\ntotal :: [Int] -> Int\nfolded :: [Int] -> Int\nfolded xs = fold add 0 xs\n');
  writeFileSync(join(src, "f.ts"), 'import { sum } from "./util/sum";\nexport const scale = (k: number, xs: number[]) => xs.map((x) => k * x);\nexport const total = (xs: bigint[]) => sum(xs);\n');
  writeFileSync(join(src, "util", "sum.ts"), "export const sum = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);\n");
  const env = { ...process.env, XDG_CACHE_HOME: join(work, "cache") };
  const made = Bun.spawnSync([morloc, "make", "-o", join(work, "nexus"), "main.loc"], { cwd: src, env });
  expect(made.stderr.toString()).toBe("");
  expect(made.exitCode).toBe(0);
  const alone = join(work, "elsewhere");
  mkdirSync(alone);
  cpSync(join(work, "nexus"), join(alone, "copy"));
  rmSync(src, { recursive: true });
  rmSync(join(work, "nexus"));
  const run = (...args: string[]) => Bun.spawnSync([join(alone, "copy"), ...args], { cwd: "/", env: { ...env, PATH: "/usr/bin:/bin", XDG_CACHE_HOME: join(work, "cache2") } });
  let p = run("scale", "2", "[1, 2.5]");
  expect(p.stderr.toString()).toBe("");
  expect(p.stdout.toString().trim()).toBe("[2.0,5.0]");
  p = run("total", "[9007199254740993, 1]");
  expect(p.stdout.toString().trim()).toBe("9007199254740994");
  p = run("folded", "[9007199254740993, 2]");
  expect(p.stderr.toString()).toBe("");
  expect(p.stdout.toString().trim()).toBe("9007199254740995");
}, 120_000);
