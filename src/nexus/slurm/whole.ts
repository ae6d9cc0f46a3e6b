// `./nexus --slurm ... CMD ARGS`: the whole command runs as one SLURM job. The job runs this same
// nexus with the same command line (minus --slurm) in the same folder; its standard output, error
// and exit status are staged in the shared folder and replayed here, so the run looks local.
// A job that did not end by itself (memory, time, node, cancellation) is one message, exit 3.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cancelEverything, endMessage, jobScript, Interrupted, interruptible, type Resources, SlurmFailure, submit, userStderr, waitJob } from "./jobs";
import { removeStaging, stagingFolder } from "./shared";

export interface WholeIO {
  stdout(data: Uint8Array): Promise<void>;
  stderr(text: string): void;
}

/** Single-quoted for sh. */
export const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export async function runWholeAsJob(name: string, cmdName: string, argv: string[], resources: Resources, io: WholeIO): Promise<number> {
  let dir: string | null = null;
  try {
    dir = stagingFolder("cmd");
    const script = join(dir, "job.sh");
    const rc = join(dir, "rc");
    writeFileSync(script, jobScript(process.cwd(), [process.execPath, ...argv].map(shq).join(" "), shq(rc)), { mode: 0o700 });
    const out = join(dir, "out");
    const err = join(dir, "err");
    const ends = await interruptible(async (abort) => {
      const id = await Promise.race([submit({ script, name: `${name}-${cmdName}`, stdout: out, stderr: err, resources }), abort]);
      return waitJob(id, abort);
    });
    const end = ends[0]!;
    const errText = existsSync(err) ? readFileSync(err, "utf8") : "";
    const what = `job ${end.jobId} (${cmdName})`;
    const why = endMessage(end, what, errText);
    if (why || !existsSync(rc)) {
      const user = userStderr(errText).trimEnd();
      io.stderr(`${name}: ${why ?? `${what} ended as ${end.state === "GONE" ? "unknown (the controller forgot it)" : end.state} without finishing the command${end.exitCode ? ` (exit code ${end.exitCode})` : ""}`}${user ? `\n${user}` : ""}\n`);
      return 3;
    }
    if (existsSync(out)) await io.stdout(readFileSync(out));
    io.stderr(userStderr(errText));
    return Number(readFileSync(rc, "utf8").trim()) || 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      io.stderr(`${name}: interrupted by ${e.message}; its SLURM job was cancelled\n`);
      return e.message === "SIGINT" ? 130 : e.message === "SIGHUP" ? 129 : 143;
    }
    if (e instanceof SlurmFailure) {
      io.stderr(`${name}: ${e.message}\n`);
      return 3;
    }
    throw e;
  } finally {
    await cancelEverything();
    if (dir) removeStaging(dir);
  }
}
