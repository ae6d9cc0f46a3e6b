// Crash test: a Bun, a Python and a C++ process each hold a block in their own volumes and are killed
// with SIGKILL (no exit hook runs); the next run's sweep (here the C++ sweep_orphans, then Bun's)
// removes exactly their segments and leaves a live process's volumes alone.
import { beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Arena, sweepOrphans } from "../../shm";
import { buildCppFile, ROOT } from "./cpp_build";

let mainExe = "";
beforeAll(async () => {
  mainExe = await buildCppFile("test_main.cpp", "-O1");
}, 120_000);

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

test("segments of SIGKILLed Bun, Python and C++ processes are swept at the next start", async () => {
  const tag = `crash${Math.random().toString(16).slice(2, 8)}`;
  const cmds = [...holders(tag)];
  const procs = cmds.map((cmd) => Bun.spawn(cmd, { cwd: PY, env: { ...process.env, PYTHONPATH: PY }, stdout: "pipe" }));
  // the C++ holder needs its own pid in the prefix: a shell execs into it keeping the pid
  procs.push(Bun.spawn(["sh", "-c", `exec "${mainExe}" hold mlc-$$-${tag} 3`], { stdout: "pipe" }));
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
