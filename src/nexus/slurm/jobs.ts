// Submitting to SLURM and waiting for jobs, with the scheduler's own tools only: `sbatch` to submit,
// `scontrol show job` to follow (no `sacct`: many clusters, and the test cluster, run without
// accounting), `scancel` for every job this process submitted when it is interrupted or gives up.

import { hostname } from "node:os";

/**
 * The batch script: run `command` (shell words) in `cwd`, forwarding SIGTERM (scancel, a time
 * limit) to it so its pools end with it, then record its exit status at `rc` (a shell word), written
 * last and renamed: its presence means the command ran to its end.
 */
export function jobScript(cwd: string, command: string, rc: string): string {
  return [
    "#!/bin/sh",
    `cd '${cwd.replaceAll("'", `'\\''`)}' || exit 1`,
    `trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP`,
    `${command} </dev/null &`,
    "child=$!",
    'while :; do wait "$child"; status=$?; kill -0 "$child" 2>/dev/null || break; done',
    `echo "$status" > ${rc}.tmp && mv ${rc}.tmp ${rc}`,
    "",
  ].join("\n");
}

/** A scheduler-side failure (exit status 3): the message says what happened to which job. */
export class SlurmFailure extends Error {}

export interface Resources {
  partition?: string;
  /** SLURM time format ("0-02:00:00", "30", "1:00"). */
  time?: string;
  /** SLURM memory ("16G", "500M"). */
  mem?: string;
  cpus?: number;
  gpus?: number;
}

export interface Submission {
  script: string;
  name: string;
  /** Job output files; `%a` stands for the array index. */
  stdout: string;
  stderr: string;
  /** An array job with elements 0..array-1. */
  array?: number;
  resources: Resources;
}

/** One task's end: an ordinary job, or one element of an array. */
export interface TaskEnd {
  jobId: string;
  index: number | null;
  state: string;
  reason: string;
  exitCode: string;
  node: string;
  timeLimit: string;
  memory: string;
}

const submitted = new Set<string>();
const aborters = new Set<(e: Error) => void>();
let handlersInstalled = false;

/** The sbatch options for a submission; resources left out are the cluster's defaults. */
export function sbatchArgs(s: Submission): string[] {
  const r = s.resources;
  // --no-requeue: a job whose node fails is reported (NODE_FAIL), not silently queued again
  const a = ["--parsable", "--export=ALL", "--no-requeue", `--job-name=${s.name}`, `--output=${s.stdout}`, `--error=${s.stderr}`];
  if (s.array !== undefined) a.push(`--array=0-${s.array - 1}`);
  if (r.partition) a.push(`--partition=${r.partition}`);
  if (r.time) a.push(`--time=${r.time}`);
  if (r.mem) a.push(`--mem=${r.mem}`);
  if (r.cpus && r.cpus > 0) a.push(`--cpus-per-task=${r.cpus}`);
  if (r.gpus && r.gpus > 0) a.push(`--gres=gpu:${r.gpus}`);
  return a;
}

function tool(name: string): string {
  const p = Bun.which(name);
  if (!p) throw new SlurmFailure(`${name} is not installed on host ${hostname()} (is this a SLURM login node?)`);
  return p;
}

const inFlight = new Set<Promise<unknown>>();
let closing = false;

/** Submit; the job id. sbatch missing or refusing is a SlurmFailure with sbatch's own words. */
export function submit(s: Submission): Promise<string> {
  // the handlers first: a signal while sbatch runs must still cancel the job it creates
  installHandlers();
  const argv = [tool("sbatch"), ...sbatchArgs(s), s.script];
  const p = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const done = (async () => {
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    const id = /^(\d+)/.exec(out.trim())?.[1];
    if (code !== 0 || !id) {
      const why = (err.trim() || out.trim() || `exit ${code}`).replace(/^sbatch: error: /gm, "");
      throw new SlurmFailure(`sbatch refused the job ${s.name}: ${why}`);
    }
    submitted.add(id);
    // the run ended (a signal, a failure elsewhere) while sbatch ran: the job must not outlive it
    if (closing) cancelAll();
    return id;
  })();
  inFlight.add(done);
  done.then(
    () => inFlight.delete(done),
    () => inFlight.delete(done),
  );
  return done;
}

/**
 * At the end of a run: cancel every job submitted, including those whose sbatch is still running
 * (waited for, up to 10 s), so that no job outlives the nexus that asked for it.
 */
export async function cancelEverything(): Promise<void> {
  closing = true;
  cancelAll();
  if (inFlight.size) await Promise.race([Promise.allSettled([...inFlight]), Bun.sleep(10_000)]);
  cancelAll();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Ctrl-C, kill or a closed terminal: cancel every job first, then let the run end
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      closing = true;
      cancelAll();
      for (const a of aborters) a(new Interrupted(sig));
    });
  }
}

/** The nexus was interrupted while jobs ran (they are cancelled by then). */
export class Interrupted extends Error {}

/** Runs `f` and stops it early (with Interrupted) when the process is signalled. */
export function interruptible<T>(f: (abort: Promise<never>) => Promise<T>): Promise<T> {
  let reject!: (e: Error) => void;
  const abort = new Promise<never>((_, r) => (reject = r));
  abort.catch(() => {});
  aborters.add(reject);
  return f(abort).finally(() => aborters.delete(reject));
}

/** scancel every job this process submitted and has not seen end (synchronous: used in signal handlers). */
export function cancelAll(): void {
  if (!submitted.size) return;
  const ids = [...submitted];
  submitted.clear();
  const scancel = Bun.which("scancel");
  if (scancel) Bun.spawnSync([scancel, ...ids], { stdout: "ignore", stderr: "ignore", timeout: 5000 });
}

/** Forget a job that ended (nothing to cancel any more). */
export function finished(id: string): void {
  submitted.delete(id);
}

export function cancel(id: string): void {
  const scancel = Bun.which("scancel");
  if (scancel) Bun.spawnSync([scancel, id], { stdout: "ignore", stderr: "ignore", timeout: 5000 });
  submitted.delete(id);
}

const ENDED = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED"]);

/** Parses `scontrol show job -o` (one line per job, or per array element once it started). */
export function parseShowJob(text: string): { ended: TaskEnd[]; pending: number } {
  const ended: TaskEnd[] = [];
  let pending = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith("JobId=")) continue;
    const f = new Map<string, string>();
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z:]+)=(\S*)/g)) if (!f.has(m[1]!)) f.set(m[1]!, m[2]!);
    const state = f.get("JobState") ?? "";
    const task = f.get("ArrayTaskId");
    if (!ENDED.has(state) || (task !== undefined && !/^\d+$/.test(task))) {
      pending++;
      continue;
    }
    const tres = /mem=([^,\s]+)/.exec(f.get("TRES") ?? "")?.[1] ?? "";
    ended.push({
      jobId: f.get("ArrayJobId") ?? f.get("JobId")!,
      index: task !== undefined ? Number(task) : null,
      state,
      reason: f.get("Reason") ?? "",
      exitCode: f.get("ExitCode") ?? "",
      node: f.get("BatchHost") && f.get("BatchHost") !== "(null)" ? f.get("BatchHost")! : (f.get("NodeList") ?? ""),
      timeLimit: f.get("TimeLimit") ?? "",
      memory: f.get("MinMemoryNode") || tres,
    });
  }
  return { ended, pending };
}

/**
 * Waits until the job (every element of an array) ended; polls `scontrol show job`, fast at first,
 * then every 2 s. A job the controller already forgot (MinJobAge passed) is returned as state
 * "GONE": the caller then judges by the files the job left.
 */
export async function waitJob(id: string, abort: Promise<never>, expect = 1): Promise<TaskEnd[]> {
  const scontrol = tool("scontrol");
  let delay = 50;
  let failures = 0;
  for (;;) {
    const p = Bun.spawn([scontrol, "show", "job", "-o", id], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, err, code] = await Promise.race([Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]), abort]);
    if (code === 0) {
      failures = 0;
      const { ended, pending } = parseShowJob(out);
      if (pending === 0 && ended.length >= expect) {
        finished(id);
        return ended.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      }
    } else if (/Invalid job id/i.test(err)) {
      finished(id);
      return [{ jobId: id, index: null, state: "GONE", reason: "", exitCode: "", node: "", timeLimit: "", memory: "" }];
    } else if (++failures > 30) {
      throw new SlurmFailure(`cannot follow job ${id}: scontrol says ${err.trim() || `exit ${code}`}`);
    }
    await Promise.race([Bun.sleep(delay), abort]);
    delay = Math.min(2000, Math.round(delay * 1.4));
  }
}

/** Why a task that did not complete normally ended, in words; null for COMPLETED/FAILED (the program's own end). */
export function endMessage(t: TaskEnd, what: string, stderrText: string): string | null {
  const on = t.node ? ` on host ${t.node}` : "";
  // without cgroups the step is killed by the memory poller: the job is FAILED and its error file says why
  const oom = t.state === "OUT_OF_MEMORY" || /exceeded (job )?memory limit|oom[-_ ]kill/i.test(stderrText);
  if (oom) return `${what} ran out of memory${t.memory ? ` (limit ${t.memory})` : ""}${on}`;
  switch (t.state) {
    case "TIMEOUT":
      return `${what} reached its time limit${t.timeLimit ? ` (${t.timeLimit})` : ""}${on}`;
    case "DEADLINE":
      return `${what} passed its deadline${on}`;
    case "CANCELLED":
      return `${what} was cancelled${on}`;
    case "PREEMPTED":
      return `${what} was preempted${on}`;
    case "NODE_FAIL":
      return `${what} failed because its node${t.node ? ` ${t.node}` : ""} failed`;
    case "BOOT_FAIL":
      return `${what} could not start: its node${t.node ? ` ${t.node}` : ""} failed to boot`;
    case "REVOKED":
    case "SPECIAL_EXIT":
      return `${what} ended as ${t.state}${on}`;
    default:
      return null;
  }
}

/** The job's error file without slurmstepd's own lines (those become endMessage's words). */
export function userStderr(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^slurmstepd(-[\w.-]+)?: error:/.test(l))
    .join("\n");
}
