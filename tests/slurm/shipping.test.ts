// Shipping a nexus to a node: the C++ pool carries the compiler's runtime (no libstdc++/libgcc_s
// needed), and a node missing a piece (interpreter, shared library) gets one message naming it and
// the host, exit 3.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { missingPieces, parseLdd } from "../../src/nexus/preflight";

const repo = join(import.meta.dir, "../..");
const morloc = join(repo, "dist/morloc");
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "morloc-ship-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(argv: string[], env: Record<string, string> = {}, cwd = work) {
  const r = Bun.spawnSync(argv, { cwd, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

function make(name: string, loc: string, files: Record<string, string>): string {
  const d = join(work, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "main.loc"), loc);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  const r = run([morloc, "make", "-o", "nexus", "main.loc"], {}, d);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return join(d, "nexus");
}

const CPP = `module main (shout)
type Cpp => Str = "std::string"
source Cpp from "shout.hpp" ("shout")
shout :: Str -> Str
`;
const SHOUT = `#pragma once
#include <string>
#include <stdexcept>
std::string shout(std::string s) {
  if (s.empty()) throw std::runtime_error("nothing to shout");
  for (auto& c : s) c = (char)toupper(c);
  return s + "!";
}
`;

test("the unpacked C++ pool needs neither libstdc++ nor libgcc_s, and runs with an empty LD_LIBRARY_PATH", () => {
  const nexus = make("cpp", CPP, { "shout.hpp": SHOUT });
  // a copy alone in another folder, unpacking into a fresh cache, as on a node
  const node = join(work, "node");
  const empty = join(work, "empty-libs");
  mkdirSync(node, { recursive: true });
  mkdirSync(empty, { recursive: true });
  copyFileSync(nexus, join(node, "nexus"));
  const env = { XDG_CACHE_HOME: join(work, "cache-node"), LD_LIBRARY_PATH: empty };
  const r = run([join(node, "nexus"), "shout", '"hi"'], env, node);
  expect(r.err).toBe("");
  expect(r.out.trim()).toBe('"HI!"');
  // an exception still crosses (the unwinder is linked in statically too)
  const bad = run([join(node, "nexus"), "shout", '""'], env, node);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain("nothing to shout");

  const root = join(work, "cache-node/morloc/nexus");
  const [hash] = readdirSync(root).filter((n) => !n.startsWith("."));
  const pool = join(root, hash!, "pool-cpp");
  const ldd = run(["ldd", pool]);
  expect(ldd.code).toBe(0);
  expect(ldd.out).toContain("libc.so");
  expect(ldd.out).not.toContain("libstdc++");
  expect(ldd.out).not.toContain("libgcc_s");
}, 120_000);

test("a missing interpreter is one message naming it and the host, exit 3", () => {
  const nexus = make("py", `module main (twice)\nsource Py from "t.py" ("twice")\ntwice :: Int -> Int\n`, { "t.py": "def twice(x):\n    return 2 * x\n" });
  const ok = run([nexus, "twice", "4"]);
  expect(ok.out.trim()).toBe("8");
  const r = run([nexus, "twice", "4"], { MORLOC_PYTHON: "/nonexistent/bin/python3" });
  expect(r.code).toBe(3);
  expect(r.out).toBe("");
  expect(r.err.trim()).toBe(`main: cannot run on host ${hostname()}: the py pool needs /nonexistent/bin/python3, which is not there`);
}, 120_000);

test("a shared library the C++ pool links with, missing on this host, is named (not a loader trace)", () => {
  // a pool binary linked with libmlcmissing.so, which is then removed, stands for a node without it
  const d = join(work, "libtest");
  mkdirSync(join(d, "unpacked"), { recursive: true });
  writeFileSync(join(d, "lib.cpp"), "int answer() { return 42; }\n");
  writeFileSync(join(d, "main.cpp"), "int answer();\nint main() { return answer() == 42 ? 0 : 1; }\n");
  expect(run(["g++", "-shared", "-fPIC", "-o", join(d, "libmlcmissing.so"), join(d, "lib.cpp")]).code).toBe(0);
  const pool = join(d, "unpacked", "pool-cpp");
  expect(run(["g++", "-o", pool, join(d, "main.cpp"), `-L${d}`, "-lmlcmissing", `-Wl,-rpath,${d}`]).code).toBe(0);
  const manifest = { module: "m", pools: { cpp: ["{dir}/pool-cpp"] }, commands: [] };
  expect(missingPieces(manifest, join(d, "unpacked"), ["cpp"], (n) => n)).toBeNull();
  rmSync(join(d, "unpacked", `.libs-ok-${hostname()}`));
  rmSync(join(d, "libmlcmissing.so"));
  expect(missingPieces(manifest, join(d, "unpacked"), ["cpp"], (n) => n)).toBe(
    `cannot run on host ${hostname()}: the cpp pool needs the shared library libmlcmissing.so, which is not found`,
  );
}, 60_000);

test("ldd's report of a too-old glibc becomes the version needed", () => {
  const text = `./pool-cpp: /lib/x86_64-linux-gnu/libc.so.6: version \`GLIBC_2.38' not found (required by ./pool-cpp)\n\tlinux-vdso.so.1 (0x00007ffd)\n\tlibgsl.so.27 => not found\n`;
  expect(parseLdd(text)).toEqual(["glibc 2.38 or newer (this host's is older)", "the shared library libgsl.so.27, which is not found"]);
});
