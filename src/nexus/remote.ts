// Where a RemoteRunner (./labelled.ts) is plugged in: calls of `remote` groups are SLURM jobs
// (./slurm/runner.ts). MORLOC_REMOTE=local runs them on this machine instead, like every other
// labelled call (a laptop without a scheduler, a quick check of a pipeline).

import type { RemoteContext, RemoteRunner } from "./labelled";
import { SlurmRunner } from "./slurm/runner";

/** The runner for `remote` groups, or null when remote execution is not enabled. */
export function remoteRunner(ctx: RemoteContext): RemoteRunner | null {
  if (process.env.MORLOC_REMOTE === "local") return null;
  return new SlurmRunner(ctx);
}
