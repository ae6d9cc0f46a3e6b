// Fault injection on real compiled programs (tests/runtime/faults/*): pools killed mid-call, the
// nexus interrupted or killed, pools that die or hang at start, an unusable TMPDIR and --timeout.
// Each case checks the exit status, the message, that the run ended within about a second of the
// event, and that no segment, run folder or pool process of the run remains.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { make, poolPid, poolsOf, REPO, run, settle, start, workspace } from "./harness";

const FIX = join(REPO, "tests", "runtime", "faults");
const ws = workspace("faults");
const bin = { ok: join(ws.work, "ok"), badpy: join(ws.work, "badpy"), badcpp: join(ws.work, "badcpp"), withr: join(ws.work, "withr") };
// the R cases run where R is installed
const hasR = Bun.which("Rscript") !== null;

beforeAll(async () => {
  const names = Object.keys(bin).filter((n) => hasR || n !== "withr") as (keyof typeof bin)[];
  await Promise.all(names.map((name) => make(join(FIX, name), bin[name], ws.env)));
}, 120_000);

afterAll(() => ws.dispose());

/** The event lands at `at`; the nexus must be gone within `slack` ms of it. */
function expectPrompt(endedAt: number, at: number, slack = 1000) {
  expect(endedAt - at).toBeLessThan(slack);
}

describe("a pool killed mid-call", () => {
  const cases: [string, string, string][] = [
    ["pyNap", "py", "the py pool (root) "],
    ["cppNap", "cpp", "the cpp pool (root) "],
    ["cppThenPy", "py", "the py pool while the cpp pool waits on it "],
    ["pyThenCpp", "cpp", "the cpp pool while the py pool waits on it "],
  ];
  const rCases: [string, string, string][] = [
    ["rNap", "r", "the r pool (root) "],
    ["cppThenR", "r", "the r pool while the cpp pool waits on it "],
    ["rThenPy", "py", "the py pool while the r pool waits on it "],
  ];
  for (const [cmd, victim, label] of [...cases, ...rCases]) {
    const withR = rCases.some((c) => c[0] === cmd);
    test.skipIf(withR && !hasR)(`kill -9 ${label}: status 3 within a second, nothing left`, async () => {
      // The callee naps 20 s and pools get 25 s to start: on a loaded machine a chain of two pool
      // starts can take several seconds, and the call must still be under way when the kill lands.
      const r = start(withR ? bin.withr : bin.ok, [cmd, "20000"], ws.env);
      // Every pool of the run must be ready (the nexus starts them together), not only the victim.
      const caller = /while the (\w+) pool waits/.exec(label)?.[1];
      if (caller) await poolPid(r.pid, caller, 25_000);
      const pid = await poolPid(r.pid, victim, 25_000);
      await Bun.sleep(300);
      const at = Date.now();
      process.kill(pid, "SIGKILL");
      const { code, out, err, endedAt } = await r.done;
      expect({ code, out }).toEqual({ code: 3, out: "" });
      expect(err).toContain(`${withR ? "faultsr" : "faults"}: the ${victim} pool was killed by SIGKILL during ${cmd}`);
      expectPrompt(endedAt, at);
      expect(await settle(r.pid)).toEqual([]);
    }, 60_000);
  }
});

test("kill -9 the py pool while it holds a value from the nexus's arena: segments removed", async () => {
  const arg = join(ws.work, "y200k.json");
  writeFileSync(arg, JSON.stringify("y".repeat(200_000)));
  const r = start(bin.ok, ["hold", arg, "5000"], ws.env);
  const pid = await poolPid(r.pid, "py");
  await Bun.sleep(300);
  expect(readdirSync("/dev/shm").some((n) => n.startsWith(`mlc-${r.pid}-`))).toBe(true);
  const at = Date.now();
  process.kill(pid, "SIGKILL");
  const res = await r.done;
  expect({ code: res.code, out: res.out }).toEqual({ code: 3, out: "" });
  expect(res.err).toContain("faults: the py pool was killed by SIGKILL during hold");
  expectPrompt(res.endedAt, at);
  expect(await settle(r.pid)).toEqual([]);
}, 15_000);

describe("the nexus interrupted", () => {
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    test(`${sig} ends every pool and exits ${code}`, async () => {
      const r = start(bin.ok, ["hold", '"x"', "5000"], ws.env);
      await poolPid(r.pid, "py");
      await poolPid(r.pid, "cpp");
      await Bun.sleep(300);
      const at = Date.now();
      process.kill(r.pid, sig);
      const res = await r.done;
      expect({ code: res.code, out: res.out }).toEqual({ code, out: "" });
      expect(res.err).toContain(`faults: interrupted by ${sig}`);
      expectPrompt(res.endedAt, at);
      expect(await settle(r.pid)).toEqual([]);
    }, 15_000);
  }

  test("SIGKILL: the pools exit by themselves and the next run sweeps the leftovers", async () => {
    // a 100 kB argument goes through the nexus's arena, so a segment of the nexus exists
    const r = start(bin.ok, ["hold", JSON.stringify("x".repeat(100_000)), "5000"], ws.env);
    await poolPid(r.pid, "py");
    await poolPid(r.pid, "cpp");
    await Bun.sleep(300);
    const segments = readdirSync("/dev/shm").filter((n) => n.startsWith(`mlc-${r.pid}-`));
    expect(segments.length).toBeGreaterThan(0);
    const at = Date.now();
    process.kill(r.pid, "SIGKILL");
    await r.done;
    // the pools notice (PDEATHSIG, EOF on the nexus connection) within a second
    const deadline = at + 1000;
    while (poolsOf(r.pid).size && Date.now() < deadline) await Bun.sleep(20);
    expect([...poolsOf(r.pid).values()]).toEqual([]);
    // what only the nexus could remove is still there, until the next run sweeps it
    const next = await run(bin.ok, ["pyNap", "1"], ws.env);
    expect({ code: next.code, out: next.out }).toEqual({ code: 0, out: "1\n" });
    expect(await settle(r.pid)).toEqual([]);
    expect(await settle(next.pid)).toEqual([]);
  }, 15_000);
});

test.skipIf(!hasR)("SIGKILL of a nexus with an R pool mid-call: the R pool exits by itself", async () => {
  const r = start(bin.withr, ["cppThenR", "5000"], ws.env);
  await poolPid(r.pid, "r", 10_000);
  await poolPid(r.pid, "cpp");
  await Bun.sleep(300);
  const at = Date.now();
  process.kill(r.pid, "SIGKILL");
  await r.done;
  while (poolsOf(r.pid).size && Date.now() < at + 1000) await Bun.sleep(20);
  expect([...poolsOf(r.pid).values()]).toEqual([]);
  await run(bin.ok, ["pyNap", "1"], ws.env); // sweeps the run folder
  expect(await settle(r.pid)).toEqual([]);
}, 20_000);

describe("pools that fail at start", () => {
  test("a Python source that raises at import: status 3, one line naming the user's file, line and error", async () => {
    const t0 = Date.now();
    const r = await run(bin.badpy, ["inc", "1"], ws.env);
    expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
    // the file the nexus was made from, not its copy in the cache; no traceback, no pool frame
    expect(r.err).toBe(`badpy: ${join(FIX, "badpy", "broken.py")}:6: RuntimeError: this module refuses to load\n`);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await settle(r.pid)).toEqual([]);
  });

  test("a C++ pool that exits before main: status 3, its message, the pool named", async () => {
    const r = await run(bin.badcpp, ["inc", "1"], ws.env);
    expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
    expect(r.err).toContain("broken.hpp: refusing to start");
    expect(r.err).toContain("badcpp: the cpp pool exited with status 7 before it was ready\n");
    expect(await settle(r.pid)).toEqual([]);
  });

  test("a pool that never becomes ready is ended by --timeout", async () => {
    const t0 = Date.now();
    const r = await run(bin.badpy, ["--timeout", "0.5", "inc", "1"], { ...ws.env, MORLOC_TEST_HANG: "1" });
    expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
    expect(r.err).toContain("badpy: inc timed out after 0.5 s");
    expectPrompt(r.endedAt, t0 + 500);
    expect(await settle(r.pid)).toEqual([]);
  });
});

describe("limits and the run folder", () => {
  test("a call that exceeds --timeout: status 3 within a second of the limit", async () => {
    const t0 = Date.now();
    const r = await run(bin.ok, ["--timeout", "0.7", "cppThenPy", "5000"], ws.env);
    expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
    expect(r.err).toBe("faults: cppThenPy timed out after 0.7 s\n");
    expectPrompt(r.endedAt, t0 + 700);
    expect(await settle(r.pid)).toEqual([]);
  });

  test("an argument larger than MORLOC_ARENA_MAX: status 3, the arena's message and the limit, no stack", async () => {
    // 100 kB goes through the nexus's own arena, whose limit is 1 KiB here
    const r = await run(bin.ok, ["hold", JSON.stringify("x".repeat(100_000)), "1"], { ...ws.env, MORLOC_ARENA_MAX: "1K" });
    expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
    expect(r.err).toContain("limit is 1024 bytes (MORLOC_ARENA_MAX)");
    expect(r.err).not.toContain("internal error");
    expect(r.err).not.toMatch(/\$bunfs|^\s+at /m);
    expect(await settle(r.pid)).toEqual([]);
  });

  test("a MORLOC_PYTHON wrapper that ignores SIGTERM and keeps its child: ended with its process group at --timeout", async () => {
    const wrapper = join(ws.work, "stubborn-python");
    // a child that holds no socket: only ending the whole group ends it
    writeFileSync(wrapper, `#!/bin/sh\ntrap '' TERM\nsleep 30 &\n"${Bun.which("python3")}" "$@"\necho never >&2\n`, { mode: 0o755 });
    const t0 = Date.now();
    const r = await run(bin.ok, ["--timeout", "0.7", "cppThenPy", "5000"], { ...ws.env, MORLOC_PYTHON: wrapper });
    expect(r.code).toBe(3);
    expect(r.err).toContain("timed out after 0.7 s");
    expectPrompt(r.endedAt, t0 + 700, 1500);
    expect(await settle(r.pid)).toEqual([]);
  });

  test("the run folder goes under $TMPDIR and is removed", async () => {
    const base = join(ws.work, "tmp");
    mkdirSync(base);
    const r = start(bin.ok, ["pyNap", "400"], { ...ws.env, TMPDIR: base });
    await poolPid(r.pid, "py");
    expect(readdirSync(base).filter((n) => n.startsWith(`mlc-${r.pid}-`)).length).toBe(1);
    const res = await r.done;
    expect({ code: res.code, out: res.out }).toEqual({ code: 0, out: "400\n" });
    expect(await settle(r.pid, 1000, base)).toEqual([]);
  });

  const unusable: [string, () => string, RegExp][] = [
    ["a file", () => (writeFileSync(join(ws.work, "plain-file"), "x"), join(ws.work, "plain-file")), /ENOTDIR|not a directory/],
    ["a missing folder", () => join(ws.work, "no", "such", "folder"), /ENOENT|no such file/],
    ["a read-only file system", () => "/proc/self", /EACCES|EPERM|ENOENT|EROFS|denied|not permitted|no such/],
  ];
  for (const [what, base, why] of unusable) {
    test(`TMPDIR is ${what}: status 3 naming the folder, no pool started`, async () => {
      const dir = base();
      const r = await run(bin.ok, ["cppThenPy", "1"], { ...ws.env, TMPDIR: dir });
      expect({ code: r.code, out: r.out }).toEqual({ code: 3, out: "" });
      expect(r.err).toContain(`faults: cannot create the run folder in ${dir}: `);
      expect(r.err).toMatch(why);
      expect(await settle(r.pid, 1000, existsSync(dir) ? dir : ws.work)).toEqual([]);
    });
  }

  test("a TMPDIR too long for a socket path is a clear error", async () => {
    const base = join(ws.work, "d".repeat(100));
    mkdirSync(base, { recursive: true });
    const r = await run(bin.ok, ["pyNap", "1"], { ...ws.env, TMPDIR: base });
    expect(r.code).toBe(3);
    expect(r.err).toContain("too long for a socket path; set TMPDIR to a shorter folder");
    expect(await settle(r.pid, 1000, base)).toEqual([]);
  });
});

describe("output", () => {
  test.skipIf(!hasR)("R pool output reaches the nexus's stderr, never its stdout", async () => {
    const r = await run(bin.withr, ["rChatty", '"yo"'], ws.env);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: '"yo~"\n' });
    expect(r.err).toContain("r stdout: yo");
    expect(r.err).toContain("r stderr: yo\n");
    expect(await settle(r.pid)).toEqual([]);
  });

  test("pool stdout and stderr reach the nexus's stderr, never its stdout", async () => {
    const r = await run(bin.ok, ["chatty", '"hi"'], ws.env);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: '"hi!?"\n' });
    for (const line of ["py stdout: hi", "py stderr: hi", "cpp stdout: hi!", "cpp printf: hi!", "cpp stderr: hi!"]) {
      expect(r.err).toContain(line + "\n");
    }
    expect(await settle(r.pid)).toEqual([]);
  });

  test("a reader that goes away early (nexus | head): status 141, no message, nothing left", async () => {
    const proc = Bun.spawn([bin.ok, "pyText", "20000000"], { env: ws.env, stdout: "pipe", stderr: "pipe" });
    const reader = proc.stdout.getReader();
    await reader.read();
    await reader.cancel();
    const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect({ code, err }).toEqual({ code: 141, err: "" });
    expect(await settle(proc.pid)).toEqual([]);
  });

  test("a full output device: status 3 and the reason", async () => {
    const proc = Bun.spawn([bin.ok, "pyText", "10"], { env: ws.env, stdout: Bun.file("/dev/full"), stderr: "pipe" });
    const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(3);
    expect(err).toContain("faults: cannot write the result: ENOSPC");
    expect(await settle(proc.pid)).toEqual([]);
  });
});

describe("the nexus connection is the pools' lifeline", () => {
  // The test plays the nexus: PDEATHSIG cannot fire (we stay alive), so only EOF can end the pool.
  for (const [lang, module] of [["py", "faults"], ["cpp", "faults"], ["r", "faultsr"]]) {
    test.skipIf(lang === "r" && !hasR)(`the ${lang} pool exits within a second of EOF on its READY connection`, async () => {
      const root = join(ws.work, "cache", "morloc", "nexus");
      const unpacked = readdirSync(root).map((h) => join(root, h)).find((d) => {
        try {
          return JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")).module === module;
        } catch {
          return false;
        }
      })!;
      const manifest = JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8"));
      const argv = (manifest.pools[lang!] as string[]).map((a) => a.replaceAll("{dir}", unpacked));
      const runDir = mkdtempSync(join(tmpdir(), `mlc-${process.pid}-`));
      let conn: { end(): void } | null = null;
      let readyNow!: () => void;
      const ready = new Promise<void>((res) => (readyNow = res));
      const server = Bun.listen({ unix: `${runDir}/nexus.sock`, socket: { open: (s) => void (conn = s), data: () => readyNow() } });
      const env = { ...ws.env, MORLOC_RUN_DIR: runDir, MORLOC_LANG: lang, MORLOC_ARENA: `mlc-${process.pid}-lifeline`, MORLOC_SLOT: "1" };
      const proc = Bun.spawn(argv, { env, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
      try {
        await Promise.race([ready, Bun.sleep(10_000)]);
        expect(conn).not.toBeNull();
        const at = Date.now();
        conn!.end();
        const code = await Promise.race([proc.exited, Bun.sleep(2000).then(() => "still running")]);
        expect(code).toBe(0);
        expect(Date.now() - at).toBeLessThan(1000);
      } finally {
        proc.kill("SIGKILL");
        server.stop(true);
        rmSync(runDir, { recursive: true, force: true });
      }
    }, 15_000);
  }
});
