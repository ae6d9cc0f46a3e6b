// The one-node SLURM cluster the SLURM tests run on: the one .ci/run started (SLURM_CONF set and
// answering), else one started here by tests/slurm/cluster.sh for this test file and stopped after.
// When neither is possible the tests skip, and their names say why.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Cluster = { ok: true; env: Record<string, string>; stop(): void } | { ok: false; reason: string };

const script = join(import.meta.dir, "cluster.sh");
const PATH = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;

function answers(conf: string): boolean {
  const r = Bun.spawnSync(["sinfo", "-h"], { env: { ...process.env, SLURM_CONF: conf, PATH }, stdout: "pipe", stderr: "pipe" });
  return r.exitCode === 0;
}

export function cluster(): Cluster {
  if (process.env.MORLOC_SLURM_UNAVAILABLE) return { ok: false, reason: process.env.MORLOC_SLURM_UNAVAILABLE };
  const conf = process.env.SLURM_CONF;
  if (conf && answers(conf)) return { ok: true, env: { SLURM_CONF: conf, PATH }, stop() {} };
  for (const tool of ["slurmctld", "slurmd", "munged", "sbatch"]) {
    if (!Bun.which(tool, { PATH })) return { ok: false, reason: `${tool} is not installed (apt-get install slurm-wlm munge)` };
  }
  const dir = join(tmpdir(), `morloc-slurm-test-${process.pid}`);
  const r = Bun.spawnSync(["bash", script, "start"], { env: { ...process.env, MORLOC_SLURM_DIR: dir, PATH }, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) return { ok: false, reason: `the test cluster did not start: ${r.stderr.toString().trim().split("\n")[0]}` };
  return {
    ok: true,
    env: { SLURM_CONF: join(dir, "slurm.conf"), PATH },
    stop() {
      Bun.spawnSync(["bash", script, "stop"], { env: { ...process.env, MORLOC_SLURM_DIR: dir, PATH }, stdout: "ignore", stderr: "ignore" });
    },
  };
}

/** A title that says why the test did not run. */
export const titled = (c: Cluster, title: string) => (c.ok ? title : `${title} (skipped: ${c.reason})`);

/** A fresh shared folder for one test file (MORLOC_SHARED_DIR). */
export function sharedDir(): string {
  return mkdtempSync(join(tmpdir(), "morloc-shared-"));
}

export function removeDir(d: string): void {
  rmSync(d, { recursive: true, force: true });
}

/** Processes and SLURM queries of a test file, run in its folder with its cluster's environment. */
export function jobTools(where: () => { cwd: string; env: Record<string, string> }) {
  const spawn = (argv: string[], extra: Record<string, string> = {}) =>
    Bun.spawn(argv, { cwd: where().cwd, env: { ...process.env, ...where().env, ...extra }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const run = async (argv: string[], extra: Record<string, string> = {}) => {
    const p = spawn(argv, extra);
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { code, out, err };
  };
  const sh = (argv: string[]): string =>
    Bun.spawnSync(argv, { env: { ...process.env, ...where().env }, stdout: "pipe", stderr: "pipe" }).stdout.toString().trim();
  /** The id of a running job of this name (an array lists one line per started element), waiting until one runs. */
  const runningJob = async (name: string): Promise<string> => {
    for (let i = 0; i < 300; i++) {
      const running = sh(["squeue", "-h", "-n", name, "-o", "%i %T"]).split("\n").find((l) => l.endsWith(" RUNNING"));
      if (running) return running.split(" ")[0]!;
      await Bun.sleep(100);
    }
    throw new Error(`job ${name} never ran`);
  };
  return { spawn, run, sh, runningJob };
}
