// Host: the one place where the compiler reaches the file system, the environment and other
// processes. The compiler core calls only these methods; tests pass `memoryHost` instead of `bunHost`.

import { mkdir, mkdtemp, readdir, rename, rm, stat, chmod } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { homedir, tmpdir } from "node:os";
import type { CompileError } from "../diagnostics";

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Host {
  /** Reads a UTF-8 file; rejects with an Error whose message names the path when it is missing. */
  readFile(path: string): Promise<string>;
  /** Reads a file's bytes (compiled pools, embedded runtimes); rejects naming the path when missing. */
  readBytes(path: string): Promise<Uint8Array>;
  /** True when the path names an existing file or folder. */
  exists(path: string): Promise<boolean>;
  /** True when the path names an existing folder. */
  isFolder(path: string): Promise<boolean>;
  /** Names (not paths) of the entries of a folder, sorted; [] when it does not exist. */
  listDir(path: string): Promise<string[]>;
  /** Writes a file, making its parent folders; `executable` sets mode 0755. */
  writeFile(path: string, contents: string | Uint8Array, executable?: boolean): Promise<void>;
  /** Makes a new private folder under the system's temporary folder, its name starting with `prefix`. */
  makeTempFolder(prefix: string): Promise<string>;
  /** Makes a folder and its parents (fine when it exists). */
  makeFolder(path: string): Promise<void>;
  /** Sets mode 0755 on a file that a tool wrote (the compiled nexus). */
  makeExecutable(path: string): Promise<void>;
  /** Renames a file over another (atomically, on one file system). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a folder with everything in it; fine when it does not exist. */
  remove(path: string): Promise<void>;
  /** Runs a program to completion and collects its output. Never rejects for a non-zero exit. */
  runProcess(cmd: string[], opts?: { cwd?: string; env?: Record<string, string> }): Promise<ProcessResult>;
  /** An environment variable, or undefined. */
  env(name: string): string | undefined;
  /**
   * Module search folders after the importing file's own folder, in order: each entry of
   * $MORLOC_LIB, the user library (~/.local/share/morloc/lib), then the bundled library.
   */
  searchPath(): string[];
  /** Every text read through readFile, by the path given; the CLI renders errors from it. */
  readonly sources: Map<string, string>;
  /**
   * Verbose progress (`morloc make -v`): set by the CLI, absent otherwise. A stage may call it with
   * one line saying what it did and how long it took, e.g. host.log?.("typecheck: 3 exports in 4 ms").
   */
  log?: (line: string) => void;
  /** A positioned compiler warning (the program still compiles): the CLI renders it on stderr. */
  warn?: (warning: CompileError) => void;
}

/** The user library folder that `morloc install` writes and module search reads. */
export function userLibrary(env: (name: string) => string | undefined): string {
  const dataHome = env("XDG_DATA_HOME") || join(env("HOME") || homedir(), ".local", "share");
  return join(dataHome, "morloc", "lib");
}

/** Builds the search path from the environment; `bundledLib` is a real folder (may be absent). */
export function makeSearchPath(env: (name: string) => string | undefined, bundledLib: string | null): string[] {
  const fromEnv = (env("MORLOC_LIB") ?? "").split(":").filter((p) => p.length > 0).map((p) => resolve(p));
  const out = [...fromEnv, userLibrary(env)];
  if (bundledLib) out.push(bundledLib);
  return out;
}

/** The real host on Bun. `bundledLib` is the folder holding the library shipped inside dist/morloc. */
export function bunHost(bundledLib: string | null): Host {
  const sources = new Map<string, string>();
  const env = (name: string) => process.env[name];
  return {
    sources,
    env,
    searchPath: () => makeSearchPath(env, bundledLib),
    async readFile(path) {
      const f = Bun.file(path);
      if (!(await f.exists())) throw new Error(`cannot read ${path}: no such file`);
      const text = await f.text();
      sources.set(path, text);
      return text;
    },
    async readBytes(path) {
      const f = Bun.file(path);
      if (!(await f.exists())) throw new Error(`cannot read ${path}: no such file`);
      return new Uint8Array(await f.arrayBuffer());
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
    async isFolder(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    async listDir(path) {
      try {
        return (await readdir(path)).sort();
      } catch {
        return [];
      }
    },
    async writeFile(path, contents, executable) {
      await mkdir(dirname(path), { recursive: true });
      await Bun.write(path, contents);
      if (executable) await chmod(path, 0o755);
    },
    makeTempFolder: (prefix) => mkdtemp(join(tmpdir(), prefix)),
    async makeFolder(path) {
      await mkdir(path, { recursive: true });
    },
    makeExecutable: (path) => chmod(path, 0o755),
    rename: (from, to) => rename(from, to),
    remove: (path) => rm(path, { recursive: true, force: true }),
    async runProcess(cmd, opts) {
      let proc;
      try {
        proc = Bun.spawn(cmd, {
          cwd: opts?.cwd,
          env: opts?.env ? { ...process.env, ...opts.env } : undefined,
          stdout: "pipe",
          stderr: "pipe",
          stdin: "ignore",
        });
      } catch (e) {
        return { code: 127, stdout: "", stderr: `cannot run ${cmd[0]}: ${(e as Error).message}` };
      }
      const [stdout, stderr, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      return { code, stdout, stderr };
    },
  };
}

/**
 * An in-memory host for stage tests: `files` maps absolute paths to text. Folders are implied by
 * the paths. Processes cannot run here; runProcess answers with code 127.
 */
export function memoryHost(files: Record<string, string>, envVars: Record<string, string> = {}): Host & { written: Map<string, string | Uint8Array> } {
  const sources = new Map<string, string>();
  const written = new Map<string, string | Uint8Array>();
  const all = new Map<string, string>(Object.entries(files));
  let temps = 0;
  const env = (name: string) => envVars[name];
  const isDir = (p: string) => {
    const prefix = p.endsWith("/") ? p : p + "/";
    for (const k of all.keys()) if (k.startsWith(prefix)) return true;
    return false;
  };
  return {
    sources,
    written,
    env,
    searchPath: () => makeSearchPath(env, null).filter((p) => isDir(p)),
    async readFile(path) {
      const text = all.get(path);
      if (text === undefined) throw new Error(`cannot read ${path}: no such file`);
      sources.set(path, text);
      return text;
    },
    async readBytes(path) {
      const data = written.get(path) ?? all.get(path);
      if (data === undefined) throw new Error(`cannot read ${path}: no such file`);
      return typeof data === "string" ? new TextEncoder().encode(data) : data;
    },
    async exists(path) {
      return all.has(path) || isDir(path);
    },
    async isFolder(path) {
      return isDir(path);
    },
    async listDir(path) {
      const prefix = path.endsWith("/") ? path : path + "/";
      const names = new Set<string>();
      for (const k of all.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0]!);
      return [...names].sort();
    },
    async writeFile(path, contents) {
      written.set(path, contents);
      if (typeof contents === "string") all.set(path, contents);
    },
    async makeTempFolder(prefix) {
      return `/tmp/${prefix}${++temps}`;
    },
    async makeFolder() {},
    async makeExecutable() {},
    async rename(from, to) {
      for (const m of [written, all] as Map<string, string | Uint8Array>[]) {
        const v = m.get(from);
        if (v !== undefined) {
          m.delete(from);
          m.set(to, v);
        }
      }
    },
    async remove(path) {
      for (const m of [written, all] as Map<string, unknown>[]) for (const k of [...m.keys()]) if (k === path || k.startsWith(path + "/")) m.delete(k);
    },
    async runProcess(cmd) {
      return { code: 127, stdout: "", stderr: `memoryHost cannot run ${cmd[0]}` };
    },
  };
}
