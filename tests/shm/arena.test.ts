// The Bun arena: reuse after release, growth by new volumes, release by a Python process, cleanup
// of /dev/shm, and the sweep of a killed process's segments.
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Arena, decodeValue, encodeValue, parseSchema, sweepOrphans } from "../../shm";
import { runVolumes, walkVolume } from "./walk";

const PY = join(import.meta.dir, "../../pools/python");
const prefix = () => `mlc-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
const segments = runVolumes;
const opened: Arena[] = [];
const make = (p = prefix(), slot = 0) => {
  const a = Arena.create(p, slot);
  opened.push(a);
  return a;
};
afterAll(() => opened.forEach((a) => a.close()));

describe("arena", () => {
  test("alloc, release, reuse", () => {
    const a = make();
    const x = a.alloc(100);
    x.bytes.fill(7);
    expect(Number(x.relptr & 63n)).toBe(0); // payload 64-byte aligned
    expect(a.read(x.relptr).length).toBe(100);
    expect(a.read(x.relptr, 10)[9]).toBe(7);
    const y = a.alloc(10);
    a.release(x.relptr);
    expect(() => a.release(x.relptr)).toThrow("not in use");
    const z = a.alloc(100);
    expect(z.relptr).toBe(x.relptr);
    a.release(y.relptr);
    a.release(z.relptr);
    // both come back and coalesce: a block as large as the two together lands at the first one's place
    expect(a.alloc(200).relptr).toBe(x.relptr);
  });

  test("a steady alloc/release loop stays in one volume", () => {
    const a = make();
    for (let k = 0; k < 5000; k++) {
      const { relptr } = a.alloc(1000 + (k % 7) * 300);
      a.release(relptr);
    }
    expect(a.ownVolumes.length).toBe(1);
  });

  test("10^5 alloc/release cycles at varied sizes keep the volumes and the mapped size flat", () => {
    const a = make();
    let seed = 12345;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const window: bigint[] = [];
    let volumes = 0, mapped = 0;
    for (let k = 0; k < 100_000; k++) {
      window.push(a.alloc(rand(20_000)).relptr);
      if (window.length > 8) a.release(window.shift()!);
      if (k === 10_000) [volumes, mapped] = [a.ownVolumes.length, a.mappedBytes];
    }
    expect([a.ownVolumes.length, a.mappedBytes]).toEqual([volumes, mapped]);
    expect(a.outstandingBlocks).toBeLessThanOrEqual(9);
    for (const name of a.ownVolumes) expect(walkVolume(name).errors).toEqual([]);
  });

  test("grows by new volumes, geometrically, at least the request", () => {
    const p = prefix();
    const a = make(p, 3);
    const first = a.alloc(900_000);
    const second = a.alloc(900_000); // does not fit in the 1 MiB first volume
    expect(Number(second.relptr >> 48n)).toBe(3 * 256 + 1);
    const third = a.alloc(5 << 20);
    expect(Number(third.relptr >> 48n)).toBe(3 * 256 + 2);
    third.bytes[(5 << 20) - 1] = 9;
    expect(a.read(third.relptr)[(5 << 20) - 1]).toBe(9);
    expect(segments(p).sort()).toEqual([`${p}/3-0`, `${p}/3-1`, `${p}/3-2`]);
    expect(a.read(first.relptr).length).toBe(900_000);
  });

  test("bad relptrs are errors", () => {
    const a = make();
    a.alloc(8);
    expect(() => a.read(12345n)).toThrow("does not point at a block");
    expect(() => a.read((7n << 48n) | 128n)).toThrow("does not exist");
    expect(() => a.alloc(-1)).toThrow("bad size");
    expect(() => Arena.create("bad/name", 1)).toThrow();
  });

  test("close unlinks every volume it created", () => {
    const p = prefix();
    const a = Arena.create(p, 0);
    a.alloc(10);
    a.alloc(2 << 20);
    expect(segments(p).length).toBe(2);
    a.close();
    expect(segments(p)).toEqual([]);
    expect(() => a.alloc(1)).toThrow("closed");
  });

  test("a Python process reads and releases a block made by Bun", () => {
    const p = prefix();
    const a = make(p, 0);
    const s = parseSchema("m2:4:names2:xsaf8");
    const blob = encodeValue(s, { name: "bün", xs: [1.5, -2] });
    const { relptr, bytes } = a.alloc(blob.length);
    bytes.set(blob);
    const script = `
import sys
from morloc import Arena, decode
a = Arena.create(sys.argv[1], 1)
r = int(sys.argv[2])
print(decode("m2:4:names2:xsaf8", a.read(r)))
a.release(r)
a.close()`;
    const out = Bun.spawnSync(["python3", "-c", script, p, relptr.toString()], { cwd: PY, env: { ...process.env, PYTHONPATH: PY } });
    expect(out.stderr.toString()).toBe("");
    expect(out.stdout.toString().trim()).toBe("{'name': 'bün', 'xs': [1.5, -2.0]}");
    expect(a.outstandingBlocks).toBe(1);
    const again = a.alloc(blob.length);
    expect(again.relptr).toBe(relptr); // the released block was reclaimed and reused
    expect(a.outstandingBlocks).toBe(1);
    expect(decodeValue(s, a.read(relptr, blob.length))).toEqual({ name: "bün", xs: [1.5, -2] });
    expect(segments(p)).toEqual([`${p}/0-0`]); // Python's close did not unlink Bun's volume
  });

  test("sweepOrphans removes the run folder of a killed process (its lock is free), and only that", async () => {
    const child = Bun.spawn(["python3", "-c", `
import os, sys, time
from morloc import Arena
a = Arena.create("mlc-%d-deadbeef" % os.getpid(), 1)
a.alloc(10)
print("ready", flush=True)
time.sleep(30)`], { cwd: PY, env: { ...process.env, PYTHONPATH: PY }, stdout: "pipe" });
    const reader = child.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("ready");
    const name = `mlc-${child.pid}-deadbeef`;
    expect(readdirSync(`/dev/shm/${name}`)).toContain("1-0");
    child.kill(9);
    await child.exited;
    const mine = make();
    mine.alloc(1); // a live process's segment must survive the sweep
    const removed = sweepOrphans();
    expect(removed).toContain(name);
    expect(readdirSync("/dev/shm")).not.toContain(name);
    expect(segments(mine.prefix)).toEqual([mine.ownVolumes[0]]);
  });
});
