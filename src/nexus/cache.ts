// The result cache of `cache: true` groups (docs/labels.md). An entry `<base>/<label>/<key>.dat`
// holds the hash of the value, whose bytes are in `<base>/data/<hash>.dat` (equal results are
// stored once). The key mixes the call's identity (its manifold and a hash of the sources that
// implement it) with the argument bytes. Every write is a temp file + rename, so concurrent runs and
// nodes never read a torn entry; a value whose bytes no longer match its hash is recomputed.
// Folders are made 0700 and every folder and file is checked by the trust rule (src/trust.ts)
// before it is used: a cache another user could have written is never read.

import { readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { cacheHome, distrust, privateFolder, UntrustedPath } from "../trust";
import { atomicWrite, type LabelledCall } from "./labelled";

type Env = (name: string) => string | undefined;

/** The cache folder: $MORLOC_CACHE_DIR, else $MORLOC_CACHE_BASE, else $XDG_CACHE_HOME/morloc/cache, else ~/.cache/morloc/cache. */
export function cacheBase(env: Env = (n) => process.env[n]): string {
  return env("MORLOC_CACHE_DIR") || env("MORLOC_CACHE_BASE") || join(cacheHome((n) => (n === "HOME" ? env("HOME") || homedir() : env(n))), "morloc", "cache");
}

const sha256 = (parts: (string | Uint8Array)[]): string => {
  const h = new Bun.CryptoHasher("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

const HASH = /^[0-9a-f]{64}$/;

export class ResultCache {
  private refused = new Set<string>();

  constructor(readonly base: string) {}

  /** The key of one call: its identity, then each argument's length and bytes. */
  key(call: LabelledCall, args: Uint8Array[]): string {
    const parts: (string | Uint8Array)[] = [`morloc-cache-1\0${call.ident}\0${call.id}\0${args.length}\0`];
    for (const a of args) parts.push(`${a.length}\0`, a);
    return sha256(parts);
  }

  /** A folder of the cache, made 0700 or checked; null (with one warning) when it cannot be trusted. */
  private folder(sub: string, warn: (t: string) => void): string | null {
    const dir = join(this.base, sub);
    if (this.refused.has(dir)) return null;
    try {
      privateFolder(this.base);
      return privateFolder(dir, this.base);
    } catch (e) {
      this.refused.add(dir);
      warn(`warning: not using the result cache: ${e instanceof UntrustedPath ? e.message : `cannot make ${dir}: ${(e as Error).message}`}`);
      return null;
    }
  }

  /** The stored value, or null (a miss; an untrusted or corrupt entry is a miss with a warning). */
  get(call: LabelledCall, key: string, warn: (t: string) => void): Uint8Array | null {
    const dir = this.folder(call.label, warn);
    const data = this.folder("data", warn);
    if (!dir || !data) return null;
    const entry = join(dir, `${key}.dat`);
    let hash: string;
    try {
      hash = readFileSync(entry, "utf8").trim();
    } catch {
      return null;
    }
    const why = distrust(entry, "file");
    if (why) {
      warn(`warning: ignoring the cached result ${entry}: ${why}`);
      return null;
    }
    const file = join(data, `${hash}.dat`);
    let bytes: Uint8Array | null = null;
    if (HASH.test(hash)) {
      try {
        bytes = new Uint8Array(readFileSync(file));
      } catch {}
    }
    if (bytes && (why || distrust(file, "file"))) {
      warn(`warning: ignoring the cached result ${file}: ${distrust(file, "file")}`);
      return null;
    }
    if (!bytes || sha256([bytes]) !== hash) {
      warn(`warning: the cached result of ${call.label}@${call.name} (${entry}) is corrupt; computing it again`);
      return null;
    }
    return bytes;
  }

  /** Store a value (atomically); a failure to store only warns: the run has its result. */
  put(call: LabelledCall, key: string, value: Uint8Array, warn: (t: string) => void): void {
    const dir = this.folder(call.label, warn);
    const data = this.folder("data", warn);
    if (!dir || !data) return;
    const hash = sha256([value]);
    try {
      atomicWrite(join(data, `${hash}.dat`), value);
      atomicWrite(join(dir, `${key}.dat`), new TextEncoder().encode(`${hash}\n`));
    } catch (e) {
      warn(`warning: cannot store the result of ${call.label}@${call.name} in ${this.base}: ${(e as Error).message}`);
    }
  }
}

/** `morloc cache clear`: remove the whole cache folder (only when it is ours). */
export function clearCache(base: string): void {
  const why = distrust(base, "folder");
  if (why) throw new UntrustedPath(`${base} cannot be trusted: ${why}; remove it yourself`);
  rmSync(base, { recursive: true, force: true });
}
