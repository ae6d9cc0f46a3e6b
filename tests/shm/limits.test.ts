// Values too large for the arena give a clear error in Bun, Python and C++, never a SIGBUS: a per-arena
// limit (MORLOC_ARENA_MAX or an option), a block larger than /dev/shm itself, and a really full
// /dev/shm (a 2 MiB tmpfs mounted over /dev/shm in a private mount namespace, when permitted).
import { beforeAll, describe, expect, test } from "bun:test";
import { statfsSync } from "node:fs";
import { join } from "node:path";
import { Arena } from "../../shm";
import { buildCppFile, ROOT } from "./cpp_build";

let mainExe = "";
beforeAll(async () => {
  mainExe = await buildCppFile("test_main.cpp", "-O1");
}, 120_000);

const PY = join(ROOT, "pools/python");
const prefix = () => `mlc-${process.pid}-lim${Math.random().toString(16).slice(2, 8)}`;
// one program per language: allocate each size, touch its last byte, print "ok N" or "error: ..."
const BUN_ALLOC = `import { Arena } from "${ROOT}/shm";
const a = Arena.create(process.argv[1], 1);
for (const n of process.argv.slice(2).map(Number)) {
  try { const b = a.alloc(n); if (n) b.bytes[n - 1] = 1; console.log("ok " + n); }
  catch (e) { console.log("error: " + e.message); }
}`;
const PY_ALLOC = `import sys
from morloc.arena import Arena, ArenaError
a = Arena.create(sys.argv[1], 1)
for n in map(int, sys.argv[2:]):
    try:
        r, v = a.alloc(n)
        if n: v[n - 1] = 1
        print("ok", n)
    except ArenaError as e:
        print("error:", e)`;
const programs = (): [string, string[]][] => [
  ["bun", [process.execPath, "-e", BUN_ALLOC]],
  ["python", ["python3", "-c", PY_ALLOC]],
  ["c++", [mainExe, "alloc"]],
];

function runAlloc(cmd: string[], sizes: number[], env: Record<string, string> = {}, wrap: string[] = []) {
  const r = Bun.spawnSync([...wrap, ...cmd, prefix(), ...sizes.map(String)], {
    cwd: PY,
    env: { ...process.env, PYTHONPATH: PY, ...env },
  });
  return { code: r.exitCode, signal: r.signalCode, lines: r.stdout.toString().trim().split("\n"), err: r.stderr.toString() };
}

describe("arena limits", () => {
  test("Bun: the maxBytes option caps the volumes; the last volume is cut to what is left", () => {
    const a = Arena.create(prefix(), 0, { maxBytes: 3 << 20 });
    try {
      a.alloc(500_000);
      expect(() => a.alloc(4 << 20)).toThrow("its limit is 3145728 bytes (MORLOC_ARENA_MAX)");
      expect(Number(a.alloc(1_500_000).relptr >> 48n)).toBe(1); // a 2 MiB second volume
      expect(a.mappedBytes).toBe(3 << 20);
      expect(() => a.alloc(2 ** 47 + 1)).toThrow("larger than the largest block");
      process.env.MORLOC_ARENA_MAX = "12X";
      expect(() => Arena.create(prefix(), 0)).toThrow('MORLOC_ARENA_MAX="12X" must be a byte count');
    } finally {
      delete process.env.MORLOC_ARENA_MAX;
      a.close();
    }
  });

  for (const [lang, cmd] of [["bun"], ["python"], ["c++"]] as const) {
    test(`${lang}: MORLOC_ARENA_MAX makes a too-large value a clear error`, () => {
      const [, c] = programs().find(([l]) => l === lang)!;
      const r = runAlloc(c, [100_000, 3 << 20, 200_000], { MORLOC_ARENA_MAX: "2M" });
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.lines[0]).toBe("ok 100000");
      expect(r.lines[1]).toContain("cannot allocate 3145728 bytes");
      expect(r.lines[1]).toContain("its limit is 2097152 bytes (MORLOC_ARENA_MAX)");
      expect(r.lines[2]).toBe("ok 200000"); // the arena is still usable after the error
    });

    test(`${lang}: a block larger than all of /dev/shm fails at reservation, not later`, () => {
      const fs = statfsSync("/dev/shm");
      const tooBig = Math.max(fs.blocks * fs.bsize * 2, 1 << 30);
      const [, c] = programs().find(([l]) => l === lang)!;
      const r = runAlloc(c, [tooBig, 2 ** 48, 10]);
      expect(r.signal ?? null).toBeNull();
      expect(r.lines[0]).toContain("is /dev/shm full?");
      expect(r.lines[1]).toContain("larger than the largest block");
      expect(r.lines[2]).toBe("ok 10");
    });
  }
});

// A private mount namespace with a 2 MiB tmpfs over /dev/shm: the first volume (1 MiB) fits, the
// second (2 MiB) cannot be reserved. Needs root and unshare; otherwise skipped with the reason.
const probe = Bun.spawnSync(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=2M tmpfs /dev/shm"], { stderr: "pipe" });
const canMount = probe.exitCode === 0;
if (!canMount) console.warn(`skipping the full-/dev/shm tests: unshare -m + mount failed: ${probe.stderr.toString().trim()}`);

describe.skipIf(!canMount)("a full /dev/shm (2 MiB tmpfs in a private mount namespace)", () => {
  for (const lang of ["bun", "python", "c++"]) {
    test(`${lang}: posix_fallocate fails with a clear error, no SIGBUS`, () => {
      const [, c] = programs().find(([l]) => l === lang)!;
      const script = `mount -t tmpfs -o size=2M tmpfs /dev/shm && exec "$@"`;
      const r = runAlloc(c, [500_000, 1_500_000, 400_000], {}, ["unshare", "-m", "sh", "-c", script, "sh"]);
      expect(r.signal ?? null).toBeNull();
      expect(r.code).toBe(0);
      expect(r.lines[0]).toBe("ok 500000");
      expect(r.lines[1]).toMatch(/cannot reserve 2097152 bytes for \/dev\/shm\/mlc-.*is \/dev\/shm full\?.*No space left on device/);
      expect(r.lines[2]).toBe("ok 400000");
    });
  }
});
