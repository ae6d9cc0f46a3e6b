// The R arena's limits, as tests/shm/limits.test.ts checks them for Bun, Python and C++: MORLOC_ARENA_MAX
// makes a too-large value a clear error, a block larger than all of /dev/shm fails at reservation,
// a really full /dev/shm (2 MiB tmpfs in a private mount namespace, when permitted) is an error, never a
// SIGBUS, and the arena stays usable after each. Skipped when R is absent.
import { beforeAll, describe, expect, test } from "bun:test";
import { statfsSync } from "node:fs";
import { buildRSo, hasR } from "./r_build";

let so = "";
beforeAll(async () => {
  if (hasR) so = await buildRSo();
}, 120_000);

// allocate each size, touch its last byte, print "ok N" or "error: ..."
const R_ALLOC = `dyn.load(Sys.getenv("MORLOC_R_SO"))
ac <- function(name, ...) .Call(name, ..., PACKAGE = "morloc_r")
a <- commandArgs(trailingOnly = TRUE)
invisible(ac("mlr_c_arena_create", a[1], 1L, NULL))
for (n in as.numeric(a[-1])) cat(tryCatch({
  r <- ac("mlr_c_arena_alloc", n, NULL)
  if (n > 0) ac("mlr_c_arena_write", r, n - 1, as.raw(1))
  sprintf("ok %.0f", n)
}, error = function(e) paste("error:", conditionMessage(e))), "\\n", sep = "")
invisible(ac("mlr_c_arena_close"))`;

function runAlloc(sizes: number[], env: Record<string, string> = {}, wrap: string[] = []) {
  const prefix = `mlc-${process.pid}-rlim${Math.random().toString(16).slice(2, 8)}`;
  const r = Bun.spawnSync([...wrap, "Rscript", "-e", R_ALLOC, prefix, ...sizes.map(String)], {
    env: { ...process.env, MORLOC_R_SO: so, ...env },
  });
  return { code: r.exitCode, signal: r.signalCode, lines: r.stdout.toString().trim().split("\n"), err: r.stderr.toString() };
}

describe.skipIf(!hasR)("R arena limits", () => {
  test("MORLOC_ARENA_MAX makes a too-large value a clear error", () => {
    const r = runAlloc([100_000, 3 << 20, 200_000], { MORLOC_ARENA_MAX: "2M" });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("ok 100000");
    expect(r.lines[1]).toContain("cannot allocate 3145728 bytes");
    expect(r.lines[1]).toContain("its limit is 2097152 bytes (MORLOC_ARENA_MAX)");
    expect(r.lines[2]).toBe("ok 200000");
  });

  test("a block larger than all of /dev/shm fails at reservation, not later", () => {
    const fs = statfsSync("/dev/shm");
    const tooBig = Math.max(fs.blocks * fs.bsize * 2, 1 << 30);
    const r = runAlloc([tooBig, 2 ** 48, 10]);
    expect(r.signal ?? null).toBeNull();
    expect(r.lines[0]).toContain("is /dev/shm full?");
    expect(r.lines[1]).toContain("larger than the largest block");
    expect(r.lines[2]).toBe("ok 10");
  });

  const probe = Bun.spawnSync(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=2M tmpfs /dev/shm"], { stderr: "pipe" });
  test.skipIf(probe.exitCode !== 0)("a full /dev/shm: posix_fallocate fails with a clear error, no SIGBUS", () => {
    const script = `mount -t tmpfs -o size=2M tmpfs /dev/shm && exec "$@"`;
    const r = runAlloc([500_000, 1_500_000, 400_000], {}, ["unshare", "-m", "sh", "-c", script, "sh"]);
    expect(r.signal ?? null).toBeNull();
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("ok 500000");
    expect(r.lines[1]).toMatch(/cannot reserve 2097152 bytes for \/dev\/shm\/mlc-.*is \/dev\/shm full\?.*No space left on device/);
    expect(r.lines[2]).toBe("ok 400000");
  });
});
