// The shared folder both sides of a SLURM job see (MORLOC_SHARED_DIR, default
// $HOME/.cache/morloc/remote): each submission stages its script, argument packets and results in
// a private subfolder that is removed when the submission ends, whatever the outcome.

import { mkdtempSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { privateFolder, UntrustedPath } from "../../trust";
import { SlurmFailure } from "./jobs";

export function sharedRoot(env: Record<string, string | undefined> = process.env): string {
  return env.MORLOC_SHARED_DIR || join(env.HOME || homedir(), ".cache", "morloc", "remote");
}

/** A fresh private folder under the shared root (made 0700; the root must be the caller's alone). */
export function stagingFolder(kind: string): string {
  const root = sharedRoot();
  try {
    privateFolder(root);
    return mkdtempSync(join(root, `${kind}-`));
  } catch (e) {
    if (e instanceof UntrustedPath) throw new SlurmFailure(`the shared folder (MORLOC_SHARED_DIR) ${e.message}`);
    throw new SlurmFailure(`cannot make a staging folder in ${root} (MORLOC_SHARED_DIR): ${(e as Error).message}`);
  }
}

export function removeStaging(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // already gone
  }
}
