// Times the C++ view bulk module (bench/bulk/cview) against the std::vector one (bench/bulk/typed):
// `own N` (C++ makes and measures N Reals) and `thruPy N` (the same through Python), interleaved,
// several runs each; prints each run and the medians, and 100 MB / (thruPy - own) like bench/bulk.ts.
// Usage: bun bench/bulk_cview.ts [runs=5] [n=12500000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[2] ?? 5);
const n = process.argv[3] ?? "12500000";
const root = join(import.meta.dir, "..");
const morloc = join(root, "dist/morloc");
const work = mkdtempSync(join(tmpdir(), "bulk-cview-"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function make(form: string): string {
  const out = join(work, form);
  const r = Bun.spawnSync([morloc, "make", "-o", out, "main.loc"], { cwd: join(import.meta.dir, "bulk", form) });
  if (r.exitCode !== 0) throw new Error(`make ${form}: ${r.stderr.toString()}`);
  return out;
}
function time(nexus: string, cmd: string): number {
  const t0 = performance.now();
  const r = Bun.spawnSync([nexus, cmd, n]);
  const ms = performance.now() - t0;
  if (r.exitCode !== 0 || r.stdout.toString().trim() !== n) throw new Error(`${cmd}: ${r.stdout}${r.stderr}`);
  return ms;
}

try {
  const forms = { vector: make("typed"), view: make("cview") };
  const t: Record<string, Record<string, number[]>> = {};
  for (let i = 0; i < runs; i++)
    for (const [form, nexus] of Object.entries(forms))
      for (const cmd of ["own", "thruPy"]) ((t[form] ??= {})[cmd] ??= []).push(time(nexus, cmd));
  const mb = (Number(n) * 8) / 1e6;
  for (const [form, cmds] of Object.entries(t)) {
    const own = median(cmds.own!), thru = median(cmds.thruPy!);
    const rates = cmds.thruPy!.map((x) => mb / ((x - own) / 1000));
    console.log(`${form.padEnd(6)} own ${cmds.own!.map((x) => x.toFixed(0)).join(" ")} ms (median ${own.toFixed(0)})`);
    console.log(`${form.padEnd(6)} thruPy ${cmds.thruPy!.map((x) => x.toFixed(0)).join(" ")} ms (median ${thru.toFixed(0)})`);
    console.log(`${form.padEnd(6)} ${mb} MB / (thruPy - own): ${rates.map((x) => x.toFixed(0)).join(" ")} MB/s (median ${median(rates).toFixed(0)})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
