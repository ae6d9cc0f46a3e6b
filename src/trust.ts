// The one rule for folders that hold code or data morloc runs or reads (docs/architecture.md,
// "Trusted folders"): the caches under $XDG_CACHE_HOME/morloc (unpacked nexus payloads, compiled
// C++ pools, the R runtime, the bundled library). Each folder morloc makes is made 0700; an existing
// one is used only when it is a real folder (never a symbolic link), owned by the caller, and not
// writable by group or others. Otherwise another user could plant code that then runs as the caller.

import { lstatSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** A folder or file that fails the trust rule; the message names it and says why. */
export class UntrustedPath extends Error {}

type Env = (name: string) => string | undefined;

/** The user's cache home: $XDG_CACHE_HOME, else ~/.cache. */
export function cacheHome(env: Env = (n) => process.env[n]): string {
  return env("XDG_CACHE_HOME") || join(env("HOME") || homedir(), ".cache");
}

/** Where one kind of morloc cache lives (not yet made or checked: see privateFolder). */
export function cacheFolder(kind: "nexus" | "cpp" | "r" | "lib", env: Env = (n) => process.env[n]): string {
  return join(cacheHome(env), "morloc", kind);
}

const me = () => (typeof process.getuid === "function" ? process.getuid() : -1);

/** Why `path` may not be trusted, or null when it may (absent paths are not checked here). */
export function distrust(path: string, kind: "folder" | "file"): string | null {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return null;
  }
  if (st.isSymbolicLink()) return "it is a symbolic link";
  if (kind === "folder" && !st.isDirectory()) return "it is not a folder";
  if (kind === "file" && !st.isFile()) return "it is not a regular file";
  const uid = me();
  if (uid >= 0 && st.uid !== uid) return `it belongs to another user (uid ${st.uid})`;
  if ((st.mode & 0o022) !== 0) return `group or others can write it (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

/** Throws UntrustedPath when `path` exists and fails the rule. */
export function checkTrusted(path: string, kind: "folder" | "file"): void {
  const why = distrust(path, kind);
  if (why) throw new UntrustedPath(`${path} cannot be trusted: ${why}`);
}

/**
 * Makes (mode 0700) or checks each folder below `base` down to `path`; `base` itself (the user's
 * cache home) is made when missing but is the user's own choice, not checked.
 * Returns `path`; throws UntrustedPath naming the first folder that fails the rule.
 */
export function privateFolder(path: string, base: string = cacheHome()): string {
  // a folder outside the cache home (tests, tools): only its last part is morloc's to make and check
  if (!path.startsWith(base + "/")) base = dirname(path);
  mkdirSync(base, { recursive: true, mode: 0o700 });
  let cur = base;
  for (const part of path.slice(base.length + 1).split("/").filter((p) => p)) {
    cur = join(cur, part);
    try {
      mkdirSync(cur, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    checkTrusted(cur, "folder");
  }
  return path;
}
