// The nexus entry: every module's executable starts here. The generated entry (see payload.ts for
// its shape) calls nexusMain with the embedded payload; we unpack it once into the cache and hand
// the manifest, the unpacked folder and the user's arguments to the runtime.

import { basename } from "node:path";
import { runNexus } from "./run";
import type { Manifest } from "./manifest";
import { unpackPayload, type Payload } from "./payload";

export type { Payload, PayloadFile } from "./payload";
export { payloadHash } from "./payload";

/** Runs the nexus for one process and exits with runNexus's status (3 when unpacking fails). */
export async function nexusMain(payload: Payload): Promise<never> {
  let dir: string;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(payload.manifest) as Manifest;
    dir = await unpackPayload(payload);
  } catch (e) {
    process.stderr.write(`nexus: cannot unpack its files: ${(e as Error).message}\n`);
    process.exit(3);
  }
  process.exit(await runNexus(manifest, dir, process.argv.slice(2), undefined, programName()));
}

/** The name the program was run by, for usage lines (`./tools`, `nexus`). */
function programName(): string {
  const p = process.argv[1] ?? process.execPath;
  return p.startsWith("/$bunfs") ? basename(process.execPath) : basename(p);
}
