// The SLURM RemoteRunner (docs/labels.md, "The remote seam"): a labelled call of a `remote` group is
// one `sbatch` job running this same nexus on a node with `--call-packet`; a labelled function mapped
// over a list is one `sbatch --array` job, one element per array index. Arguments and results travel
// as packet files in a private folder under MORLOC_SHARED_DIR, removed when the call ends.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LabelledCall, readResultPacketFile, RemoteFailure, type RemoteContext, type RemoteRunner, type RemoteSpec, writeCallPacketFile } from "../labelled";
import { cancelEverything, endMessage, jobScript, Interrupted, interruptible, type Resources, SlurmFailure, submit, type TaskEnd, userStderr, waitJob } from "./jobs";
import { removeStaging, stagingFolder } from "./shared";
import { shq } from "./whole";

/** A group's `remote` resources as sbatch options: threads → --cpus-per-task, memory (GB) → --mem. */
export function groupResources(spec: RemoteSpec): Resources {
  const r: Resources = {};
  if (spec.threads && spec.threads > 0) r.cpus = spec.threads;
  if (spec.memory && spec.memory > 0) r.mem = Number.isInteger(spec.memory) ? `${spec.memory}G` : `${Math.ceil(spec.memory * 1024)}M`;
  if (spec.time) r.time = spec.time;
  if (spec.gpus && spec.gpus > 0) r.gpus = spec.gpus;
  if (spec.partition) r.partition = spec.partition;
  return r;
}

export class SlurmRunner implements RemoteRunner {
  private staged = new Set<string>();

  constructor(private ctx: RemoteContext) {}

  async runOne(group: string, spec: RemoteSpec, call: LabelledCall, args: Uint8Array[]): Promise<Uint8Array> {
    const dir = this.stage("call");
    try {
      writeCallPacketFile(join(dir, "call-0.pkt"), call.id, args, call.args);
      const [end] = await this.runJob(group, spec, call, dir, undefined);
      return this.result(dir, 0, end!, `job ${end!.jobId}`);
    } finally {
      this.unstage(dir);
    }
  }

  async runArray(group: string, spec: RemoteSpec, call: LabelledCall, elements: Uint8Array[][]): Promise<Uint8Array[]> {
    if (elements.length === 0) return [];
    const dir = this.stage("array");
    try {
      elements.forEach((args, i) => writeCallPacketFile(join(dir, `call-${i}.pkt`), call.id, args, call.args));
      const ends = await this.runJob(group, spec, call, dir, elements.length);
      const byIndex = new Map(ends.map((e) => [e.index ?? 0, e]));
      const results: Uint8Array[] = [];
      const failed: { index: number; message: string; program: boolean }[] = [];
      for (let i = 0; i < elements.length; i++) {
        const end = byIndex.get(i) ?? ends[0]!;
        try {
          results.push(this.result(dir, i, end, `element ${i} (job ${end.jobId}_${i})`));
        } catch (e) {
          if (!(e instanceof RemoteFailure)) throw e;
          failed.push({ index: i, message: e.message, program: e.program });
        }
      }
      if (failed.length) {
        const head = `${failed.length} of ${elements.length} elements of array job ${ends[0]!.jobId} failed (${failed.map((f) => f.index).join(", ")})`;
        // the user's code raised in every failed element: a program error (exit 1); else the cluster's (exit 3)
        throw new RemoteFailure(`${head}:\n${failed.map((f) => `  [${f.index}] ${f.message.trimEnd().replaceAll("\n", "\n      ")}`).join("\n")}`, failed.every((f) => f.program));
      }
      return results;
    } finally {
      this.unstage(dir);
    }
  }

  async close(): Promise<void> {
    await cancelEverything();
    for (const d of this.staged) removeStaging(d);
    this.staged.clear();
  }

  private stage(kind: string): string {
    try {
      const d = stagingFolder(kind);
      this.staged.add(d);
      return d;
    } catch (e) {
      throw new RemoteFailure((e as Error).message);
    }
  }

  private unstage(dir: string): void {
    removeStaging(dir);
    this.staged.delete(dir);
  }

  /** Submits the job (an array of `count` when given) and waits for every task to end. */
  private async runJob(group: string, spec: RemoteSpec, call: LabelledCall, dir: string, count: number | undefined): Promise<TaskEnd[]> {
    const task = count === undefined ? "0" : "$SLURM_ARRAY_TASK_ID";
    const packetFile = (k: string) => `${shq(join(dir, k + "-"))}"${task}".pkt`;
    const rc = `${shq(join(dir, "rc-"))}"${task}"`;
    const script = join(dir, "job.sh");
    const node = [shq(this.ctx.nexus), "--call-packet", packetFile("call"), "--output-file", packetFile("result")];
    if (this.ctx.configFile) node.push("--config", shq(this.ctx.configFile));
    writeFileSync(script, jobScript(process.cwd(), node.join(" "), rc), { mode: 0o700 });
    try {
      return await interruptible(async (abort) => {
        const id = await Promise.race([
          submit({
            script,
            name: `${this.ctx.module}-${group}-${call.name}`,
            stdout: join(dir, count === undefined ? "out-0" : "out-%a"),
            stderr: join(dir, count === undefined ? "err-0" : "err-%a"),
            array: count,
            resources: groupResources(spec),
          }),
          abort,
        ]);
        return waitJob(id, abort, count ?? 1);
      });
    } catch (e) {
      if (e instanceof SlurmFailure) throw new RemoteFailure(e.message);
      if (e instanceof Interrupted) throw new RemoteFailure(`interrupted by ${e.message}; the job was cancelled`);
      throw e;
    }
  }

  /** Task `i`'s value, or a RemoteFailure saying why there is none. */
  private result(dir: string, i: number, end: TaskEnd, what: string): Uint8Array {
    const errFile = join(dir, `err-${i}`);
    const errText = existsSync(errFile) ? readFileSync(errFile, "utf8") : "";
    const why = endMessage(end, what, errText);
    if (why) throw new RemoteFailure(why);
    const resultFile = join(dir, `result-${i}.pkt`);
    if (existsSync(resultFile)) return readResultPacketFile(resultFile);
    const user = userStderr(errText).trim();
    throw new RemoteFailure(`${what} ended (${end.state}${end.exitCode ? `, exit code ${end.exitCode}` : ""}${end.node ? ` on host ${end.node}` : ""}) without a result${user ? `:\n${user}` : ""}`);
  }
}
