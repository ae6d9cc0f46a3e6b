// The morloc commands (make, build, typecheck, parse, check, install, list) on citty. Each command
// runs through `guarded`, which turns any failure into a rendered message and an exit status.

import { defineCommand } from "citty";
import { cacheBase, clearCache } from "../nexus/cache";
import { cp, mkdir, rm } from "node:fs/promises";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { makeNexus, parseOnly } from "../compile";
import { bundledLibraryDir, type Assets } from "../build/assets";
import { bunHost, userLibrary, type Host } from "../build/host";
import { ms } from "../build/nexus";
import { typecheckReport } from "./typecheck";
import { checkInput, EXIT_OK, reportError, reportWarning } from "./errors";
import { checkOutputKind, checkOutputNotRead } from "./output";
import { exportSummaries } from "../interface/summary";

/** Runs one command body; exits with its status, or with the status its failure deserves. */
async function guarded(assets: Assets, body: (host: Host) => Promise<number | void>): Promise<never> {
  let host: Host | null = null;
  try {
    host = bunHost(await bundledLibraryDir(assets));
    const sources = host.sources;
    host.warn = (w) => reportWarning(w, sources);
    const code = await body(host);
    process.exit(code ?? EXIT_OK);
  } catch (err) {
    process.exit(reportError(err, host?.sources ?? new Map()));
  }
}

/** Compiles FILE and builds its nexus at OUT (a function of the module name for `build`). */
async function make(assets: Assets, host: Host, file: string, out: (module: string) => string, verbose: boolean): Promise<number> {
  const log = verbose ? (line: string) => process.stderr.write(`morloc: ${line}\n`) : undefined;
  checkInput(file);
  host.log = log;
  const t0 = performance.now();
  const target = (module: string) => {
    const path = out(module);
    checkOutputKind(path);
    checkOutputNotRead(path, [file, ...host.sources.keys()]);
    return path;
  };
  const made = await makeNexus(file, host, assets, target, !!process.env.MORLOC_KEEP_BUILD);
  log?.(`compile: made ${made}, ${ms(t0)} in all`);
  return EXIT_OK;
}

const verboseArg = { type: "boolean", alias: "v", description: "say what each stage did and how long it took" } as const;

export function commands(assets: Assets) {
  const makeCmd = defineCommand({
    meta: { name: "make", description: "compile a morloc module into one executable nexus" },
    args: {
      file: { type: "positional", description: "the module's .loc file", required: true },
      output: { type: "string", alias: "o", description: "the executable to write", default: "nexus" },
      verbose: verboseArg,
    },
    run: ({ args }) => guarded(assets, (host) => make(assets, host, args.file, () => args.output, !!args.verbose)),
  });

  const buildCmd = defineCommand({
    meta: { name: "build", description: "like make, reading main.loc by default and writing <module>-nexus" },
    args: {
      file: { type: "positional", description: "the module's .loc file", required: false, default: "main.loc" },
      verbose: verboseArg,
    },
    run: ({ args }) => guarded(assets, (host) => make(assets, host, args.file || "main.loc", (m) => `${m}-nexus`, !!args.verbose)),
  });

  const typecheckCmd = defineCommand({
    meta: { name: "typecheck", description: "print the general type of every export" },
    args: {
      file: { type: "positional", description: "the module's .loc file", required: true },
      realize: { type: "boolean", alias: "r", description: "also show the language each call was realised in" },
    },
    run: ({ args }) =>
      guarded(assets, async (host) => {
        checkInput(args.file);
        process.stdout.write(ensureNewline(await typecheckReport(args.file, host, !!args.realize)));
      }),
  });

  const parseCmd = defineCommand({
    meta: { name: "parse", description: "print the syntax tree of a .loc file as JSON" },
    args: { file: { type: "positional", description: "the .loc file", required: true } },
    run: ({ args }) =>
      guarded(assets, async (host) => {
        checkInput(args.file);
        process.stdout.write(JSON.stringify(await parseOnly(args.file, host), null, 2) + "\n");
      }),
  });

  const checkCmd = defineCommand({
    meta: { name: "check", description: "parse a module and resolve its imports; print nothing when all is well (typecheck checks types)" },
    args: { file: { type: "positional", description: "the module's .loc file", required: true } },
    run: ({ args }) =>
      guarded(assets, async (host) => {
        checkInput(args.file);
        await parseOnly(args.file, host);
      }),
  });

  const installCmd = defineCommand({
    meta: { name: "install", description: "copy a local module folder into the user library" },
    args: { path: { type: "positional", description: "the module folder", required: true } },
    run: ({ args }) =>
      guarded(assets, async () => {
        const src = resolve(args.path);
        if (!existsSync(src) || !statSync(src).isDirectory()) throw new Error(`cannot install ${args.path}: not a folder`);
        if (!existsSync(join(src, "main.loc"))) throw new Error(`cannot install ${args.path}: it has no main.loc (a module folder holds main.loc and its sources)`);
        const target = join(userLibrary((n) => process.env[n]), basename(src));
        await mkdir(join(target, ".."), { recursive: true });
        await rm(target, { recursive: true, force: true });
        await cp(src, target, { recursive: true });
        process.stderr.write(`installed ${basename(src)} into ${target}\n`);
      }),
  });

  const listCmd = defineCommand({
    meta: { name: "list", description: "list the modules that imports can find: $MORLOC_LIB, the user library, the bundled library" },
    args: { verbose: { type: "boolean", alias: "v", description: "also list each module's exports with their types and descriptions" } },
    run: ({ args }) =>
      guarded(assets, async (host) => {
        // the same search path imports use (Host.searchPath): $MORLOC_LIB..., the user library, the bundled one
        const search = host.searchPath();
        const user = userLibrary((n) => host.env(n));
        const bundled = await bundledLibraryDir(assets);
        const places: [string, string][] = search.map((dir) => [dir, dir === user ? "installed" : dir === bundled ? "bundled" : "$MORLOC_LIB"]);
        const seen = new Set<string>();
        for (const [dir, what] of places) {
          if (!existsSync(dir)) continue;
          for (const name of readdirSync(dir).sort()) {
            const isModule = existsSync(join(dir, name, "main.loc")) || (name.endsWith(".loc") && statSync(join(dir, name)).isFile());
            if (!isModule) continue;
            const mod = name.replace(/\.loc$/, "");
            const shadowed = seen.has(mod) ? " (shadowed by the one above)" : "";
            seen.add(mod);
            process.stdout.write(`${mod.padEnd(16)} ${what.padEnd(11)} ${join(dir, name)}${shadowed}\n`);
            if (args.verbose) {
              const file = name.endsWith(".loc") ? join(dir, name) : join(dir, name, "main.loc");
              for (const line of exportSummaries(file)) process.stdout.write(`    ${line}\n`);
            }
          }
        }
      }),
  });

  const cacheCmd = defineCommand({
    meta: { name: "cache", description: "manage the result cache of labelled calls (`cache clear` empties it)" },
    subCommands: {
      clear: defineCommand({
        meta: { name: "clear", description: "remove every cached result ($MORLOC_CACHE_DIR, else $MORLOC_CACHE_BASE, else $XDG_CACHE_HOME/morloc/cache)" },
        run: () =>
          guarded(assets, async () => {
            const base = cacheBase();
            clearCache(base);
            process.stderr.write(`cleared the result cache ${base}\n`);
          }),
      }),
    },
  });

  return { make: makeCmd, build: buildCmd, typecheck: typecheckCmd, parse: parseCmd, check: checkCmd, install: installCmd, list: listCmd, cache: cacheCmd };
}

function ensureNewline(s: string): string {
  return s.length === 0 || s.endsWith("\n") ? s : s + "\n";
}
