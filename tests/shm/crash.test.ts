// Crash test: a Bun, a Python, a C++ and an R process each make a run folder under /dev/shm and hold a
// block in it, and are killed with SIGKILL (no exit hook runs); the next nexus's sweep (Bun's
// sweepOrphans; only the nexus sweeps) removes exactly their folders, whose locks died with them, and
// leaves a live process's alone. Without Rscript, R is left out.
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

test(`run folders of SIGKILLed Bun, Python, C++${hasR ? " and R" : ""} processes are swept at the next start`, async () => {
  const tag = `crash${Math.random().toString(16).slice(2, 8)}`;
  const cmds = [...holders(tag)];
  const procs = cmds.map((cmd) => Bun.spawn(cmd, { cwd: PY, env: { ...process.env, PYTHONPATH: PY }, stdout: "pipe" }));
  // the C++ holder needs its own pid in the prefix: a shell execs into it keeping the pid
  procs.push(Bun.spawn(["sh", "-c", `exec "${mainExe}" hold mlc-$$-${tag} 3`], { stdout: "pipe" }));
  if (hasR) procs.push(Bun.spawn(rHolder(tag, 4), { env: rEnv(), stdout: "pipe" })); // Rscript execs R: same pid
  try {
    await Promise.all(procs.map(waitReady));
    const folders = procs.map((p) => `mlc-${p.pid}-${tag}`);
    procs.forEach((p, k) => expect(existsSync(`/dev/shm/${folders[k]}/${k + 1}-0`)).toBe(true));
    for (const p of procs) p.kill(9);
    await Promise.all(procs.map((p) => p.exited));
    for (const f of folders) expect(existsSync(`/dev/shm/${f}`)).toBe(true); // nothing cleaned up on SIGKILL

    const live = Arena.create(`mlc-${process.pid}-${tag}`, 0);
    live.alloc(1);
    const removed = sweepOrphans();
    for (const f of folders) {
      expect(removed).toContain(f);
      expect(existsSync(`/dev/shm/${f}`)).toBe(false);
    }
    expect(existsSync(`/dev/shm/${live.ownVolumes[0]}`)).toBe(true); // a live process's folder stays
    expect(sweepOrphans().filter((n) => n.includes(tag))).toEqual([]); // nothing of ours left to sweep
    live.close();
  } finally {
    procs.forEach((p) => p.exitCode !== null || p.kill(9));
  }
}, 30_000);

test("a live run in another PID namespace is not swept: liveness is its lock, not its pid", async () => {
  // a folder named for a pid that does not exist here, whose lock a live process holds
  const name = `mlc-2147483640-ns${Math.random().toString(16).slice(2, 8)}`;
  const holder = Bun.spawn(["python3", "-c", `import fcntl, os, sys, time
os.mkdir("/dev/shm/${name}", 0o700)
fd = os.open("/dev/shm/${name}/lock", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("ready", flush=True)
time.sleep(60)`], { stdout: "pipe" });
  try {
    await waitReady(holder);
    expect(sweepOrphans()).not.toContain(name);
    expect(existsSync(`/dev/shm/${name}`)).toBe(true);
    holder.kill(9);
    await holder.exited;
    expect(sweepOrphans()).toContain(name);
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);
  } finally {
    if (holder.exitCode === null) holder.kill(9);
  }
}, 30_000);
