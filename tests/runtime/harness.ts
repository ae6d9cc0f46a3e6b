// Shared helpers of the runtime's end-to-end tests: compile a fixture with dist/morloc, run its
// nexus, find the pools of a run, and list what a run left behind (segments, run folder, processes).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export const REPO = resolve(import.meta.dir, "../..");
export const MORLOC = join(REPO, "dist", "morloc");

/** A private work folder and cache: the nexus unpacks into it, so its pools are easy to tell apart. */
export function workspace(label: string) {
  const work = mkdtempSync(join(tmpdir(), `morloc-${label}-`));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XDG_CACHE_HOME: join(work, "cache") };
  return { work, env, dispose: () => rmSync(work, { recursive: true, force: true }) };
}

/** `morloc make` the main.loc of `dir` into `out`; throws with the compiler's output on failure. */
export async function make(dir: string, out: string, env: Record<string, string>, retry = true): Promise<string> {
  const p = Bun.spawn([MORLOC, "make", "-o", out, "main.loc"], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
  const [o, e, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  // dist/morloc replaced by a rebuild while it ran (engineers working side by side): try once more
  if (code !== 0 && retry && e.includes("failed to open bun executable")) return make(dir, out, env, false);
  if (code !== 0) throw new Error(`morloc make in ${dir} failed (exit ${code}):\n${o}${e}`);
  return out;
}

export interface Run {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  pid: number;
  /** Resolves when the nexus ends: exit code (128+signal when killed), output, and when it ended. */
  done: Promise<{ code: number; out: string; err: string; endedAt: number }>;
}

/** Start a nexus without waiting for it. */
export function start(nexus: string, args: string[], env: Record<string, string>, cwd?: string): Run {
  const proc = Bun.spawn([nexus, ...args], { env, cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const done = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]).then(([out, err, code]) => {
    const sig = proc.signalCode ? { SIGKILL: 137, SIGTERM: 143, SIGINT: 130 }[proc.signalCode as string] ?? 128 : null;
    return { code: sig ?? code, out, err, endedAt: Date.now() };
  });
  return { proc, pid: proc.pid, done };
}

/** Run a nexus to the end. */
export async function run(nexus: string, args: string[], env: Record<string, string>, cwd?: string) {
  const r = start(nexus, args, env, cwd);
  return { ...(await r.done), pid: r.pid };
}

function environ(pid: string): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
  } catch {
    return null;
  }
}

function zombie(pid: string): boolean {
  try {
    return / [ZX] /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\)/, ""));
  } catch {
    return true;
  }
}

/** Live pool processes of nexus `nexusPid`: language by process id. */
export function poolsOf(nexusPid: number): Map<number, string> {
  const found = new Map<number, string>();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const env = environ(pid);
    if (!env || !env.some((v) => v.startsWith("MORLOC_RUN_DIR=") && v.includes(`/mlc-${nexusPid}-`))) continue;
    if (zombie(pid)) continue;
    found.set(Number(pid), env.find((v) => v.startsWith("MORLOC_LANG="))?.slice(12) ?? "?");
  }
  return found;
}

/** The pid of nexus `nexusPid`'s pool for `lang`, once it is listening; waits up to `ms`. */
export async function poolPid(nexusPid: number, lang: string, ms = 5000): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const [pid, l] of poolsOf(nexusPid)) {
      if (l !== lang) continue;
      const dir = environ(String(pid))?.find((v) => v.startsWith("MORLOC_RUN_DIR="))?.slice(15);
      if (dir && existsSync(`${dir}/${lang}.sock`)) return pid;
    }
    await Bun.sleep(10);
  }
  throw new Error(`no ${lang} pool of nexus ${nexusPid} after ${ms} ms`);
}

/** Everything of nexus `pid` still present: /dev/shm segments, run folders under `base`, pools. */
export function leftovers(pid: number, base = tmpdir()): string[] {
  const shm = readdirSync("/dev/shm").filter((n) => n.startsWith(`mlc-${pid}-`)).map((n) => `/dev/shm/${n}`);
  let runs: string[] = [];
  try {
    runs = readdirSync(base).filter((n) => n.startsWith(`mlc-${pid}-`)).map((n) => join(base, n));
  } catch {}
  const procs = [...poolsOf(pid)].map(([p, l]) => `${l} pool ${p}`);
  return [...shm, ...runs, ...procs];
}

/** Wait up to `ms` for nexus `pid` to leave nothing behind; returns what remains. */
export async function settle(pid: number, ms = 1000, base = tmpdir()): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = leftovers(pid, base);
  while (left.length && Date.now() < deadline) {
    await Bun.sleep(20);
    left = leftovers(pid, base);
  }
  return left;
}

/** Resident memory of a process in KiB, from /proc. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}
