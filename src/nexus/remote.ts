// Where a RemoteRunner (./labelled.ts) is plugged in. Without one, calls of `remote` groups run on
// this machine, like every other labelled call. The SLURM runner replaces this function's body
// (docs/labels.md, "The remote seam").

import type { RemoteContext, RemoteRunner } from "./labelled";

/** The runner for `remote` groups, or null when remote execution is not enabled. */
export function remoteRunner(_ctx: RemoteContext): RemoteRunner | null {
  return null;
}
