// `./nexus --slurm ... CMD ARGS` on the real one-node cluster (tests/slurm/cluster.sh): the result
// and exit status as if local, the job's environment, each way a job can end badly (memory, time
// limit, cancelled, node failure, sbatch refusing or missing) as one message with exit 3, Ctrl-C
// cancelling the job, and nothing left in the shared folder.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { cluster, jobTools, removeDir, sharedDir, titled } from "./cluster";

const c = cluster();
const skip = !c.ok;
const morloc = join(import.meta.dir, "../../dist/morloc");
let work: string;
let shared: string;
let nexus: string;
let env: Record<string, string>;
// the time-limit case needs a minute (SLURM's limits are whole minutes): it runs beside the others
let timeShared: string;
let timeProc: ReturnType<typeof spawn> | undefined;
let timeLimited: Promise<{ code: number; out: string; err: string }>;

const { spawn, run, sh, runningJob } = jobTools(() => ({ cwd: work, env }));
const jobState = (id: string) => /JobState=(\S+)/.exec(sh(["scontrol", "show", "job", "-o", id]))?.[1];

beforeAll(async () => {
  if (skip) return;
  env = { ...c.env };
  work = mkdtempSync(join(tmpdir(), "morloc-slurm-whole-"));
  shared = sharedDir();
  env.MORLOC_SHARED_DIR = shared;
  writeFileSync(
    join(work, "main.loc"),
    `module sl (twice, hog, nap, jobid, fails, napper)
source Py from "t.py" ("twice", "hog", "nap", "jobid", "fails", "nap" as napper)
twice :: Int -> Int
hog :: Int -> Int
nap :: Int -> Int
napper :: Int -> Int
jobid :: Int -> Str
fails :: Int -> Int
`,
  );
  writeFileSync(
    join(work, "t.py"),
    `import os, time
def twice(x):
    return 2 * x
def hog(mb):
    b = bytearray(mb * 1024 * 1024)
    for i in range(0, len(b), 4096):
        b[i] = 1
    time.sleep(10)
    return len(b)
def nap(s):
    time.sleep(s)
    return s
def jobid(x):
    return os.environ.get("SLURM_JOB_ID", "none") + " " + os.environ.get("MORLOC_TEST_MARK", "")
def fails(x):
    raise ValueError(f"no good: {x}")
`,
  );
  const r = Bun.spawnSync([morloc, "make", "-o", "nexus", "main.loc"], { cwd: work, stdout: "pipe", stderr: "pipe" });
  expect(r.stderr.toString()).toBe("");
  nexus = join(work, "nexus");
  // its own shared folder: it is still running while the other tests check theirs is empty
  timeShared = sharedDir();
  timeProc = spawn([nexus, "--slurm", "--time", "1", "napper", "600"], { MORLOC_SHARED_DIR: timeShared });
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

const empty = () => expect(readdirSync(shared)).toEqual([]);

test.skipIf(skip)(titled(c, "the result, printed as if local, from a job that saw the caller's environment"), async () => {
  const r = await run([nexus, "--slurm", "twice", "21"]);
  expect(r).toEqual({ code: 0, out: "42\n", err: "" });
  const j = await run([nexus, "--slurm", "--mem", "400M", "--cpus", "1", "jobid", "0"], { MORLOC_TEST_MARK: "exported" });
  expect(j.code).toBe(0);
  expect(j.out).toMatch(/^"\d+ exported"\n$/);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "the program's own error keeps its message and exit 1"), async () => {
  const r = await run([nexus, "--slurm", "fails", "7"]);
  expect(r.code).toBe(1);
  expect(r.out).toBe("");
  expect(r.err).toContain("no good: 7");
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "a job over its memory limit: one message naming the limit and the host, exit 3"), async () => {
  const r = await run([nexus, "--slurm", "--mem", "100M", "hog", "400"]);
  expect(r.code).toBe(3);
  expect(r.out).toBe("");
  expect(r.err).toMatch(new RegExp(`^sl: job \\d+ \\(hog\\) ran out of memory \\(limit 100M\\) on host ${hostname()}\\n`));
  expect(r.err).not.toContain("slurmstepd");
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "a job cancelled by someone else: exit 3, says so"), async () => {
  const p = run([nexus, "--slurm", "nap", "300"]);
  const id = await runningJob("sl-nap");
  sh(["scancel", id]);
  const r = await p;
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/^sl: job \d+ \(nap\) was cancelled/);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "Ctrl-C or SIGTERM of the nexus cancels its job"), async () => {
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const p = spawn([nexus, "--slurm", "nap", "301"]);
    const id = await runningJob("sl-nap");
    p.kill(sig);
    expect(await p.exited).toBe(code);
    expect(await new Response(p.stderr).text()).toContain(`interrupted by ${sig}; its SLURM job was cancelled`);
    // the scheduler has it as cancelled, and nothing of it runs any more
    expect(jobState(id)).toMatch(/^CANCELLED|COMPLETING/);
    expect(sh(["squeue", "-h", "-j", id, "-t", "RUNNING,PENDING", "-o", "%i"])).toBe("");
    empty();
  }
}, 60_000);

test.skipIf(skip)(titled(c, "sbatch refusing the job (no such partition) or missing: exit 3 with its reason"), async () => {
  const r = await run([nexus, "--slurm", "--partition", "nosuch", "twice", "1"]);
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/^sl: sbatch refused the job sl-twice: .*[Pp]artition/);
  const emptyPath = mkdtempSync(join(tmpdir(), "morloc-nopath-"));
  const m = await run([nexus, "--slurm", "twice", "1"], { PATH: emptyPath });
  rmSync(emptyPath, { recursive: true });
  expect(m.code).toBe(3);
  expect(m.err).toBe(`sl: sbatch is not installed on host ${hostname()} (is this a SLURM login node?)\n`);
  empty();
}, 60_000);

test.skipIf(skip)(titled(c, "bad resource options are usage errors before anything is submitted"), async () => {
  const r = await run([nexus, "--slurm", "--mem", "lots", "twice", "1"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain(`--mem needs a size such as 500M or 16G, got "lots"`);
}, 30_000);

test.skipIf(skip)(titled(c, "a shared folder another user could write is not used"), async () => {
  const open = join(work, "open-shared");
  mkdirSync(open);
  chmodSync(open, 0o777);
  const r = await run([nexus, "--slurm", "twice", "1"], { MORLOC_SHARED_DIR: open });
  expect(r.code).toBe(3);
  expect(r.err).toContain(`${open} cannot be trusted: group or others can write it`);
  expect(readdirSync(open)).toEqual([]);
}, 30_000);

test.skipIf(skip)(titled(c, "a job over its time limit: exit 3, names the limit"), async () => {
  const r = await timeLimited;
  expect(r.code).toBe(3);
  expect(r.err).toMatch(/^sl: job \d+ \(napper\) reached its time limit \(00:01:00\) on host /);
  expect(readdirSync(timeShared)).toEqual([]);
}, 150_000);

// last: the node going down would end the time-limited job too
test.skipIf(skip)(titled(c, "a job whose node fails: exit 3, names the node"), async () => {
  // short: a "failed" node's processes are not killed by SLURM, and this one must end by itself
  const p = run([nexus, "--slurm", "nap", "4"]);
  await runningJob("sl-nap");
  const node = hostname().split(".")[0]!;
  sh(["scontrol", "update", `nodename=${node}`, "state=down", "reason=morloc-test"]);
  try {
    const r = await p;
    expect(r.code).toBe(3);
    expect(r.err).toMatch(new RegExp(`^sl: job \\d+ \\(nap\\) failed because its node ${node} failed`));
  } finally {
    sh(["scontrol", "update", `nodename=${node}`, "state=resume"]);
    for (let i = 0; i < 100 && !/idle|mixed/.test(sh(["sinfo", "-h", "-n", node, "-o", "%T"])); i++) await Bun.sleep(100);
  }
  empty();
  await Bun.sleep(4500); // the orphaned step ends
}, 60_000);
