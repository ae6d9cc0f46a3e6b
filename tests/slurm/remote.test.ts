// Labelled calls of `remote` groups on the real one-node cluster (tests/slurm/cluster.sh): each call
// one sbatch job with the group's resources, `map lbl@f xs` one job array (results in order, one
// array job id), failures of single elements by index, memory/time/cancel as exit 3, Ctrl-C
// cancelling what was submitted, and the shared folder left empty.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cluster, jobTools, removeDir, sharedDir, titled } from "./cluster";

const c = cluster();
const skip = !c.ok;
const morloc = join(import.meta.dir, "../../dist/morloc");
let work: string;
let shared: string;
let timeShared: string;
let nexus: string;
let env: Record<string, string>;
let timeProc: ReturnType<typeof spawn> | undefined;
let timeLimited: Promise<{ code: number; out: string; err: string }>;

const { spawn, run, sh, runningJob } = jobTools(() => ({ cwd: work, env }));
/** Every job of this name the controller still knows: id, state, cpus, memory, time limit. */
const jobsNamed = (name: string) =>
  sh(["squeue", "-h", "-t", "all", "-n", name, "-o", "%i %T %C %m %l"])
    .split("\n")
    .filter((l) => l)
    .map((l) => l.split(/\s+/));
const empty = () => expect(readdirSync(shared)).toEqual([]);

beforeAll(async () => {
  if (skip) return;
  env = { ...c.env };
  work = mkdtempSync(join(tmpdir(), "morloc-slurm-remote-"));
  shared = sharedDir();
  timeShared = sharedDir();
  env.MORLOC_SHARED_DIR = shared;
  writeFileSync(
    join(work, "main.loc"),
    `module rem (both, many, arrayIds, scaled, checks, hogs, slow, slowAll)
import base (map)
source Py from "t.py" ("twice", "add", "mul", "ids", "check", "hog", "nap", "rev")
twice :: Int -> Int
add :: Int -> Int -> Int
mul :: Int -> Int -> Int
ids :: Int -> (Str, Str, Int)
check :: Int -> Int
hog :: Int -> Int
nap :: Int -> Int
rev :: [Int] -> [Int]

-- two remote calls in one expression, each its own job
both x = add (big@twice x) (big@twice (add x 1))
-- one array job; results in order
many xs = map big@twice xs
arrayIds xs = map big@ids xs
-- a captured argument and a list that is an expression
scaled k xs = map (big@mul k) (rev xs)
checks xs = map big@check xs
hogs xs = map small@hog xs
slow x = quick@nap x
slowAll xs = map big@nap xs
`,
  );
  writeFileSync(
    join(work, "main.yaml"),
    `labeled-groups:
  big:
    remote: { threads: 1, memory: 1, time: "00:10:00", gpus: 0 }
  small:
    remote: { threads: 1, memory: 1 }
  quick:
    remote: { time: "00:01:00" }
`,
  );
  writeFileSync(
    join(work, "t.py"),
    `import os, time
def twice(x):
    return 2 * x
def add(a, b):
    return a + b
def mul(a, b):
    return a * b
def rev(xs):
    return list(reversed(xs))
def ids(x):
    return (os.environ.get("SLURM_JOB_ID", ""), os.environ.get("SLURM_ARRAY_JOB_ID", ""), x)
def check(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x
def hog(mb):
    b = bytearray(mb * 1024 * 1024)
    for i in range(0, len(b), 4096):
        b[i] = 1
    time.sleep(3)
    return mb
def nap(s):
    time.sleep(s)
    return s
`,
  );
  const r = Bun.spawnSync([morloc, "make", "-o", "nexus", "main.loc"], { cwd: work, stdout: "pipe", stderr: "pipe" });
  expect(r.stderr.toString()).toBe("");
  nexus = join(work, "nexus");
  // SLURM time limits are whole minutes: this one runs beside the other tests
  timeProc = spawn([nexus, "slow", "600"], { MORLOC_SHARED_DIR: timeShared });
  const tp = timeProc;
  timeLimited = Promise.all([new Response(tp.stdout).text(), new Response(tp.stderr).text(), tp.exited]).then(([out, err, code]) => ({ code, out, err }));
}, 120_000);

afterAll(async () => {
  if (skip) return;
  // a filtered run (-t) never awaited it: SIGTERM makes it cancel its job
  if (timeProc && timeProc.exitCode === null && !timeProc.killed) {
    timeProc.kill("SIGTERM");
    await timeProc.exited;
  }
  c.stop();
  removeDir(work);
  removeDir(shared);
  removeDir(timeShared);
}, 30_000);

test.skipIf(skip)(titled(c, "each remote call is one job with the group's resources; the result comes back"), async () => {
  expect(await run([nexus, "both", "3"])).toEqual({ code: 0, out: "14\n", err: "" });
  const jobs = jobsNamed("rem-big-twice");
  expect(jobs.length).toBe(2);
  // threads 1 → 1 cpu, memory 1 (GB) → 1G, time 00:10:00
  for (const [, state, cpus, mem, limit] of jobs) expect([state, cpus, mem, limit]).toEqual(["COMPLETED", "1", "1G", "10:00"]);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "map lbl@f xs is one array job: results in order, one array job id across the elements"), async () => {
  const r = await run([nexus, "many", "[5,1,4,2,3,9,7]"]);
  expect(r).toEqual({ code: 0, out: "[10,2,8,4,6,18,14]\n", err: "" });
  const ids = await run([nexus, "arrayIds", "[10,20,30,40]"]);
  expect(ids.code).toBe(0);
  const rows = JSON.parse(ids.out) as [string, string, number][];
  expect(rows.map((x) => x[2])).toEqual([10, 20, 30, 40]);
  const arrayIds = new Set(rows.map((x) => x[1]));
  expect(arrayIds.size).toBe(1);
  expect([...arrayIds][0]).toMatch(/^\d+$/);
  // each element is its own task (its own SLURM_JOB_ID) of that one array
  expect(new Set(rows.map((x) => x[0])).size).toBe(4);
  expect(jobsNamed("rem-big-ids").map((j) => j[0]!.split("_")[0])).toEqual(Array(4).fill([...arrayIds][0]));
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "a captured argument and a computed list reach every element"), async () => {
  expect(await run([nexus, "scaled", "3", "[1,2,3]"])).toEqual({ code: 0, out: "[9,6,3]\n", err: "" });
  expect(await run([nexus, "many", "[]"])).toEqual({ code: 0, out: "[]\n", err: "" });
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "elements whose code raised are reported by index (exit 1)"), async () => {
  const r = await run([nexus, "checks", "[1,-2,3,-4]"]);
  expect(r.code).toBe(1);
  expect(r.out).toBe("");
  expect(r.err).toMatch(/2 of 4 elements of array job \d+ failed \(1, 3\)/);
  expect(r.err).toContain("[1] ");
  expect(r.err).toContain("negative: -2");
  expect(r.err).toContain("[3] ");
  expect(r.err).toContain("negative: -4");
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "an element over its group's memory: exit 3, the index and the limit"), async () => {
  const r = await run([nexus, "hogs", "[1,1500,2]"]);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/^rem: small@hog \(.*main\.loc:\d+:\d+\) failed remotely: 1 of 3 elements of array job \d+ failed \(1\):\n {2}\[1\] element 1 \(job \d+_1\) ran out of memory \(limit 1G\) on host /);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "a remote job cancelled by someone else: exit 3"), async () => {
  const p = run([nexus, "slowAll", "[300]"]);
  const id = await runningJob("rem-big-nap");
  sh(["scancel", id.split("_")[0]!]);
  const r = await p;
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/element 0 \(job \d+_0\) was cancelled/);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "Ctrl-C of the nexus cancels every job it submitted and leaves nothing"), async () => {
  const p = spawn([nexus, "slowAll", "[301,302]"]);
  const id = (await runningJob("rem-big-nap")).split("_")[0]!;
  p.kill("SIGINT");
  expect(await p.exited).toBe(130);
  expect(sh(["squeue", "-h", "-j", id, "-t", "RUNNING,PENDING", "-o", "%i"])).toBe("");
  expect(sh(["scontrol", "show", "job", "-o", id])).toContain("JobState=CANCELLED");
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "a remote call over its group's time limit: exit 3, names the limit"), async () => {
  const r = await timeLimited;
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/quick@nap \(.*\) failed remotely: job \d+ reached its time limit \(00:01:00\) on host /);
  expect(readdirSync(timeShared)).toEqual([]);
}, 150_000);

test.skipIf(skip)(titled(c, "MORLOC_REMOTE=local runs remote groups on this machine"), async () => {
  expect(await run([nexus, "both", "3"], { MORLOC_REMOTE: "local", PATH: "/nonexistent" })).toEqual({ code: 0, out: "14\n", err: "" });
}, 30_000);
