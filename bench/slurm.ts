// The SLURM section of bench/run.ts (BENCH_ONLY=slurm runs the baselines and this): the cost of a
// remote labelled call and of one element of a job array, on the one-node test cluster
// (tests/slurm/cluster.sh), against the scheduler's own floor: a bare `srun true` and
// `sbatch --wait` of a trivial script.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cluster } from "../tests/slurm/cluster";
import { median, type Figure } from "./report";

export interface BenchContext {
  add(f: Figure): Figure;
  work: string;
  morloc: string;
  runs: number;
  notes: string[];
}

const S = "SLURM: remote labelled calls and job arrays (one-node test cluster)";

export async function benchSlurm(b: BenchContext): Promise<void> {
  const c = cluster();
  if (!c.ok) {
    b.notes.push(`SLURM section skipped: ${c.reason}.`);
    return;
  }
  const dir = mkdtempSync(join(b.work, "slurm-"));
  const shared = mkdtempSync(join(b.work, "shared-"));
  const env = { ...process.env, ...c.env, MORLOC_SHARED_DIR: shared };
  const time = (argv: string[], extra: Record<string, string> = {}): number => {
    const t = performance.now();
    const r = Bun.spawnSync(argv, { cwd: dir, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
    const ms = performance.now() - t;
    if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}:\n${r.stderr.toString()}`);
    return ms;
  };
  const times = (n: number, f: () => number) => Array.from({ length: n }, f);
  try {
    writeFileSync(join(dir, "main.loc"), `module bench (one, local, many)\nimport base (map)\nsource Py from "f.py" ("inc")\ninc :: Int -> Int\none x = big@inc x\nlocal x = inc x\nmany xs = map big@inc xs\n`);
    writeFileSync(join(dir, "main.yaml"), `labeled-groups:\n  big:\n    remote: { threads: 1, memory: 1 }\n`);
    writeFileSync(join(dir, "f.py"), "def inc(x):\n    return x + 1\n");
    writeFileSync(join(dir, "true.sh"), "#!/bin/sh\ntrue\n");
    time([b.morloc, "make", "-o", "nexus", "main.loc"]);
    const nexus = join(dir, "nexus");
    const N = 8;
    const xs = JSON.stringify(Array.from({ length: N }, (_, i) => i));
    const runs = Math.max(3, b.runs);
    const srun = b.add({ section: S, what: "bare `srun true`", unit: "ms", samples: times(runs, () => time(["srun", "true"])) });
    const sbatch = b.add({ section: S, what: "bare `sbatch --wait` of `true`", unit: "ms", samples: times(runs, () => time(["sbatch", "--wait", "-o", "/dev/null", join(dir, "true.sh")])) });
    const local = b.add({ section: S, what: "the same command with the call local (a Python pool started here)", unit: "ms", samples: times(runs, () => time([nexus, "local", "1"])) });
    const remote = b.add({ section: S, what: "a command that is one remote labelled call (sbatch, node runs the nexus + pool, result back)", unit: "ms", samples: times(runs, () => time([nexus, "one", "1"])) });
    const arrayBare = b.add({ section: S, what: `bare \`sbatch --wait --array=0-${N - 1}\` of \`true\`, per element`, unit: "ms",
      samples: times(runs, () => time(["sbatch", "--wait", `--array=0-${N - 1}`, "-o", "/dev/null", join(dir, "true.sh")]) / N) });
    const array = b.add({ section: S, what: `\`map big@inc xs\`, ${N} elements as one array job, per element`, unit: "ms", samples: times(runs, () => time([nexus, "many", xs]) / N) });
    const cores = navigator.hardwareConcurrency;
    b.notes.push(
      `SLURM: a remote call costs ${(median(remote.samples) - median(local.samples)).toFixed(0)} ms over running it here (${median(remote.samples).toFixed(0)} against ${median(local.samples).toFixed(0)} ms), against ${median(srun.samples).toFixed(0)} ms for a bare \`srun true\` and ${median(sbatch.samples).toFixed(0)} ms for \`sbatch --wait\` (which polls on its own schedule; the nexus follows its job with \`scontrol show job\`, first after 50 ms, then backing off to 2 s). On the node the job starts the same nexus, which unpacks once per host and starts the callee's pool, so a remote call also pays one pool start. An array element costs ${median(array.samples).toFixed(0)} ms against ${median(arrayBare.samples).toFixed(0)} ms for a bare array element; the ${cores}-CPU test node runs ${cores} elements at a time, each also starting a nexus and a Python pool.`,
    );
  } finally {
    c.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
}
