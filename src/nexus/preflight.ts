// Before the pools start: can this machine run them? A nexus copied to a cluster node may meet a
// node without Python or R, without a shared library a user's C++ file links with, or with an older
// glibc than the one it was built against. Each of these would otherwise end in a loader trace or a
// bare "exit 127"; here they become one message naming what is missing and on which host (exit 3).

import { closeSync, existsSync, openSync, readSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { isAbsolute, join } from "node:path";
import type { Manifest } from "./manifest";

/** What keeps the pools from starting on this host, or null when nothing does. */
export function missingPieces(manifest: Manifest, dir: string, langs: string[], resolve: (name: string) => string): string | null {
  const problems: string[] = [];
  const binaries: { lang: string; path: string }[] = [];
  for (const lang of langs) {
    const start = manifest.pools[lang];
    if (!start || start[0] === "{nexus}") continue;
    const prog = resolve(start[0]!).replaceAll("{dir}", dir);
    const found = isAbsolute(prog) ? (existsSync(prog) ? prog : null) : Bun.which(prog);
    if (!found) {
      problems.push(`the ${lang} pool needs ${prog}, which is not ${isAbsolute(prog) ? "there" : "installed (not on PATH)"}`);
      continue;
    }
    // the pool's own program when it is ours (the C++ pool): its libraries are checked below
    if (found.startsWith(dir + "/") && isElf(found)) binaries.push({ lang, path: found });
  }
  // The loader's view of each binary is asked once per host: a shared home folder holds one
  // unpacked copy for every node, and nodes may differ.
  const stamp = join(dir, `.libs-ok-${hostname()}`);
  if (binaries.length && !existsSync(stamp)) {
    const before = problems.length;
    for (const b of binaries) problems.push(...unresolvedLibraries(b.path).map((m) => `the ${b.lang} pool needs ${m}`));
    if (problems.length === before) {
      try {
        writeFileSync(stamp, "");
      } catch {
        // a read-only folder: check again next time
      }
    }
  }
  if (!problems.length) return null;
  return `cannot run on host ${hostname()}: ${problems.join("; ")}`;
}

function isElf(path: string): boolean {
  let fd = -1;
  try {
    fd = openSync(path, "r");
    const head = new Uint8Array(4);
    readSync(fd, head, 0, 4, 0);
    return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
  } catch {
    return false;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * The libraries and symbol versions the dynamic loader cannot find for `binary`, from `ldd`:
 * `libfoo.so.1 => not found` and `version `GLIBC_2.38' not found (required by ...)`.
 */
export function unresolvedLibraries(binary: string): string[] {
  if (!Bun.which("ldd")) return [];
  const r = Bun.spawnSync(["ldd", binary], { stdout: "pipe", stderr: "pipe", env: process.env });
  return parseLdd(`${r.stdout.toString()}\n${r.stderr.toString()}`);
}

export function parseLdd(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    const lib = /^\s*(\S+)\s*=>\s*not found/.exec(line);
    if (lib) out.add(`the shared library ${lib[1]}, which is not found`);
    const ver = /version [`']([^'`]+)' not found/.exec(line);
    if (ver) {
      const what = ver[1]!.startsWith("GLIBC_") ? `glibc ${ver[1]!.slice(6)} or newer (this host's is older)` : `the symbol version ${ver[1]}`;
      const of = /^\s*(\S+?):/.exec(line)?.[1];
      out.add(`${what}${of && !ver[1]!.startsWith("GLIBC_") ? ` of ${of}` : ""}`);
    }
  }
  return [...out];
}
