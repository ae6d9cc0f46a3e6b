// Build stage, end to end on a hand-written program: g++ with its cache, the embedded payload, the
// nexus running from another folder after being copied alone, and a g++ failure reported as such.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NEXUS_RUNTIME, type Assets } from "../../src/build/assets";
import { bunHost } from "../../src/build/host";
import { buildNexus } from "../../src/build/nexus";
import { CppCompileFailed } from "../../src/build/cpp";

let work: string;
let assets: Assets;
const saved = process.env.XDG_CACHE_HOME;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "morloc-buildtest-"));
  process.env.XDG_CACHE_HOME = join(work, "cache");
  const r = await Bun.build({ entrypoints: [join(import.meta.dir, "fake-runtime.ts")], target: "bun", outdir: join(work, "rt"), naming: NEXUS_RUNTIME });
  expect(r.success).toBe(true);
  mkdirSync(join(work, "assets/morloc"), { recursive: true });
  writeFileSync(join(work, "assets/morloc/greet.hpp"), `#pragma once\ninline const char* greet() { return "hello from a runtime header"; }\n`);
  writeFileSync(join(work, "assets/morloc/helper.py"), `WORD = "runtime package imported"\n`);
  assets = {
    origin: "repo",
    libHash: "none",
    files: [
      { path: NEXUS_RUNTIME, file: join(work, "rt", NEXUS_RUNTIME) },
      { path: "pools/cpp/morloc/greet.hpp", file: join(work, "assets/morloc/greet.hpp") },
      { path: "pools/python/morloc/helper.py", file: join(work, "assets/morloc/helper.py") },
    ],
  };
});

afterAll(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  rmSync(work, { recursive: true, force: true });
});

function program(userValue: number) {
  return {
    moduleName: "demo",
    manifest: { module: "demo", pools: {}, commands: [] },
    cppMain: "pool.cpp",
    files: [
      { path: "pool.cpp", contents: `#include <cstdio>\n#include "morloc/greet.hpp"\n#include "inc.hpp"\nint main() { std::printf("%s %d\\n", greet(), inc(${userValue})); }\n` },
      { path: "src/inc.hpp", contents: `inline int inc(int x) { return x + 1; }\n` },
      { path: "pool.py", contents: `from morloc.helper import WORD\nfrom src.sq import sq\nprint(WORD, sq(7))\n` },
      { path: "src/sq.py", contents: `def sq(x):\n    return x * x\n` },
    ],
  };
}

test("builds a nexus that runs after being copied alone", async () => {
  const lines: string[] = [];
  const out = join(work, "out", "nexus");
  await buildNexus(bunHost(null), program(41), assets, { out, log: (l) => lines.push(l) });
  expect(lines.join("\n")).toContain("g++: compiled");
  const alone = join(work, "elsewhere");
  mkdirSync(alone);
  cpSync(out, join(alone, "copy"));
  rmSync(out);
  const p = Bun.spawnSync([join(alone, "copy"), "a", "b"], { cwd: "/", env: { ...process.env } });
  const text = p.stdout.toString();
  expect(p.exitCode).toBe(0);
  expect(text).toContain("module=demo");
  expect(text).toContain("args=a,b");
  expect(text).toContain("pool-cpp: hello from a runtime header 42");
  expect(text).toContain("pool.py: runtime package imported 49");
  // Unpacked once, under the cache, with the C++ sources left out of the payload.
  const dir = text.split("\n").find((l) => l.startsWith("dir="))!.slice(4);
  expect(dir.startsWith(join(work, "cache", "morloc", "nexus"))).toBe(true);
  expect(existsSync(join(dir, "pool.cpp"))).toBe(false);
  expect(existsSync(join(dir, "manifest.json"))).toBe(true);
  expect(readdirSync(join(work, "cache", "morloc", "nexus")).filter((n) => n.startsWith(".tmp"))).toEqual([]);
}, 60000);

test("an unchanged C++ pool comes from the cache; a changed one is compiled", async () => {
  const lines: string[] = [];
  const out = join(work, "nexus2");
  await buildNexus(bunHost(null), program(41), assets, { out, log: (l) => lines.push(l) });
  expect(lines.join("\n")).toContain("g++: cached");
  lines.length = 0;
  await buildNexus(bunHost(null), program(1), assets, { out, log: (l) => lines.push(l) });
  expect(lines.join("\n")).toContain("g++: compiled");
  expect(Bun.spawnSync([out]).stdout.toString()).toContain("header 2");
}, 60000);

test("a g++ failure carries g++'s message", async () => {
  const bad = program(0);
  bad.files[0] = { path: "pool.cpp", contents: "int main() { return undefined_name; }\n" };
  const err = await buildNexus(bunHost(null), bad, assets, { out: join(work, "bad") }).catch((e) => e);
  expect(err).toBeInstanceOf(CppCompileFailed);
  expect(String(err.message)).toContain("undefined_name");
  expect(existsSync(join(work, "bad"))).toBe(false);
}, 60000);

test("a header outside the build, included by absolute path, is part of the cache key", async () => {
  const header = join(work, "user", "val.hpp");
  mkdirSync(join(work, "user"), { recursive: true });
  const prog = (n: number) => {
    writeFileSync(header, `inline int val() { return ${n}; }\n`);
    return { ...program(0), files: [{ path: "pool.cpp", contents: `#include <cstdio>\n#include "${header}"\nint main() { std::printf("val %d\\n", val()); }\n` }] };
  };
  const out = join(work, "nexus3");
  const lines: string[] = [];
  await buildNexus(bunHost(null), prog(5), assets, { out, log: (l) => lines.push(l) });
  await buildNexus(bunHost(null), prog(6), assets, { out, log: (l) => lines.push(l) });
  expect(lines.filter((l) => l.startsWith("g++")).map((l) => l.split(" ")[1])).toEqual(["compiled", "compiled"]);
  expect(Bun.spawnSync([out]).stdout.toString()).toContain("pool-cpp: val 6");
}, 60000);

test("concurrent first runs unpack once and all succeed", async () => {
  const out = join(work, "nexus4");
  await buildNexus(bunHost(null), program(41), assets, { out });
  const cache = join(work, "fresh-cache");
  const runs = Array.from({ length: 4 }, () => Bun.spawn([out], { env: { ...process.env, XDG_CACHE_HOME: cache }, stdout: "pipe" }));
  const texts = await Promise.all(runs.map((p) => new Response(p.stdout).text()));
  expect(await Promise.all(runs.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
  for (const t of texts) expect(t).toContain("pool-cpp: hello from a runtime header 42");
  expect(readdirSync(join(cache, "morloc", "nexus"))).toHaveLength(1);
}, 60000);
