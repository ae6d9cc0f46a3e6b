// Labelled calls end to end (docs/labels.md): the result cache (hit without starting the pool,
// miss after a source edit or a hash-include edit, concurrent writers, a corrupt entry, a cached
// step reused after a failed run, trust refusal, --no-cache), `--config` at run time, and
// `nexus --call-packet F --output-file R`, the seam a cluster node runs.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readResultPacketFile, writeCallPacketFile } from "../../src/nexus/labelled";
import { decodeValue, encodeValue, parseSchema } from "../../shm";

const repo = resolve(import.meta.dir, "../..");
const morloc = join(repo, "dist", "morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-labels-"));
const env = { ...process.env, XDG_CACHE_HOME: join(work, "xdg") };
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LOC = `module pipe (total, pipeline, twice, each)
source Py from "f.py" ("sum_py" as sumPy, "check" as check, "dbl" as dbl, "map_list" as map)
sumPy :: [Real] -> Real
check :: Real -> Real
dbl :: Real -> Real
map a b :: (a -> b) -> [a] -> [b]
total xs = slow@sumPy xs
pipeline xs = check (slow@sumPy xs)
twice x = dbl (fast@dbl x)
each xs = map fast@dbl xs
`;
const PY = `import os, sys
def sum_py(xs):
    print("computing sum_py", file=sys.stderr)
    return float(sum(xs))
def check(x):
    if os.environ.get("FAIL_CHECK"):
        raise ValueError("check failed")
    return x
def map_list(f, xs):
    return [f(x) for x in xs]
def dbl(x):
    print("computing dbl", file=sys.stderr)
    return 2 * x
`;
const YAML = `labeled-groups:
  slow:
    cache: true
  fast:
    cache: true
hash-include:
  - ref.txt
`;

/** A fresh copy of the program in its own folder, built. */
function program(name: string, files: Record<string, string> = {}): { dir: string; nexus: string; make(): void } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const all = { "main.loc": LOC, "f.py": PY, "main.yaml": YAML, "ref.txt": "reference 1\n", ...files };
  for (const [f, text] of Object.entries(all)) writeFileSync(join(dir, f), text);
  const nexus = join(dir, "nexus");
  const make = () => {
    const p = Bun.spawnSync([morloc, "make", "-o", nexus, "main.loc"], { cwd: dir, env });
    if (p.exitCode !== 0) throw new Error(`make failed: ${p.stderr.toString()}`);
  };
  make();
  return { dir, nexus, make };
}

function run(nexus: string, args: string[], extra: Record<string, string> = {}): { out: string; err: string; code: number } {
  const p = Bun.spawnSync([nexus, ...args], { env: { ...env, ...extra }, cwd: work });
  return { out: p.stdout.toString().trim(), err: p.stderr.toString(), code: p.exitCode ?? -1 };
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => !statSync(join(dir, f)).isDirectory()).sort();
}

describe("result cache", () => {
  let p: ReturnType<typeof program>;
  beforeAll(() => {
    p = program("main");
  }, 120_000);

  test("a second run with the same arguments is answered from the cache without starting the pool", () => {
    const cache = join(work, "c-hit");
    const a = run(p.nexus, ["total", "[1,2,3]"], { MORLOC_CACHE_DIR: cache });
    expect(a).toMatchObject({ out: "6.0", code: 0 });
    expect(a.err).toContain("computing sum_py");
    // MORLOC_PYTHON pointing nowhere: a hit must not even try to start Python
    const b = run(p.nexus, ["total", "[1,2,3]"], { MORLOC_CACHE_DIR: cache, MORLOC_PYTHON: "/nonexistent/python" });
    expect(b).toMatchObject({ out: "6.0", code: 0, err: "" });
    const c = run(p.nexus, ["total", "[3,2,1]"], { MORLOC_CACHE_DIR: cache });
    expect(c.err).toContain("computing sum_py");
    // two keys, one stored value (equal results are stored once)
    expect(files(join(cache, "slow")).length).toBe(2);
    expect(files(join(cache, "data")).length).toBe(1);
  }, 60_000);

  test("MORLOC_CACHE_BASE and XDG_CACHE_HOME place the cache when MORLOC_CACHE_DIR is unset", () => {
    const base = join(work, "c-base");
    run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_BASE: base });
    expect(files(join(base, "slow")).length).toBe(1);
    const xdg = join(work, "xdg2");
    run(p.nexus, ["total", "[1]"], { XDG_CACHE_HOME: xdg });
    expect(files(join(xdg, "morloc", "cache", "slow")).length).toBe(1);
  }, 60_000);

  test("--no-cache neither reads nor writes the cache", () => {
    const cache = join(work, "c-nocache");
    const a = run(p.nexus, ["--no-cache", "total", "[1,2]"], { MORLOC_CACHE_DIR: cache });
    expect(a).toMatchObject({ out: "3.0", code: 0 });
    expect(files(join(cache, "slow"))).toEqual([]);
    run(p.nexus, ["total", "[1,2]"], { MORLOC_CACHE_DIR: cache });
    expect(run(p.nexus, ["--no-cache", "total", "[1,2]"], { MORLOC_CACHE_DIR: cache }).err).toContain("computing sum_py");
  }, 60_000);

  test("a labelled call inside a body (same language) is cached too", () => {
    const cache = join(work, "c-inner");
    expect(run(p.nexus, ["twice", "5"], { MORLOC_CACHE_DIR: cache }).err.match(/computing dbl/g)?.length).toBe(2);
    const b = run(p.nexus, ["twice", "5"], { MORLOC_CACHE_DIR: cache });
    expect(b).toMatchObject({ out: "20.0", code: 0 });
    // the outer dbl is not labelled: computed every time; the labelled one came from the cache
    expect(b.err.match(/computing dbl/g)?.length).toBe(1);
  }, 60_000);

  test("map lbl@f xs is cached element by element", () => {
    const cache = join(work, "c-map");
    const a = run(p.nexus, ["each", "[1,2]"], { MORLOC_CACHE_DIR: cache });
    expect(a).toMatchObject({ out: "[2.0,4.0]", code: 0 });
    expect(a.err.match(/computing dbl/g)?.length).toBe(2);
    const b = run(p.nexus, ["each", "[2,3,1]"], { MORLOC_CACHE_DIR: cache });
    expect(b).toMatchObject({ out: "[4.0,6.0,2.0]", code: 0 });
    expect(b.err.match(/computing dbl/g)?.length).toBe(1);
    expect(run(p.nexus, ["each", "[]"], { MORLOC_CACHE_DIR: cache })).toMatchObject({ out: "[]", code: 0 });
  }, 60_000);

  test("a cached step inside a failed run is reused by the re-run; failures are not cached", () => {
    const cache = join(work, "c-rerun");
    const a = run(p.nexus, ["pipeline", "[4,5]"], { MORLOC_CACHE_DIR: cache, FAIL_CHECK: "1" });
    expect(a.code).toBe(1);
    expect(a.err).toContain("check failed");
    expect(a.err).toContain("computing sum_py");
    const b = run(p.nexus, ["pipeline", "[4,5]"], { MORLOC_CACHE_DIR: cache });
    expect(b).toMatchObject({ out: "9.0", code: 0 });
    expect(b.err).not.toContain("computing sum_py");
  }, 60_000);

  test("a corrupt entry is recomputed with a warning, then stored again", () => {
    const cache = join(work, "c-corrupt");
    run(p.nexus, ["total", "[7]"], { MORLOC_CACHE_DIR: cache });
    const [data] = files(join(cache, "data"));
    writeFileSync(join(cache, "data", data!), "garbage", { mode: 0o600 });
    const b = run(p.nexus, ["total", "[7]"], { MORLOC_CACHE_DIR: cache });
    expect(b).toMatchObject({ out: "7.0", code: 0 });
    expect(b.err).toContain("is corrupt; computing it again");
    expect(b.err).toContain("computing sum_py");
    const c = run(p.nexus, ["total", "[7]"], { MORLOC_CACHE_DIR: cache });
    expect(c).toMatchObject({ out: "7.0", code: 0, err: "" });
    // a truncated key entry too
    const [entry] = files(join(cache, "slow"));
    writeFileSync(join(cache, "slow", entry!), "abc", { mode: 0o600 });
    expect(run(p.nexus, ["total", "[7]"], { MORLOC_CACHE_DIR: cache }).err).toContain("is corrupt");
  }, 60_000);

  test("concurrent writers of the same key leave one whole entry and no temp files", async () => {
    const cache = join(work, "c-concurrent");
    const procs = Array.from({ length: 6 }, () => Bun.spawn([p.nexus, "total", "[1,2,3,4]"], { env: { ...env, MORLOC_CACHE_DIR: cache }, stdout: "pipe", stderr: "pipe" }));
    const outs = await Promise.all(procs.map(async (q) => [await new Response(q.stdout).text(), await q.exited] as const));
    for (const [out, code] of outs) expect([out.trim(), code]).toEqual(["10.0", 0]);
    expect(files(join(cache, "slow")).length).toBe(1);
    expect(files(join(cache, "data")).length).toBe(1);
    expect(files(cache).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(run(p.nexus, ["total", "[1,2,3,4]"], { MORLOC_CACHE_DIR: cache })).toMatchObject({ out: "10.0", err: "" });
  }, 60_000);

  test("a folder or entry that others can write is never trusted", () => {
    const cache = join(work, "c-trust");
    run(p.nexus, ["total", "[2]"], { MORLOC_CACHE_DIR: cache });
    const [entry] = files(join(cache, "slow"));
    chmodSync(join(cache, "slow", entry!), 0o666);
    const a = run(p.nexus, ["total", "[2]"], { MORLOC_CACHE_DIR: cache });
    expect(a).toMatchObject({ out: "2.0", code: 0 });
    expect(a.err).toContain("ignoring the cached result");
    expect(a.err).toContain("group or others can write it");
    expect(a.err).toContain("computing sum_py");
    chmodSync(join(cache, "slow"), 0o777);
    const b = run(p.nexus, ["total", "[2]"], { MORLOC_CACHE_DIR: cache });
    expect(b).toMatchObject({ out: "2.0", code: 0 });
    expect(b.err).toContain("not using the result cache");
    expect(b.err).toContain("computing sum_py");
    chmodSync(join(cache, "slow"), 0o700);
  }, 60_000);
});

describe("cache identity", () => {
  test("editing the source, or a hash-include file, misses; an unrelated run folder does not matter", () => {
    const p = program("edit");
    const cache = join(work, "c-edit");
    run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_DIR: cache });
    expect(run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_DIR: cache }).err).toBe("");
    writeFileSync(join(p.dir, "f.py"), PY + "# edited\n");
    p.make();
    expect(run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_DIR: cache }).err).toContain("computing sum_py");
    expect(run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_DIR: cache }).err).toBe("");
    writeFileSync(join(p.dir, "ref.txt"), "reference 2\n");
    p.make();
    expect(run(p.nexus, ["total", "[1]"], { MORLOC_CACHE_DIR: cache }).err).toContain("computing sum_py");
  }, 120_000);
});

describe("nexus --config and --call-packet", () => {
  let p: ReturnType<typeof program>;
  beforeAll(() => {
    p = program("cfg");
  }, 120_000);

  test("--config replaces the embedded configuration (here: no cache)", () => {
    const cache = join(work, "c-cfg");
    writeFileSync(join(work, "nocache.yaml"), "labeled-groups:\n  slow:\n    cache: false\n  fast: {}\n");
    run(p.nexus, ["--config", join(work, "nocache.yaml"), "total", "[1]"], { MORLOC_CACHE_DIR: cache });
    expect(run(p.nexus, ["--config", join(work, "nocache.yaml"), "total", "[1]"], { MORLOC_CACHE_DIR: cache }).err).toContain("computing sum_py");
    expect(files(cache)).toEqual([]);
  }, 60_000);

  test("a bad --config file is exit 2 with its line and column", () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, "labeled-groups:\n  slow:\n    cache: yes please\n");
    const a = run(p.nexus, ["--config", bad, "total", "[1]"]);
    expect(a.code).toBe(2);
    expect(a.err).toContain(`${bad}:3:5: cache must be true or false`);
    writeFileSync(bad, "labeled-groups:\n  fast: {}\n");
    const b = run(p.nexus, ["--config", bad, "total", "[1]"]);
    expect(b.code).toBe(2);
    expect(b.err).toContain("Undefined label 'slow': no matching entry in module config labeled-groups");
    expect(run(p.nexus, ["--config", join(work, "missing.yaml"), "total", "[1]"]).code).toBe(2);
  }, 60_000);

  test("--call-packet runs one labelled call from a packet file and writes the result packet", () => {
    const manifestText = readFileSync(p.nexus).toString("latin1");
    const id = Number(/"labelled":\[\{"id":(\d+)/.exec(manifestText)![1]);
    const f = join(work, "call.pkt");
    const r = join(work, "result.pkt");
    writeCallPacketFile(f, id, [encodeValue(parseSchema("af8"), [1.5, 2.5])], ["af8"]);
    const a = run(p.nexus, ["--call-packet", f, "--output-file", r], { MORLOC_CACHE_DIR: join(work, "c-node") });
    expect(a.code).toBe(0);
    expect(decodeValue(parseSchema("f8"), readResultPacketFile(r))).toBe(4);
    // bad command lines and unknown calls are usage errors
    const g = join(work, "call2.pkt");
    expect(run(p.nexus, ["--call-packet", f, "--output-file", r, "--bogus"]).code).toBe(2);
    expect(run(p.nexus, ["--call-packet", f]).code).toBe(2);
    writeCallPacketFile(g, 9999, [], []);
    expect(run(p.nexus, ["--call-packet", g, "--output-file", r]).code).toBe(2);
  }, 60_000);
});
