// Soak test (tests/runtime/soak): 10^5 calls through one warm set of pools, then 5000 values above
// the inline limit through the arena both ways. While they run we sample each pool's RSS (/proc)
// and the run's /dev/shm volumes: both must stay flat once warm, and nothing may remain after.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { make, poolPid, REPO, rssKiB, settle, start, workspace } from "./harness";

const ws = workspace("soak");
const nexus = join(ws.work, "soak");

beforeAll(async () => {
  await make(join(REPO, "tests", "runtime", "soak"), nexus, ws.env);
}, 120_000);
afterAll(() => ws.dispose());

interface Sample {
  at: number;
  py: number;
  cpp: number;
  shm: number;
  volumes: number;
}

/** Bytes and count of nexus `pid`'s shared-memory volumes. */
function shmOf(pid: number): { bytes: number; count: number } {
  let bytes = 0;
  let count = 0;
  for (const dir of readdirSync("/dev/shm")) {
    if (!dir.startsWith(`mlc-${pid}-`)) continue;
    try {
      for (const n of readdirSync(`/dev/shm/${dir}`)) {
        if (n === "lock") continue;
        bytes += statSync(`/dev/shm/${dir}/${n}`).size;
        count++;
      }
    } catch {}
  }
  return { bytes, count };
}

/** Run the nexus, sampling its pools every 10 ms until it ends (10^5 warm calls on the doorbell
 * take well under a second). */
async function soak(args: string[]) {
  const r = start(nexus, args, ws.env);
  const py = await poolPid(r.pid, "py", 10_000);
  const cpp = await poolPid(r.pid, "cpp", 10_000);
  const samples: Sample[] = [];
  let finished = false;
  const result = r.done.then((d) => ((finished = true), d));
  const t0 = Date.now();
  while (!finished) {
    try {
      const { bytes, count } = shmOf(r.pid);
      samples.push({ at: Date.now() - t0, py: rssKiB(py), cpp: rssKiB(cpp), shm: bytes, volumes: count });
    } catch {
      break; // a pool already exited: the run is ending
    }
    await Promise.race([result, Bun.sleep(10)]);
  }
  return { ...(await result), pid: r.pid, samples };
}

/** Growth between the warm second quarter of the run and its last quarter. */
function growth(samples: Sample[], key: "py" | "cpp" | "shm" | "volumes"): number {
  const q = Math.floor(samples.length / 4);
  const warm = Math.max(...samples.slice(q, 2 * q).map((s) => s[key]));
  const late = Math.max(...samples.slice(3 * q).map((s) => s[key]));
  return late - warm;
}

test("10^5 calls C++ -> Python through one warm set of pools: right sum, flat memory", async () => {
  const n = 100_000;
  const r = await soak(["calls", String(n)]);
  expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 0, out: `${(n * (n + 1)) / 2}\n`, err: "" });
  expect(r.samples.length).toBeGreaterThanOrEqual(8);
  // the pools' resident memory may wobble by allocator noise, but may not grow with the calls
  expect(growth(r.samples, "py")).toBeLessThan(4096);
  expect(growth(r.samples, "cpp")).toBeLessThan(4096);
  expect(await settle(r.pid)).toEqual([]);
}, 90_000);

test("5000 values of 70 kB through the arena both ways: right total, flat RSS and volumes", async () => {
  const r = await soak(["bigCalls", "5000", "70000"]);
  expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 0, out: "350000000\n", err: "" });
  expect(r.samples.length).toBeGreaterThanOrEqual(8);
  expect(growth(r.samples, "py")).toBeLessThan(8192);
  // freed blocks are reused: no new volume and no bigger one once warm
  expect(growth(r.samples, "volumes")).toBe(0);
  expect(growth(r.samples, "shm")).toBe(0);
  expect(Math.max(...r.samples.map((s) => s.shm))).toBeLessThan(64 << 20);
  expect(await settle(r.pid)).toEqual([]);
}, 90_000);
