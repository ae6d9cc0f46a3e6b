// The nexus payload: the files a nexus carries inside itself (manifest, pools, compiled C++, user
// sources) and their one-time unpacking into a cache folder keyed by the payload's hash.
//
// How a payload reaches the nexus: for each module, src/build/nexus.ts writes a small generated
// entry file beside a copy of dist/nexus-runtime.js (the bundle of src/nexus/main.ts):
//
//   import { nexusMain } from "./nexus-runtime.js";
//   import f0 from "./payload/pool.py" with { type: "file" };      // one line per file
//   await nexusMain({ hash: "<sha256>", manifest: "<json text>",
//                     files: [{ path: "pool.py", file: f0, executable: false }, ...] });
//
// and compiles it with Bun.build({ compile }). `file` is then a path inside the executable's
// embedded file system, readable with Bun.file. The hash is computed at build time over every
// file's path, mode and bytes, so start-up does not re-hash anything: it only checks one folder.

import { existsSync } from "node:fs";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { cacheFolder, checkTrusted, privateFolder } from "../trust";

export interface PayloadFile {
  /** Relative path inside the unpacked folder, e.g. "pool.py", "morloc/pool.py", "src/square.py". */
  path: string;
  /** Where the bytes are now: a path readable by Bun.file (an embedded file in a compiled nexus). */
  file: string;
  executable: boolean;
}

export interface Payload {
  /** sha256 (hex) of the files, from payloadHash; names the cache folder. */
  hash: string;
  /** The manifest JSON text (docs/architecture.md, "The nexus manifest"). */
  manifest: string;
  files: PayloadFile[];
}

/** The folder under which every nexus unpacks: $XDG_CACHE_HOME/morloc/nexus or ~/.cache/morloc/nexus. */
export function nexusCacheRoot(env: Record<string, string | undefined> = process.env): string {
  return cacheFolder("nexus", (n) => env[n]);
}

/**
 * The hash of a payload: sha256 over each file's path, mode and contents, in path order. Paths and
 * lengths are framed so that no two different payloads feed the same byte stream.
 */
export function payloadHash(files: { path: string; contents: string | Uint8Array; executable?: boolean }[]): string {
  const h = new Bun.CryptoHasher("sha256");
  h.update("morloc-nexus-payload-v1\n");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const bytes = typeof f.contents === "string" ? new TextEncoder().encode(f.contents) : f.contents;
    h.update(`${f.path}\n${f.executable ? 755 : 644}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest("hex");
}

/**
 * Makes sure the payload is unpacked and returns its folder. The first run writes into a private
 * temporary folder and renames it into place, so concurrent first runs never see a half-written
 * folder; whichever rename loses simply deletes its copy.
 */
export async function unpackPayload(payload: Payload, root: string = nexusCacheRoot()): Promise<string> {
  const dir = join(root, payload.hash);
  // The folder's code runs as the caller: it must be theirs alone (src/trust.ts), else stop (exit 3).
  privateFolder(root);
  checkTrusted(dir, "folder");
  if (existsSync(join(dir, "manifest.json"))) return dir;
  const tmp = join(root, `.tmp-${payload.hash.slice(0, 12)}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    await mkdir(tmp, { mode: 0o700 });
    for (const f of payload.files) {
      const target = join(tmp, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, new Uint8Array(await Bun.file(f.file).arrayBuffer()));
      if (f.executable) await chmod(target, 0o755);
    }
    // Written last: its presence marks a complete folder.
    await writeFile(join(tmp, "manifest.json"), payload.manifest);
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another process won the race (the target exists and is not empty): use its folder.
      if (existsSync(join(dir, "manifest.json"))) checkTrusted(dir, "folder");
      // A folder without its manifest was damaged by hand: move it aside in one step, then put ours
      // in place. Never deleted where it lies: a concurrent first run may have just completed it.
      else {
        const aside = `${tmp}-damaged`;
        await rename(dir, aside).catch(() => {});  // another run may have moved it aside already
        try {
          await rename(tmp, dir);
        } catch {
          if (!existsSync(join(dir, "manifest.json"))) throw e;
        }
        await rm(aside, { recursive: true, force: true });
      }
    }
  } finally {
    if (existsSync(tmp)) await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}
