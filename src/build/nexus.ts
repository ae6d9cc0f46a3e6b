// The build stage: takes a generated program (pool sources, user sources, manifest) and makes the
// module's nexus, one self-contained executable. Steps: lay the files out in a temporary build
// folder, compile the C++ pool (cached), then Bun.build-compile a generated entry that embeds the
// payload (see src/nexus/payload.ts for the entry's shape).

import { dirname, join, resolve } from "node:path";
import { payloadHash } from "../nexus/payload";
import { bunBuild, CPP_RUNTIME, NEXUS_RUNTIME, PY_RUNTIME, R_RUNTIME, readAsset, under, type Assets } from "./assets";
import { buildCppPool } from "./cpp";
import { buildRRuntime } from "./r";
import { buildTsPool } from "./ts";
import { checkUserSources } from "./sourcecheck";
import type { Host } from "./host";

/** What the build stage needs of a GeneratedProgram (src/codegen/index.ts); that type fits this. */
export interface BuildInput {
  moduleName: string;
  manifest: unknown;
  files: { path: string; contents: string | Uint8Array; executable?: boolean; origin?: string }[];
  cppMain: string | null;
  cppLibs?: string[];
}

export interface BuildOptions {
  /** Where the nexus executable goes (absolute or relative to the cwd). */
  out: string;
  /** Called with one line per step, when the user asked for -v. */
  log?: (line: string) => void;
  /** Keep the temporary build folder (for debugging); its path is logged. */
  keep?: boolean;
}

interface PayloadEntry {
  path: string;
  contents: Uint8Array;
  executable: boolean;
}

const CPP_SOURCE = /\.(cpp|cc|cxx|hpp|hh|h)$/;

/** Builds the nexus; rejects with CppCompileFailed when g++ fails, or an Error for other failures. */
export async function buildNexus(host: Host, program: BuildInput, assets: Assets, opts: BuildOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const out = resolve(opts.out);
  if (await host.isFolder(out)) throw new Error(`cannot write the nexus to ${opts.out}: it is a folder`);
  await checkUserSources(host, program.files); // a syntax error in a user file is found now, not at every run
  const work = await host.makeTempFolder("morloc-build-");
  try {
    const payload = await layOut(host, program, assets, work, log);
    const python = await compiledPython(host, payload, work);
    payload.push(...python.entries);
    const manifest = JSON.stringify({ ...(await withInterpreters(host, program.manifest as { pools: Record<string, string[]> }, python.executable)), sources: shippedSources(program) });
    const hash = payloadHash([...payload, { path: "manifest.json", contents: manifest }]);
    await compileNexus(host, assets, work, payload, manifest, hash, out);
    log(`nexus: wrote ${out} (payload ${hash.slice(0, 12)}, ${payload.length} files)`);
  } finally {
    if (opts.keep) log(`build folder kept at ${work}`);
    else await host.remove(work);
  }
}

/** Writes the program's files under work/payload and builds the C++ pool; returns what to embed. */
async function layOut(host: Host, program: BuildInput, assets: Assets, work: string, log: (l: string) => void): Promise<PayloadEntry[]> {
  const root = join(work, "payload");
  const entries: PayloadEntry[] = [];
  for (const f of program.files) {
    if (f.path.startsWith("/") || f.path.split("/").includes("..")) {
      throw new Error(`internal: generated file path ${f.path} leaves the nexus folder`);
    }
    const contents = typeof f.contents === "string" ? new TextEncoder().encode(f.contents) : f.contents;
    await host.writeFile(join(root, f.path), contents, f.executable);
    // C and C++ sources are compiled into pool-cpp; the nexus does not need them at run time.
    if (!CPP_SOURCE.test(f.path)) entries.push({ path: f.path, contents, executable: !!f.executable });
  }
  if (entries.some((e) => e.path.endsWith(".py"))) {
    for (const a of under(assets, PY_RUNTIME)) {
      entries.push({ path: a.path.slice(PY_RUNTIME.length), contents: await readAsset(assets, a.path), executable: false });
    }
  }
  if (entries.some((e) => e.path === "pool.R")) {
    // the R runtime: morloc.R beside pool.R, and its C part compiled now (cached) into morloc_r.so
    const sources: { name: string; contents: Uint8Array }[] = [];
    for (const a of under(assets, R_RUNTIME)) {
      const contents = await readAsset(assets, a.path);
      if (a.path === `${R_RUNTIME}morloc.R`) entries.push({ path: "morloc.R", contents, executable: false });
      else sources.push({ name: a.path.slice(a.path.lastIndexOf("/") + 1), contents });
    }
    const so = join(work, "morloc_r.so");
    const t = performance.now();
    const r = await buildRRuntime(host, sources, so);
    log(`R: ${r.cached ? "cached" : "compiled"} morloc_r.so (${r.key.slice(0, 12)}) in ${ms(t)}`);
    entries.push({ path: "morloc_r.so", contents: await host.readBytes(so), executable: false });
  }
  const tsPool = entries.findIndex((e) => e.path === "pool.ts");
  if (tsPool >= 0) {
    // the TypeScript pool runs as one bundle with the user's files and the runtime (src/build/ts.ts)
    const t = performance.now();
    entries.splice(tsPool, 1, { path: "pool-ts.js", contents: await buildTsPool(host, assets, work), executable: false });
    log(`bun: bundled pool-ts.js in ${ms(t)}`);
  }
  if (program.cppMain !== null) {
    if (!program.files.some((f) => f.path === program.cppMain)) {
      throw new Error(`internal: the C++ main ${program.cppMain} is not among the generated files`);
    }
    const include = join(work, "include");
    const headers: string[] = [];
    for (const a of under(assets, CPP_RUNTIME)) {
      const target = join(include, a.path.slice(CPP_RUNTIME.length));
      await host.writeFile(target, await readAsset(assets, a.path));
      headers.push(target);
    }
    const userHeaders = program.files.filter((f) => CPP_SOURCE.test(f.path) && f.path !== program.cppMain).map((f) => join(root, f.path));
    const dirs = [include, root, ...new Set(userHeaders.map((h) => dirname(h)))];
    const t = performance.now();
    const poolPath = join(root, "pool-cpp");
    const r = await buildCppPool(host, { main: join(root, program.cppMain), includeDirs: dirs, headers: [...headers, ...userHeaders], out: poolPath, libs: program.cppLibs });
    log(`g++: ${r.cached ? "cached" : "compiled"} pool-cpp (${r.key.slice(0, 12)}) in ${ms(t)}`);
    entries.push({ path: "pool-cpp", contents: await host.readBytes(poolPath), executable: true });
  }
  return entries;
}

/**
 * Bytecode for the payload's Python modules, compiled once here by the machine's python3 (as
 * `__pycache__/<name>.<cache tag>.pyc`, unchecked: the payload never changes under its hash). A
 * Python pool then imports the runtime and the user's modules without compiling them at every
 * start, also where PYTHONDONTWRITEBYTECODE or a read-only cache keeps Python from saving its own.
 * Another Python version looks for another cache tag and compiles from source as before; a file
 * that does not compile (the user's syntax error) is left for Python to report at run time.
 * Also returns the interpreter's own path (sys.executable), for the manifest.
 */
async function compiledPython(host: Host, payload: PayloadEntry[], work: string): Promise<{ entries: PayloadEntry[]; executable: string | null }> {
  const sources = payload.filter((e) => e.path.endsWith(".py") && e.path !== "pool.py"); // the main script is never read from bytecode
  if (sources.length === 0) return { entries: [], executable: null };
  const root = join(work, "pyc");
  for (const e of sources) await host.writeFile(join(root, e.path), e.contents);
  const script = [
    "import importlib.util, py_compile, sys",
    "print(sys.executable)",
    "for p in sys.argv[1:]:",
    "    c = importlib.util.cache_from_source(p)",
    "    try:",
    "        py_compile.compile(p, cfile=c, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)",
    "        print(c)",
    "    except Exception:",
    "        pass",
  ].join("\n");
  const r = await host.runProcess(["python3", "-c", script, ...sources.map((e) => e.path)], { cwd: root });
  if (r.code !== 0) return { entries: [], executable: null }; // no usable python3 here: pools compile from source at run time
  const [executable, ...compiled] = r.stdout.split("\n");
  const entries: PayloadEntry[] = [];
  for (const c of compiled.filter((l) => l.endsWith(".pyc"))) {
    entries.push({ path: c, contents: await host.readBytes(join(root, c)), executable: false });
  }
  return { entries, executable: executable!.trim() };
}

/** Writes the generated entry beside the nexus runtime and compiles it into `out`. */
async function compileNexus(host: Host, assets: Assets, work: string, payload: PayloadEntry[], manifest: string, hash: string, out: string): Promise<void> {
  await host.writeFile(join(work, NEXUS_RUNTIME), await readAsset(assets, NEXUS_RUNTIME));
  const lines = [`// Generated by morloc: the entry of one nexus (see src/nexus/payload.ts).`, `import { nexusMain } from "./${NEXUS_RUNTIME}";`];
  const list: string[] = [];
  payload.forEach((e, i) => {
    // Every embedded file goes through its own copy under embed/, so no source is bundled as code.
    lines.push(`import f${i} from ${JSON.stringify(`./embed/${i}.bin`)} with { type: "file" };`);
    list.push(`{ path: ${JSON.stringify(e.path)}, file: f${i}, executable: ${e.executable} }`);
  });
  for (const [i, e] of payload.entries()) await host.writeFile(join(work, "embed", `${i}.bin`), e.contents);
  lines.push(`await nexusMain({ hash: ${JSON.stringify(hash)}, manifest: ${JSON.stringify(manifest)}, files: [\n  ${list.join(",\n  ")}\n] });`);
  await host.writeFile(join(work, "entry.ts"), lines.join("\n") + "\n");
  await host.makeFolder(dirname(out));
  // Compile to a temporary name, then rename: a running nexus at `out` is never half-overwritten.
  const tmpOut = join(dirname(out), `.${hash.slice(0, 8)}-${process.pid}.nexus-tmp`);
  try {
    await bunBuild({ entrypoints: [join(work, "entry.ts")], target: "bun", compile: { outfile: tmpOut } } as Parameters<typeof Bun.build>[0], "compile the nexus");
    await host.makeExecutable(tmpOut);
    await host.rename(tmpOut, out);
  } finally {
    await host.remove(tmpOut);
  }
}

/** Shipped user file -> the file it came from (the manifest's `sources`; C++ headers are not shipped). */
function shippedSources(program: BuildInput): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const f of program.files) if (f.origin && !CPP_SOURCE.test(f.path)) sources[f.path] = f.origin;
  return sources;
}

export function ms(start: number): string {
  return `${(performance.now() - start).toFixed(0)} ms`;
}

/**
 * Records where the pools' interpreters live on this machine (Python's own `sys.executable`, not
 * a version-manager shim), so the nexus can start them directly; see `interpreters` in the manifest.
 */
async function withInterpreters<M extends { pools: Record<string, string[]> }>(host: Host, manifest: M, python: string | null): Promise<M & { interpreters: Record<string, string> }> {
  const interpreters: Record<string, string> = {};
  const names = new Set(Object.values(manifest.pools).map((argv) => argv[0]!));
  if (names.has("python3")) {
    // python3 already ran once to compile the payload's bytecode, and said where it lives
    const r = python ? { code: 0, stdout: python } : await host.runProcess(["python3", "-c", "import sys; print(sys.executable)"]);
    const path = r.stdout.trim();
    if (r.code === 0 && path.startsWith("/")) interpreters.python3 = path;
  }
  if (names.has("Rscript")) {
    const r = await host.runProcess(["sh", "-c", "command -v Rscript"]);
    const path = r.stdout.trim();
    if (r.code === 0 && path.startsWith("/")) interpreters.Rscript = path;
  }
  return { ...manifest, interpreters };
}
