// End-to-end programs: every tests/programs/<name>/ with a main.loc is compiled by dist/morloc and
// its `cases` run against the nexus (format: tests/programs/README.md). After each case, nothing of
// the run may remain: no shared-memory segment, no run folder, no pool process.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseCases } from "./programs/cases";

const repo = resolve(import.meta.dir, "..");
const morloc = join(repo, "dist", "morloc");
const root = join(repo, "tests", "programs");
const work = mkdtempSync(join(tmpdir(), "morloc-programs-"));
// A private cache: the nexus unpacks here, so a pool process of ours is one whose command line names it.
const cache = join(work, "cache");
const env = { ...process.env, XDG_CACHE_HOME: cache };

const programs = existsSync(root)
  ? readdirSync(root).filter((n) => existsSync(join(root, n, "main.loc"))).sort()
  : [];

/** Processes (other than us) whose command line mentions our private cache: leftover pools. */
function poolsAlive(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(cache) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")) found.push(`${pid}: ${cmd.trim()}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function leftovers(pid: number): string[] {
  const shm = readdirSync("/dev/shm").filter((n) => n.startsWith(`mlc-${pid}-`)).map((n) => `/dev/shm/${n}`);
  const runs = readdirSync(tmpdir()).filter((n) => n.startsWith(`mlc-${pid}-`)).map((n) => join(tmpdir(), n));
  return [...shm, ...runs, ...poolsAlive()];
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
}, 60_000); // hundreds of unpacked nexuses: slow on a loaded machine
// An interrupted run must not leave gigabytes of nexuses in /tmp either.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

test("dist/morloc exists (run `npm run build`)", () => {
  expect(existsSync(morloc)).toBe(true);
});

for (const name of programs) {
  describe(`program ${name}`, () => {
    const dir = join(root, name);
    const nexus = join(work, name, "nexus");
    let built = "";
    beforeAll(async () => {
      const p = Bun.spawn([morloc, "make", "-o", nexus, "main.loc"], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
      const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
      built = code === 0 ? "" : `morloc make failed (exit ${code}):\n${out}${err}`;
    }, 120_000);
    // Each nexus carries a Bun runtime (~100 MB): drop it once its cases ran.
    afterAll(() => rmSync(join(work, name), { recursive: true, force: true }));

    // `typecheck`: the expected output of `morloc typecheck -r main.loc` (types and languages).
    const typecheckFile = join(dir, "typecheck");
    if (existsSync(typecheckFile)) {
      test("morloc typecheck -r", () => {
        const p = Bun.spawnSync([morloc, "typecheck", "-r", "main.loc"], { cwd: dir, env });
        expect(p.stderr.toString()).toBe("");
        expect(p.stdout.toString()).toBe(readFileSync(typecheckFile, "utf8"));
      });
    }

    const casesFile = join(dir, "cases");
    const cases = existsSync(casesFile) ? parseCases(readFileSync(casesFile, "utf8"), casesFile) : [];
    test("compiles and has cases", () => {
      expect(built).toBe("");
      expect(cases.length).toBeGreaterThan(0);
    });

    // Each case runs twice: with the default doorbell threshold (a connection between C++ and
    // Python pools moves to the doorbell after 16 calls) and with every such call on it.
    for (const c of cases) for (const bell of [false, true]) {
      test(`${c.line} (cases:${c.at}${bell ? ", doorbell from the first call" : ""})`, async () => {
        expect(built).toBe("");
        const runEnv = bell ? { ...env, MORLOC_BELL_AFTER: "0" } : env;
        const p = Bun.spawn([nexus, ...c.args], { cwd: dir, env: runEnv, stdout: "pipe", stderr: "pipe", stdin: c.stdinFile ? Bun.file(join(dir, c.stdinFile)) : "ignore" });
        const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
        const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
        clearTimeout(timer);
        const stdout = out.replace(/\n$/, "");
        const want = { stdout: c.stdout, exit: c.exit, stderr: c.stderr };
        const ok = stdout === c.stdout && code === c.exit && (c.stderr === null || err.includes(c.stderr));
        // On a mismatch the whole stderr is shown beside what was expected of it.
        expect(ok ? want : { stdout, exit: code, stderr: err }).toEqual(want);
        // Pools exit when they see the nexus go; give them a moment, then nothing may remain.
        let left = leftovers(p.pid);
        for (let i = 0; i < 20 && left.length > 0; i++) {
          await Bun.sleep(50);
          left = leftovers(p.pid);
        }
        expect(left).toEqual([]);
      }, 40_000);
    }
  });
}
