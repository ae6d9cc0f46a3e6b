// The C++ pool build: runs g++ on the generated pool source, with a content-addressed cache
// (~/.cache/morloc/cpp/<sha256>) so that an unchanged pool never reaches g++ twice.

import { existsSync } from "node:fs";
import { copyFile, rename, rm } from "node:fs/promises";
import { cacheFolder } from "../trust";
import { usableCache } from "./cache";
import { dirname, isAbsolute, join } from "node:path";
import type { Host } from "./host";

// The compiler's runtime linked in: a nexus copied to a node without (this version of) libstdc++ runs.
export const CXX_FLAGS = ["-O2", "-std=c++17", "-pthread", "-static-libstdc++", "-static-libgcc"];

export interface CppBuild {
  /** The C++ file to compile (absolute). */
  main: string;
  /** Include folders (absolute): the unpacked pools/cpp, the user sources' folders. */
  includeDirs: string[];
  /** Every header the build may read (absolute paths): they are part of the cache key. */
  headers: string[];
  /** Where the executable goes. */
  out: string;
  /** Libraries to link (`-l` names). */
  libs?: string[];
}

export function cppCacheRoot(env: (name: string) => string | undefined): string {
  return cacheFolder("cpp", env);
}

let compilerIdentity: Promise<string> | null = null;

/** Which compiler: `$CXX` or g++, with its version line, so a compiler upgrade misses the cache. */
async function compilerId(host: Host, cxx: string): Promise<string> {
  compilerIdentity ??= host.runProcess([cxx, "--version"]).then((r) => {
    if (r.code !== 0) throw new Error(`cannot run the C++ compiler ${cxx}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return `${cxx}\n${r.stdout.split("\n")[0]}`;
  });
  return compilerIdentity;
}

const QUOTED_INCLUDE = /^\s*#\s*include\s*"([^"]+)"/gm;

/**
 * Every local file the build reads: the main source, the given headers, and whatever they include
 * with `#include "..."` (absolute, beside the includer, or in an include folder), followed
 * transitively. System headers (<...>) are covered by the compiler's identity instead.
 */
export async function localIncludes(b: CppBuild): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [b.main, ...b.headers];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await Bun.file(file).text();
    for (const m of text.matchAll(QUOTED_INCLUDE)) {
      const name = m[1]!;
      const candidates = isAbsolute(name) ? [name] : [join(dirname(file), name), ...b.includeDirs.map((d) => join(d, name))];
      const found = candidates.find((c) => existsSync(c));
      if (found) queue.push(found);
    }
  }
  return [...seen];
}

/** The cache key: compiler, flags, and the bytes of the source and of every local header. */
export async function cppCacheKey(host: Host, b: CppBuild, cxx: string): Promise<string> {
  const h = new Bun.CryptoHasher("sha256");
  h.update(`${await compilerId(host, cxx)}\n${CXX_FLAGS.join(" ")}\n${(b.libs ?? []).map((l) => `-l${l}`).join(" ")}\n`);
  const [main, ...rest] = await localIncludes(b);
  for (const p of [main!, ...rest.sort()]) {
    const bytes = await Bun.file(p).arrayBuffer();
    // Build folders are temporary: name files by their tail, not their whole path.
    h.update(`${p === b.main ? "main" : p.split("/").slice(-2).join("/")}\n${bytes.byteLength}\n`);
    h.update(new Uint8Array(bytes));
  }
  return h.digest("hex");
}

/**
 * Builds the C++ pool into b.out, from the cache when possible. Returns whether g++ ran.
 * A g++ failure becomes an Error carrying g++'s own messages (the CLI shows them, exit 1).
 */
export async function buildCppPool(host: Host, b: CppBuild): Promise<{ cached: boolean; key: string }> {
  const cxx = host.env("CXX") || "g++";
  const key = await cppCacheKey(host, b, cxx);
  const root = cppCacheRoot((n) => host.env(n));
  const cached = join(root, key);
  const cache = usableCache(host, root, cached, "C++ pool");
  if (cache && existsSync(cached)) {
    await copyFile(cached, b.out);
    return { cached: true, key };
  }
  const cmd = [cxx, ...CXX_FLAGS, ...b.includeDirs.map((d) => `-I${d}`), "-o", b.out, b.main, ...(b.libs ?? []).map((l) => `-l${l}`)];
  const r = await host.runProcess(cmd);
  if (r.code !== 0) {
    throw new CppCompileFailed(`g++ could not compile the C++ pool (exit ${r.code}):\n${r.stderr.trimEnd()}`);
  }
  if (!cache) return { cached: false, key };
  // Store atomically: a temporary name in the same folder, then rename.
  const tmp = `${cached}.tmp-${process.pid}`;
  try {
    await copyFile(b.out, tmp);
    await rename(tmp, cached);
  } finally {
    if (existsSync(tmp)) await rm(tmp, { force: true });
  }
  return { cached: false, key };
}

/** g++ rejected the pool: not the user's morloc error, so it exits 1 rather than 2. */
export class CppCompileFailed extends Error {}
