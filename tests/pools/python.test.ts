// Runs the Python pool runtime's own unittest suites (pools/python/tests/test_*.py) under bun test,
// so `npm test` covers the Python library where it lives. Modules are discovered, not listed.
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../../pools/python");
const modules = readdirSync(join(root, "tests"))
  .filter((f) => /^test_.*\.py$/.test(f))
  .map((f) => `tests.${f.replace(/\.py$/, "")}`);

for (const mod of modules) {
  test(`python unittest ${mod}`, () => {
    const r = Bun.spawnSync(["python3", "-m", "unittest", "-v", mod], { cwd: root, env: { ...process.env, PYTHONPATH: root } });
    const err = r.stderr.toString();
    if (r.exitCode !== 0) console.error(err);
    expect(err).toMatch(/Ran [1-9]\d* tests?/);
    expect(r.exitCode).toBe(0);
  }, 60_000);
}

test("the C++ packet test reads the shared packet vectors", () => {
  const out = join(import.meta.dir, "../.tmp");
  Bun.spawnSync(["mkdir", "-p", out]);
  const exe = join(out, "packet_test");
  const cpp = resolve(import.meta.dir, "../../pools/cpp");
  const build = Bun.spawnSync(["g++", "-O1", "-std=c++17", "-pthread", "-I", cpp, join(cpp, "tests/packet_test.cpp"), "-o", exe]);
  expect(build.stderr.toString()).toBe("");
  const run = Bun.spawnSync([exe, resolve(import.meta.dir, "../vectors/packets.json")]);
  if (run.exitCode !== 0) console.error(run.stdout.toString(), run.stderr.toString());
  expect(run.exitCode).toBe(0);
}, 120_000);
