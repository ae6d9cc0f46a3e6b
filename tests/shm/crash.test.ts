// Crash test: a Bun, a Python, a C++ and an R process each hold a block in their own volumes and are
// killed with SIGKILL (no exit hook runs); the next run's sweep (here the C++ sweep_orphans, then Bun's;
// and in a second test R's) removes exactly their segments and leaves a live process's volumes alone.
// Without Rscript, R is left out.
import { beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Arena, sweepOrphans } from "../../shm";
import { buildRSo, hasR } from "../pools/r_build";
import { buildCppFile, ROOT } from "./cpp_build";

let mainExe = "";
let rSo = "";
beforeAll(async () => {
  mainExe = await buildCppFile("test_main.cpp", "-O1");
  if (hasR) rSo = await buildRSo();
}, 120_000);

// an R process (through the .Call arena API) that holds a block in slot `slot` and waits
const rHolder = (tag: string, slot: number) => ["Rscript", "-e", `dyn.load(Sys.getenv("MORLOC_R_SO"))
  ac <- function(name, ...) .Call(name, ..., PACKAGE = "morloc_r")
  invisible(ac("mlr_c_arena_create", sprintf("mlc-%d-${tag}", Sys.getpid()), ${slot}L, NULL))
  invisible(ac("mlr_c_arena_alloc", 100, NULL)); cat("ready\n"); flush(stdout()); Sys.sleep(60)`];
const rEnv = () => ({ ...process.env, MORLOC_R_SO: rSo });

const PY = join(ROOT, "pools/python");
const holders = (tag: string) => [
  [process.execPath, "-e", `import { Arena } from "${ROOT}/shm";
    const a = Arena.create("mlc-" + process.pid + "-${tag}", 1); a.alloc(100); console.log("ready"); setTimeout(() => {}, 60000);`],
  ["python3", "-c", `import os, time
from morloc import Arena
a = Arena.create("mlc-%d-${tag}" % os.getpid(), 2); a.alloc(100); print("ready", flush=True); time.sleep(60)`],
];

async function waitReady(p: ReturnType<typeof Bun.spawn>): Promise<void> {
  const reader = (p.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!text.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`holder exited before ready: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
}

test(`segments of SIGKILLed Bun, Python, C++${hasR ? " and R" : ""} processes are swept at the next start`, async () => {
  const tag = `crash${Math.random().toString(16).slice(2, 8)}`;
  const cmds = [...holders(tag)];
  const procs = cmds.map((cmd) => Bun.spawn(cmd, { cwd: PY, env: { ...process.env, PYTHONPATH: PY }, stdout: "pipe" }));
  // the C++ holder needs its own pid in the prefix: a shell execs into it keeping the pid
  procs.push(Bun.spawn(["sh", "-c", `exec "${mainExe}" hold mlc-$$-${tag} 3`], { stdout: "pipe" }));
  if (hasR) procs.push(Bun.spawn(rHolder(tag, 4), { env: rEnv(), stdout: "pipe" })); // Rscript execs R: same pid
  try {
    await Promise.all(procs.map(waitReady));
    const names = procs.map((p, k) => `mlc-${p.pid}-${tag}-${k + 1}-0`);
    for (const n of names) expect(existsSync(`/dev/shm/${n}`)).toBe(true);
    for (const p of procs) p.kill(9);
    await Promise.all(procs.map((p) => p.exited));
    for (const n of names) expect(existsSync(`/dev/shm/${n}`)).toBe(true); // nothing cleaned up on SIGKILL

    const live = Arena.create(`mlc-${process.pid}-${tag}`, 0);
    live.alloc(1);
    const r = Bun.spawnSync([mainExe, "sweep"]);
    expect(r.exitCode).toBe(0);
    const removed = r.stdout.toString().split("\n").filter(Boolean);
    for (const n of names) {
      expect(removed).toContain(n);
      expect(existsSync(`/dev/shm/${n}`)).toBe(false);
    }
    expect(existsSync(`/dev/shm/${live.ownVolumes[0]}`)).toBe(true);
    expect(sweepOrphans().filter((n) => n.includes(tag))).toEqual([]); // nothing of ours left to sweep
    live.close();
  } finally {
    procs.forEach((p) => p.exitCode !== null || p.kill(9));
  }
}, 30_000);

/** The rest of a stream that waitReady has already read from. */
async function rest(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
  return text;
}

test.skipIf(!hasR)("R's sweep removes the segments of SIGKILLed R and Bun processes, not a live one's", async () => {
  const tag = `rcrash${Math.random().toString(16).slice(2, 8)}`;
  const procs = [Bun.spawn(rHolder(tag, 1), { env: rEnv(), stdout: "pipe" }), Bun.spawn(holders(tag)[0]!, { stdout: "pipe" })];
  // the sweeper is started first and sweeps when told: R's start-up time is not spent after the kill
  const sweeper = Bun.spawn(["Rscript", "-e", `dyn.load(Sys.getenv("MORLOC_R_SO")); cat("ready\n"); flush(stdout())
    invisible(readLines(file("stdin"), n = 1)); writeLines(.Call("mlr_c_arena_sweep", PACKAGE = "morloc_r"))`],
    { env: rEnv(), stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  try {
    await Promise.all([...procs, sweeper].map(waitReady));
    const names = procs.map((p) => `mlc-${p.pid}-${tag}-1-0`);
    for (const n of names) expect(existsSync(`/dev/shm/${n}`)).toBe(true);
    for (const p of procs) p.kill(9);
    await Promise.all(procs.map((p) => p.exited));
    const live = Arena.create(`mlc-${process.pid}-${tag}`, 0);
    live.alloc(1);
    sweeper.stdin.write("sweep\n");
    sweeper.stdin.end();
    const [out, err] = await Promise.all([rest(sweeper.stdout), new Response(sweeper.stderr).text()]);
    expect(err).toBe("");
    const removed = out.split("\n").filter(Boolean);
    for (const n of names) {
      expect(removed).toContain(n);
      expect(existsSync(`/dev/shm/${n}`)).toBe(false);
    }
    expect(removed.some((n) => n.startsWith(`mlc-${process.pid}-`))).toBe(false);
    expect(existsSync(`/dev/shm/${live.ownVolumes[0]}`)).toBe(true);
    live.close();
  } finally {
    [...procs, sweeper].forEach((p) => p.exitCode !== null || p.kill(9));
  }
}, 30_000);
