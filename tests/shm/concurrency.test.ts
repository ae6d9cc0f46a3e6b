// Five processes in four languages (Bun, Python, C++, C++ with 4 threads, and R) allocate and free 10^5
// blocks each at random sizes in ONE arena run, each in its own volumes, and release blocks the others
// made (relptrs pass through files); then every block header of every volume is walked, and the
// blocks still in use must be exactly the ones the workers say they kept. Without Rscript, R is left out.
import { beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRSo, hasR } from "../pools/r_build";
import { buildCppFile, ROOT } from "./cpp_build";
import { runVolumes, walkVolume } from "./walk";

const N = 100_000;
let worker = "";
let rSo = "";
if (!hasR) console.warn("concurrency test without its R worker: Rscript is not installed");
beforeAll(async () => {
  worker = await buildCppFile("arena_worker.cpp", "-O1");
  if (hasR) rSo = await buildRSo();
}, 120_000);

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.trim();
}

test(`${hasR ? "5 processes in 4" : "4 processes in 3"} languages share one arena run; every block header is consistent`, async () => {
  const prefix = `mlc-${process.pid}-conc${Math.random().toString(16).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), "mlc-conc-"));
  const workers = hasR ? [1, 2, 3, 4, 5] : [1, 2, 3, 4];
  const slots = workers.join(",");
  const cmds = [
    [process.execPath, join(ROOT, "tests/shm/workers/arena_worker.ts"), prefix, "1", dir, String(N), slots],
    ["python3", join(ROOT, "tests/shm/workers/arena_worker.py"), prefix, "2", dir, String(N), slots],
    [worker, prefix, "3", dir, String(N), slots],
    [worker, prefix, "4", dir, String(N / 4), slots, "4"], // 4 threads of 25 000 steps in one process
  ];
  if (hasR) cmds.push(["Rscript", join(ROOT, "tests/shm/workers/arena_worker.R"), prefix, "5", dir, String(N), slots]);
  const env = { ...process.env, MORLOC_R_SO: rSo };
  const procs = cmds.map((cmd) => Bun.spawn(cmd, { env, stdin: "pipe", stdout: "pipe", stderr: "pipe" }));
  try {
    const lines = await Promise.all(procs.map((p) => firstLine(p.stdout)));
    const stderrs = () => Promise.all(procs.map((p) => new Response(p.stderr).text()));
    if (lines.some((l) => l !== "done 0")) {
      procs.forEach((p) => p.stdin.end());
      throw new Error(`workers: ${JSON.stringify(lines)}\n${(await stderrs()).join("\n")}`);
    }
    // every worker is idle now and keeps its volumes mapped: walk them all
    const names = runVolumes(prefix);
    for (const s of workers) expect(names).toContain(`${prefix}/${s}-0`);
    const inUse = new Set<bigint>();
    let blocks = 0;
    for (const name of names) {
      const w = walkVolume(name);
      expect(w.errors).toEqual([]);
      blocks += w.blocks.length;
      for (const b of w.blocks) if (b.state === 1) inUse.add(b.relptr);
    }
    const kept = new Set<bigint>();
    for (const s of workers) {
      for (const line of readFileSync(join(dir, `kept-${s}`), "utf8").split("\n")) if (line) kept.add(BigInt(line));
    }
    expect(kept.size).toBe(5 * 3 + 5 * 4 + (hasR ? 5 : 0)); // 5 per thread: 3 one-thread workers, 4 threads, R
    expect([...inUse].sort()).toEqual([...kept].sort());
    expect(blocks).toBeGreaterThan(names.length);
    procs.forEach((p) => p.stdin.end());
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes).toEqual(workers.map(() => 0));
    expect(runVolumes(prefix)).toEqual([]); // each worker unlinked its volumes at close
  } finally {
    // on failure too: let the workers close (and unlink) before anything is killed
    for (const p of procs) {
      try {
        p.stdin.end();
      } catch {
        // already closed
      }
    }
    await Promise.race([Promise.all(procs.map((p) => p.exited)), Bun.sleep(5000)]);
    procs.forEach((p) => p.exitCode !== null || p.kill(9));
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
