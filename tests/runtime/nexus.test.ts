// End-to-end runtime test: hand-written Python and C++ pools (written exactly as generated code
// would call the runtime), a hand-made manifest, and runNexus in a child Bun process. After each
// run: no /dev/shm segment, no pool process and no run folder of that nexus may remain.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");
let dir = "";

const POOL_PY = `
import os, sys, time
sys.path.insert(0, ${JSON.stringify(join(ROOT, "pools/python"))})
from morloc.pool import serve, foreign_call

def square(x):
    print("printing from python must not reach the nexus's stdout")
    return x * x

def m3(x):
    return square(x)

def m4(x):
    return foreign_call("cpp", 5, [x + 1], ["i8"], "i8") + 1

def m6(x):
    return 1 / x

def m7(x):
    os.kill(os.getpid(), 9)

def m8(xs):
    return sum(xs)

def m22(*xss):
    return sum(sum(xs) for xs in xss)

def m20(n):
    return 0 if n == 0 else foreign_call("cpp", 21, [n - 1], ["i8"], "i8") + 1

serve({3: (m3, ["i8"], "i8", "square"), 4: (m4, ["i8"], "i8"), 6: (m6, ["f8"], "f8", "inverse"),
       7: (m7, ["i8"], "i8"), 8: (m8, ["af8"], "f8"), 20: (m20, ["i8"], "i8"),
       22: (m22, ["af8"] * 8, "f8")})
`;

const POOL_CPP = `
#include "morloc/pool.hpp"
#include <cstdint>
#include <vector>

// cpp -> py -> cpp: m4 in Python calls m5 here again
int64_t m1(int64_t x) { return morloc::foreign_call<int64_t>("py", 4, "i8", {"i8"}, x) * 10; }
int64_t m5(int64_t x) { return morloc::foreign_call<int64_t>("py", 3, "i8", {"i8"}, x); }
// a C++ "map" calling Python per element, each call re-entering C++
std::vector<int64_t> m9(const std::vector<int64_t>& xs) {
  std::vector<int64_t> out;
  for (auto x : xs) out.push_back(m1(x));
  return out;
}
double m10(double x) { return morloc::foreign_call<double>("py", 6, "f8", {"f8"}, x); }
std::vector<double> m11(int64_t n) { return std::vector<double>(size_t(n), 0.5); }
double m12(int64_t n) { return morloc::foreign_call<double>("py", 8, "f8", {"af8"}, m11(n)); }
// Python killed while C++ waits on it
int64_t m13(int64_t x) { return morloc::foreign_call<int64_t>("py", 7, "i8", {"i8"}, x); }
// ping-pong recursion C++ <-> Python, one connection and thread per level
int64_t m21(int64_t n) { return n == 0 ? 0 : morloc::foreign_call<int64_t>("py", 20, "i8", {"i8"}, n - 1) + 1; }

int main(int argc, char** argv) {
  morloc::Pool pool(argc, argv);
  pool.add(1, morloc::manifold(m1, "i8", {"i8"}));
  pool.add(5, morloc::manifold(m5, "i8", {"i8"}));
  pool.add(9, morloc::manifold(m9, "ai8", {"ai8"}));
  pool.add(10, morloc::manifold(m10, "f8", {"f8"}));
  pool.add(11, morloc::manifold(m11, "af8", {"i8"}));
  pool.add(12, morloc::manifold(m12, "f8", {"i8"}));
  pool.add(13, morloc::manifold(m13, "i8", {"i8"}));
  pool.add(21, morloc::manifold(m21, "i8", {"i8"}));
  return pool.run();
}
`;

const I = { type: "Int", schema: "i8" };
const R = { type: "Real", schema: "f8" };
const cmd = (name: string, pool: string, manifold: number, params: object[], ret: object, needs = ["cpp", "py"]) =>
  ({ name, params, return: ret, pool, manifold, needs });
const MANIFEST = {
  module: "rt",
  pools: { py: ["python3", "{dir}/pool.py"], cpp: ["{dir}/pool-cpp"] },
  commands: [
    cmd("chain", "cpp", 1, [{ name: "x", ...I }], I),
    cmd("mapChain", "cpp", 9, [{ name: "xs", type: "[Int]", schema: "ai8" }], { type: "[Int]", schema: "ai8" }),
    cmd("divide", "cpp", 10, [{ name: "x", ...R }], R),
    cmd("crash", "py", 7, [{ name: "x", ...I }], I, ["py"]),
    cmd("big", "cpp", 11, [{ name: "n", ...I }], { type: "[Real]", schema: "af8" }, ["cpp"]),
    cmd("bigToPy", "cpp", 12, [{ name: "n", ...I }], R),
    cmd("crashBehind", "cpp", 13, [{ name: "x", ...I }], I),
    cmd("deep", "cpp", 21, [{ name: "n", ...I }], I),
    cmd("sum8", "py", 22, Array.from({ length: 8 }, (_, k) => ({ name: `xs${k}`, type: "[Real]", schema: "af8" })), R, ["py"]),
    cmd("sumPy", "py", 8, [{ name: "xs", type: "[Real]", schema: "af8" }], R, ["py"]),
  ],
};

async function nexus(...args: string[]) {
  const proc = Bun.spawn(["bun", join(dir, "nexus.ts"), ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { out, err, code, pid: proc.pid };
}

/** Nothing of nexus `pid` may remain: segments, run folder, pool processes. */
function expectClean(pid: number) {
  expect(readdirSync("/dev/shm").filter((n) => n.startsWith(`mlc-${pid}-`))).toEqual([]);
  expect(readdirSync("/tmp").filter((n) => n.startsWith(`mlc-${pid}-`))).toEqual([]);
  const pools = readdirSync("/proc").filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/environ`, "latin1").includes(`MORLOC_RUN_DIR=/tmp/mlc-${pid}-`);
    } catch {
      return false;
    }
  });
  expect(pools).toEqual([]);
}

beforeAll(() => {
  dir = mkdtempSync("/tmp/morloc-rt-test-");
  writeFileSync(join(dir, "pool.py"), POOL_PY);
  writeFileSync(join(dir, "pool.cpp"), POOL_CPP);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(MANIFEST));
  writeFileSync(join(dir, "nexus.ts"), `import { runNexus } from ${JSON.stringify(join(ROOT, "src/nexus/run.ts"))};
const m = JSON.parse(await Bun.file(${JSON.stringify(join(dir, "manifest.json"))}).text());
process.exit(await runNexus(m, ${JSON.stringify(dir)}, process.argv.slice(2)));
`);
  const cc = Bun.spawnSync(["g++", "-O2", "-std=c++17", "-I", join(ROOT, "pools/cpp"), "-o", join(dir, "pool-cpp"), join(dir, "pool.cpp"), "-pthread"]);
  if (cc.exitCode !== 0) throw new Error(`g++ failed:\n${cc.stderr.toString()}`);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("nexus with C++ and Python pools", () => {
  test("C++ -> Python -> C++ and back", async () => {
    const r = await nexus("chain", "3");
    expect(r.err).toContain("printing from python"); // pool stdout goes to the nexus's stderr
    expect(r.out).toBe("170\n"); // m1(3) = (m4(3)) * 10 = (m5(4) + 1) * 10 = (16 + 1) * 10
    expect(r.code).toBe(0);
    expectClean(r.pid);
  });

  test("a C++ map re-entering Python and C++ per element", async () => {
    const r = await nexus("mapChain", "[1,2,-3]");
    expect(r.out).toBe("[50,100,50]\n");
    expect(r.code).toBe(0);
    expectClean(r.pid);
  });

  test("a Python exception reaches the user once, with its chain", async () => {
    const r = await nexus("divide", "0");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("ZeroDivisionError: float division by zero\n  raised in py manifold 6 (inverse)\n  called from cpp manifold 10");
    expect(r.err.split("ZeroDivisionError").length).toBe(2);
    expectClean(r.pid);
  });

  test("a pool killed mid-call ends the run with status 3", async () => {
    const t0 = Date.now();
    const r = await nexus("crash", "1");
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/py pool/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expectClean(r.pid);
  });

  test("a pool killed behind another pool is still a crash (status 3)", async () => {
    const r = await nexus("crashBehind", "1");
    expect(r.code).toBe(3);
    expect(r.err).toContain("the py pool was killed by SIGKILL");
    expectClean(r.pid);
  });

  test("re-entrant ping-pong 40 levels deep does not deadlock", async () => {
    const r = await nexus("--timeout", "20", "deep", "40");
    expect(r.out).toBe("40\n");
    expectClean(r.pid);
  });

  test("large values travel through the arena both ways", async () => {
    const big = await nexus("big", "20000");
    expect(big.code).toBe(0);
    const xs = JSON.parse(big.out);
    expect(xs.length).toBe(20000);
    expect(xs[19999]).toBe(0.5);
    expectClean(big.pid);
    const toPy = await nexus("bigToPy", "30000");
    expect(toPy.out).toBe("15000.0\n");
    expectClean(toPy.pid);
    writeFileSync(join(dir, "xs.json"), JSON.stringify(Array(10000).fill(1.5)));
    writeFileSync(join(dir, "xs7000.json"), JSON.stringify(Array(7000).fill(1.5)));
    const fromNexus = await nexus("sumPy", join(dir, "xs.json"));
    expect(fromNexus.out).toBe("15000.0\n");
    expectClean(fromNexus.pid);
    // eight inline arguments of 56 KB: one CALL larger than a socket buffer
    const many = await nexus("sum8", ...Array(8).fill(join(dir, "xs7000.json")));
    expect(many.out).toBe("84000.0\n");
    expectClean(many.pid);
  });

  test("bad arguments stop before any pool starts", async () => {
    const r = await nexus("chain", '"three"');
    expect(r.code).toBe(2);
    expect(r.err).toContain("argument 1 (x) of chain must be Int");
    expectClean(r.pid);
  });
});
