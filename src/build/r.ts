// The C part of the R pool runtime (pools/r/src/*.c) built with `R CMD SHLIB` into morloc_r.so,
// with a content-addressed cache (~/.cache/morloc/r/<sha256>.so) so it compiles once per version.

import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { cacheFolder } from "../trust";
import { usableCache } from "./cache";
import { join } from "node:path";
import type { Host } from "./host";

export interface RSource {
  /** File name inside pools/r/src (e.g. "codec.c"). */
  name: string;
  contents: Uint8Array;
}

export function rCacheRoot(env: (name: string) => string | undefined): string {
  return cacheFolder("r", env);
}

/** R rejected or could not compile the runtime: a broken installation, not the user's morloc error. */
export class RBuildFailed extends Error {}

/** Compiles the R runtime's C sources into `out` (from the cache when possible). */
export async function buildRRuntime(host: Host, sources: RSource[], out: string): Promise<{ cached: boolean; key: string }> {
  const version = await host.runProcess(["R", "--version"]);
  if (version.code !== 0) throw new RBuildFailed(`this program uses R, but R cannot run (install r-base-core and r-base-dev): ${version.stderr.trim() || `exit ${version.code}`}`);
  const h = new Bun.CryptoHasher("sha256");
  h.update(`${version.stdout.split("\n")[0]}\n`);
  for (const s of [...sources].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    h.update(`${s.name}\n${s.contents.length}\n`);
    h.update(s.contents);
  }
  const key = h.digest("hex");
  const root = rCacheRoot((n) => host.env(n));
  const cached = join(root, `${key}.so`);
  const cache = usableCache(host, root, cached, "R runtime");
  if (cache && existsSync(cached)) {
    await copyFile(cached, out);
    return { cached: true, key };
  }
  const work = await mkdtemp(join(tmpdir(), "morloc-r-"));
  try {
    for (const s of sources) await host.writeFile(join(work, s.name), s.contents);
    const cfiles = sources.filter((s) => s.name.endsWith(".c")).map((s) => s.name);
    const r = await host.runProcess(["R", "CMD", "SHLIB", "-o", "morloc_r.so", ...cfiles], { cwd: work });
    if (r.code !== 0 || !existsSync(join(work, "morloc_r.so"))) {
      throw new RBuildFailed(`R CMD SHLIB could not compile the R runtime (exit ${r.code}):\n${(r.stdout + r.stderr).trimEnd()}`);
    }
    if (!cache) {
      await copyFile(join(work, "morloc_r.so"), out);
      return { cached: false, key };
    }
    const tmp = `${cached}.tmp-${process.pid}`;
    await copyFile(join(work, "morloc_r.so"), tmp);
    await rename(tmp, cached);
    await copyFile(cached, out);
    return { cached: false, key };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
