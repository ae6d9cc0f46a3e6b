// What the nexus says about arguments it cannot use, and the forms it reads and prints: each test
// failed before the hardening fixes (issue 21 items 7, 9, 10, 11, 13 and "arguments that look like
// JSON"). runNexus writes through a captured NexusIO; no pools start.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "@msgpack/msgpack";
import { runNexus, type NexusIO } from "../../src/nexus/run";
import type { Manifest } from "../../src/nexus/manifest";

const work = mkdtempSync(join(tmpdir(), "morloc-args-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const M: Manifest = {
  module: "demo",
  pools: {},
  commands: [
    { name: "id", params: [{ name: "x", type: "Real", schema: "f8" }], return: { type: "Real", schema: "f8" }, pure: { kind: "param", index: 0 } },
    { name: "ids", params: [{ name: "xs", type: "[Real]", schema: "af8" }], return: { type: "[Real]", schema: "af8" }, pure: { kind: "param", index: 0 } },
    { name: "n", params: [{ name: "k", type: "Int", schema: "i8" }], return: { type: "Int", schema: "i8" }, pure: { kind: "param", index: 0 } },
  ],
};

async function run(argv: string[], io?: Partial<NexusIO>, m: Manifest = M) {
  let out = "";
  let err = "";
  const code = await runNexus(m, "/nonexistent", argv, {
    stdout: io?.stdout ?? (async (d) => void (out += typeof d === "string" ? d : "")),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

test("a missing file is named as missing, not called bad JSON", async () => {
  const r = await run(["ids", join(work, "nothing-here.json")]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("no file named");
  expect(r.err).not.toContain("invalid JSON at character 1");
});

test("JSON nested 100 000 deep is refused with its depth, not a stack overflow", async () => {
  const deep = join(work, "deep.json");
  writeFileSync(deep, "[".repeat(100_000) + "]".repeat(100_000));
  const r = await run(["ids", deep]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("nested deeper than");
  expect(r.err).not.toContain("call stack");
  // MessagePack too: 100 000 nested one-element arrays
  const bytes = new Uint8Array(100_001).fill(0x91);
  bytes[100_000] = 0xc0;
  writeFileSync(join(work, "deep.mpk"), bytes);
  const m = await run(["ids", join(work, "deep.mpk")]);
  expect(m.code).toBe(2);
  expect(m.err).toContain("nested deeper than");
});

test("truncated MessagePack says where it ends", async () => {
  const full = encode([1.5, 2.5, 3.5]);
  writeFileSync(join(work, "cut.mpk"), full.subarray(0, full.length - 3));
  const r = await run(["ids", join(work, "cut.mpk")]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("truncated");
  expect(r.err).toContain(`byte ${full.length - 3}`);
  expect(r.err).not.toContain("Out of bounds");
});

test("a token that reads as JSON is JSON even when a file of that name exists", async () => {
  const cwd = process.cwd();
  writeFileSync(join(work, "7"), "99");
  writeFileSync(join(work, "null"), "99");
  process.chdir(work);
  try {
    const r = await run(["n", "7"]);
    expect(r).toEqual({ code: 0, out: "7\n", err: "" });
  } finally {
    process.chdir(cwd);
  }
});

test("non-finite Reals print as \"nan\", \"inf\", \"-inf\" and are read back", async () => {
  for (const [given, printed] of [['"inf"', '"inf"'], ['"-inf"', '"-inf"'], ['"nan"', '"nan"'], ['"Infinity"', '"inf"']]) {
    const r = await run(["id", given!]);
    expect(r).toEqual({ code: 0, out: printed + "\n", err: "" });
  }
  const list = await run(["ids", '[1, "nan", "-inf"]']);
  expect(list.out).toBe('[1.0,"nan","-inf"]\n');
  expect((await run(["id", '"banana"'])).code).toBe(2);
});

test("--timeout covers reading the arguments: a FIFO with no writer ends with exit 3", async () => {
  const fifo = join(work, "fifo");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  const t0 = performance.now();
  const r = await run(["--timeout", "0.5", "ids", fifo]);
  expect(r.code).toBe(3);
  expect(r.err).toContain("timed out after 0.5 s while reading its arguments");
  expect(performance.now() - t0).toBeLessThan(20_000);
});

test("a bad MORLOC_ARENA_MAX is a usage error naming the variable", async () => {
  const saved = process.env.MORLOC_ARENA_MAX;
  process.env.MORLOC_ARENA_MAX = "banana";
  try {
    const r = await run(["id", "1"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("MORLOC_ARENA_MAX");
    expect(r.err).not.toContain("internal error");
  } finally {
    if (saved === undefined) delete process.env.MORLOC_ARENA_MAX;
    else process.env.MORLOC_ARENA_MAX = saved;
  }
});

test("help into a closed pipe ends quietly with 141", async () => {
  const epipe = async () => {
    throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
  };
  for (const argv of [["-h"], [], ["id", "-h"]]) {
    const r = await run(argv, { stdout: epipe });
    expect(r.code).toBe(141);
    expect(r.err).toBe("");
  }
});
