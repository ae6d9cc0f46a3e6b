// Runtime assets the compiler ships into every nexus: the bundled nexus runtime, the Python pool
// package, the C++ headers, the R runtime (morloc.R and its C sources) and the bundled morloc
// library. In dist/morloc they are embedded files (scripts/build.ts generates the list); run from
// the repository they are read from its folders.

import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { cacheFolder, checkTrusted, privateFolder } from "../trust";

/** One asset: `path` is its logical place ("nexus-runtime.js", "pools/python/morloc/pool.py",
 * "pools/cpp/morloc/pool.hpp", "lib/base/main.loc"); `file` is where Bun.file can read it. */
export interface AssetFile {
  path: string;
  file: string;
  /** Makes `file` first, when it is built on demand (the nexus runtime, run from a checkout). */
  prepare?: () => Promise<void>;
}

export interface Assets {
  /** "embedded" inside dist/morloc, or "repo" when run from a checkout. */
  origin: "embedded" | "repo";
  files: AssetFile[];
  /** sha256 of the bundled library files, computed when the list was made (names its cache folder). */
  libHash: string;
}

/** The logical prefixes of each kind of asset. */
export const PY_RUNTIME = "pools/python/";
export const CPP_RUNTIME = "pools/cpp/";
export const R_RUNTIME = "pools/r/";
/** The TypeScript runtime's files; its entry is pools/ts/morloc/pool.ts. */
export const TS_RUNTIME = ["pools/ts/", "shm/", "src/nexus/packet.ts"];
export const LIBRARY = "lib/";
export const NEXUS_RUNTIME = "nexus-runtime.js";

/** Assets under a logical prefix, e.g. under(a, "pools/python/morloc/"). */
export function under(assets: Assets, prefix: string): AssetFile[] {
  return assets.files.filter((f) => f.path.startsWith(prefix));
}

export async function readAsset(assets: Assets, path: string): Promise<Uint8Array> {
  const a = assets.files.find((f) => f.path === path);
  if (!a) throw new Error(`internal: the compiler carries no asset ${path}`);
  if (a.prepare) {
    await a.prepare();
    a.prepare = undefined;
  }
  return new Uint8Array(await Bun.file(a.file).arrayBuffer());
}

/** Files of a repository folder, recursively, as relative paths; skips caches and test folders. */
export function walk(root: string, sub: string, keep: (p: string) => boolean): string[] {
  const dir = join(root, sub);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "__pycache__" || name.startsWith(".")) continue;
    const rel = join(sub, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...walk(root, rel, keep));
    else if (keep(rel)) out.push(rel);
  }
  return out;
}

/** Which repository files become assets: the list scripts/build.ts embeds and repoAssets reads. */
export function assetPaths(repo: string): string[] {
  return [
    ...walk(repo, "pools/python/morloc", (p) => p.endsWith(".py")),
    ...walk(repo, "pools/cpp/morloc", (p) => /\.(hpp|h|hh)$/.test(p)),
    "pools/r/morloc.R",
    // the TypeScript runtime with the parts of the nexus it shares (value codec, arena, packets),
    // kept in their repository layout so its relative imports hold when the build bundles it
    ...walk(repo, "pools/ts/morloc", (p) => p.endsWith(".ts")),
    ...walk(repo, "shm", (p) => p.endsWith(".ts")),
    "src/nexus/packet.ts",
    ...walk(repo, "pools/r/src", (p) => /\.(c|h)$/.test(p)),
    ...walk(repo, "lib", () => true),
  ];
}

export async function hashFiles(files: AssetFile[]): Promise<string> {
  const h = new Bun.CryptoHasher("sha256");
  for (const f of files) {
    const bytes = new Uint8Array(await Bun.file(f.file).arrayBuffer());
    h.update(`${f.path}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest("hex");
}

/**
 * Assets read from a checkout. The nexus runtime is dist/nexus-runtime.js when present (made by
 * `npm run build`); otherwise src/nexus/main.ts is bundled now into a temporary file.
 */
export async function repoAssets(repo: string = resolve(import.meta.dir, "../..")): Promise<Assets> {
  const files: AssetFile[] = assetPaths(repo).map((p) => ({ path: p, file: join(repo, p) }));
  const built = join(repo, "dist", NEXUS_RUNTIME);
  if (existsSync(built)) files.push({ path: NEXUS_RUNTIME, file: built });
  else {
    const outdir = join(tmpdir(), `morloc-runtime-${process.pid}`);
    files.push({ path: NEXUS_RUNTIME, file: join(outdir, NEXUS_RUNTIME), prepare: async () => void (await bundleNexusRuntime(repo, outdir)) });
  }
  const libHash = await hashFiles(files.filter((f) => f.path.startsWith(LIBRARY)));
  return { origin: "repo", files, libHash };
}

/** Bundles src/nexus/main.ts (and all it imports) into one JS file; returns its path. */
export async function bundleNexusRuntime(repo: string, outdir: string): Promise<string> {
  await bunBuild({ entrypoints: [join(repo, "src/nexus/main.ts")], target: "bun", format: "esm", outdir, naming: NEXUS_RUNTIME }, "bundle the nexus runtime");
  return join(outdir, NEXUS_RUNTIME);
}

/** Bun.build that fails with every message of the bundler (it throws or returns logs, by version). */
export async function bunBuild(options: Parameters<typeof Bun.build>[0], what: string): Promise<void> {
  let logs: unknown[] = [];
  try {
    const r = await Bun.build(options);
    if (r.success) return;
    logs = r.logs;
  } catch (e) {
    logs = e instanceof AggregateError ? e.errors : [e];
  }
  throw new Error(`cannot ${what}:\n${logs.map(String).join("\n")}`);
}

/**
 * A real folder holding the bundled library, for module search. From a checkout it is lib/ itself;
 * from dist/morloc the embedded files are unpacked once into ~/.cache/morloc/lib/<hash>/.
 */
export async function bundledLibraryDir(assets: Assets, repo: string = resolve(import.meta.dir, "../..")): Promise<string | null> {
  const lib = under(assets, LIBRARY);
  if (lib.length === 0) return null;
  if (assets.origin === "repo") return join(repo, "lib");
  // library modules ship Python, C++ and R sources that will run: the folder must be the caller's alone
  const root = privateFolder(cacheFolder("lib"));
  const dir = join(root, assets.libHash);
  checkTrusted(dir, "folder");
  if (existsSync(join(dir, ".complete"))) return dir;
  const tmp = join(root, `.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    for (const f of lib) {
      const target = join(tmp, relative(LIBRARY, f.path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, new Uint8Array(await Bun.file(f.file).arrayBuffer()));
    }
    await writeFile(join(tmp, ".complete"), "");
    // Concurrent first runs race here: a complete folder that another process renamed into place
    // is used as it is (never removed: that process may be reading it); only a folder damaged by
    // hand (no .complete) is replaced.
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(tmp, dir);
        break;
      } catch (e) {
        if (existsSync(join(dir, ".complete"))) {
          checkTrusted(dir, "folder");
          break;
        }
        if (attempt > 0 || !existsSync(dir)) throw e;
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (existsSync(tmp)) await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}
