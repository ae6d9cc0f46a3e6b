// Writes generated modules under tests/.tmp/conformance/<category>/<name>/, builds each with
// `dist/morloc make` (a few at a time) and runs a case against its nexus. Also a CLI:
// `bun tests/conformance/run.ts [category...]` generates, builds and runs without bun test.

import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Case, GenModule, TypecheckCase } from "./model";

export const repo = resolve(import.meta.dir, "..", "..");
export const tmpRoot = join(repo, "tests", ".tmp", "conformance");
export const morloc = join(tmpRoot, "morloc");

const lockFile = join(tmpRoot, ".lock");

/**
 * Several engineers share one checkout: a second run of the matrix waits for the first (whose pid
 * is in tests/.tmp/conformance/.lock) instead of rewriting its module folders under it.
 */
export async function lock(maxWaitMs = 900_000): Promise<void> {
  mkdirSync(tmpRoot, { recursive: true });
  const until = Date.now() + maxWaitMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch {
      let alive = false;
      try {
        const pid = Number(readFileSync(lockFile, "utf8"));
        process.kill(pid, 0);
        alive = pid > 0;
      } catch {
        // no such process (or an unreadable lock): stale
      }
      if (!alive) rmSync(lockFile, { force: true });
      else if (Date.now() > until) throw new Error(`the conformance matrix is locked by another run (${lockFile})`);
      else await Bun.sleep(2000);
    }
  }
}

export function unlock(): void {
  try {
    if (Number(readFileSync(lockFile, "utf8")) === process.pid) rmSync(lockFile, { force: true });
  } catch {
    // already gone
  }
}

/** A private copy of dist/morloc: a rebuild of dist while the matrix runs must not break it. */
export function copyCompiler(): void {
  mkdirSync(tmpRoot, { recursive: true });
  rmSync(morloc, { force: true });
  copyFileSync(join(repo, "dist", "morloc"), morloc);
  Bun.spawnSync(["chmod", "+x", morloc]);
}

export function moduleDir(m: GenModule): string {
  return join(tmpRoot, m.category, m.name);
}

/** Writes a module's files (and a `cases` file in tests/programs format for reading by hand). */
export function writeModule(m: GenModule): string {
  const dir = moduleDir(m);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(m.files)) writeFileSync(join(dir, name), text);
  return dir;
}

export interface Outcome {
  ok: boolean;
  stdout: string;
  stderr: string;
  exit: number;
}

async function spawn(cmd: string[], cwd: string, timeoutMs: number): Promise<Outcome> {
  const p = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, exit] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  clearTimeout(timer);
  return { ok: exit === 0, stdout, stderr, exit };
}

/** `morloc make -o nexus main.loc` in the module folder; "" on success, else the failure text. */
export async function build(m: GenModule): Promise<string> {
  const dir = moduleDir(m);
  const r = await spawn([morloc, "make", "-o", "nexus", "main.loc"], dir, 600_000);
  return r.ok ? "" : `morloc make failed (exit ${r.exit}) in ${dir}:\n${r.stdout}${r.stderr}`;
}

/** Runs async jobs with at most `limit` in flight, keeping the order of results. */
export async function pool<T, R>(items: T[], limit: number, job: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function quote(a: string): string {
  return /^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** The shell line that reproduces a case. */
export function reproduce(m: GenModule, c: Case): string {
  const shown = c.args.map((a) => (a.length > 200 ? quote(a.slice(0, 60)) + "...(" + a.length + " chars)" : quote(a)));
  return `cd ${moduleDir(m)} && ./nexus ${[c.command, ...shown].join(" ")}`;
}

/** Runs one case; null when it passed, else a message naming the case and how to rerun it. */
export async function runCase(m: GenModule, c: Case): Promise<string | null> {
  const dir = moduleDir(m);
  const r = await spawn([join(dir, "nexus"), c.command, ...c.args], dir, 60_000);
  const stdout = r.stdout.replace(/\n$/, "");
  const good = stdout === c.stdout && r.exit === c.exit && (c.stderr === null || r.stderr.includes(c.stderr));
  if (good) return null;
  const clip = (s: string) => (s.length > 400 ? s.slice(0, 400) + `...(${s.length} chars)` : s);
  return [
    `case ${m.category}/${c.name} failed`,
    `  rerun: ${reproduce(m, c)}`,
    `  expected: exit ${c.exit}, stdout ${clip(c.stdout)}${c.stderr !== null ? `, stderr containing ${JSON.stringify(c.stderr)}` : ""}`,
    `  actual:   exit ${r.exit}, stdout ${clip(stdout)}`,
    `  stderr:   ${clip(r.stderr.trim())}`,
  ].join("\n");
}

/** `morloc typecheck -r main.loc` in the module folder (run once per module). */
export async function typecheckOutput(m: GenModule): Promise<Outcome> {
  return spawn([morloc, "typecheck", "-r", "main.loc"], moduleDir(m), 120_000);
}

/** Checks one export's block of the typecheck output; null when every pattern matches a line. */
export function checkTypecheck(m: GenModule, t: TypecheckCase, out: Outcome): string | null {
  const lines = out.stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${t.export} ::`));
  let end = start + 1;
  while (start >= 0 && end < lines.length && lines[end]!.startsWith(" ")) end++;
  const block = start >= 0 ? lines.slice(start, end) : [];
  const missing = t.expect.filter((p) => !block.some((l) => new RegExp(p).test(l)));
  if (out.exit === 0 && start >= 0 && missing.length === 0) return null;
  return [
    `typecheck ${m.category}/${t.name} failed`,
    `  rerun: cd ${moduleDir(m)} && ${morloc} typecheck -r main.loc`,
    `  expected lines matching: ${JSON.stringify(missing)}`,
    `  actual block: ${JSON.stringify(block)}`,
    `  exit ${out.exit}; stderr: ${out.stderr.trim().slice(0, 400)}`,
  ].join("\n");
}

if (import.meta.main) {
  const { allModules } = await import("./categories");
  const want = process.argv.slice(2);
  const mods = allModules().filter((m) => want.length === 0 || want.includes(m.category) || want.includes(m.name));
  await lock();
  process.on("exit", unlock);
  copyCompiler();
  mods.forEach(writeModule);
  const t0 = Date.now();
  const built = await pool(mods, 2, build);
  console.log(`built ${mods.length} modules in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  let pass = 0;
  let fail = 0;
  const t1 = Date.now();
  for (const [i, m] of mods.entries()) {
    if (built[i]) {
      console.log(built[i]);
      fail += m.cases.length;
      continue;
    }
    const res = await pool(m.cases, 3, (c) => runCase(m, c));
    for (const r of res) r === null ? pass++ : (fail++, console.log(r));
    const tc = m.typechecks.length > 0 ? await typecheckOutput(m) : null;
    for (const t of m.typechecks) {
      const r = checkTypecheck(m, t, tc!);
      r === null ? pass++ : (fail++, console.log(r));
    }
  }
  console.log(`ran in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${pass} passed, ${fail} failed`);
}
