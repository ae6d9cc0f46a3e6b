// The TypeScript pool's build: the generated pool.ts, the user's .ts files it imports (by their
// path on disk, with their own relative imports, the npm packages their folder's node_modules
// holds and the local packages its package.json names: ./tsdeps.ts) and the TypeScript runtime
// are bundled by Bun.build into one file, pool-ts.js, which the nexus runs on its own executable
// as Bun. Nothing has to be installed where the nexus runs.

import { join } from "node:path";
import { CompileError, CompileErrors } from "../diagnostics";
import { readAsset, TS_RUNTIME, type Assets } from "./assets";
import type { Host } from "./host";
import { located } from "./sourcecheck";
import { localDependencies } from "./tsdeps";

/** The runtime's entry, in its repository layout. */
const ENTRY = "pools/ts/morloc/pool.ts";

/** Bundles `work/payload/pool.ts` into `work/payload/pool-ts.js`; returns the bundle's bytes. */
export async function buildTsPool(host: Host, assets: Assets, work: string): Promise<Uint8Array> {
  const runtime = join(work, "ts-runtime");
  for (const a of assets.files.filter((f) => TS_RUNTIME.some((p) => f.path.startsWith(p)))) {
    await host.writeFile(join(runtime, a.path), await readAsset(assets, a.path));
  }
  const outdir = join(work, "ts-out");
  const options: Parameters<typeof Bun.build>[0] = {
    entrypoints: [join(work, "payload", "pool.ts")],
    target: "bun",
    format: "esm",
    outdir,
    naming: "pool-ts.js",
    plugins: [
      {
        name: "morloc-ts-runtime",
        setup(b) {
          b.onResolve({ filter: /^morloc:ts$/ }, () => ({ path: join(runtime, ENTRY) }));
        },
      },
      localDependencies,
    ],
  };
  let logs: any[] = [];
  try {
    const r = await Bun.build(options);
    logs = r.success ? [] : r.logs;
  } catch (e) {
    logs = e instanceof AggregateError ? e.errors : [e];
  }
  if (logs.length > 0) {
    await userErrors(host, logs, runtime);
    throw new Error(`cannot bundle the TypeScript pool:\n${logs.map(String).join("\n")}`);
  }
  return host.readBytes(join(outdir, "pool-ts.js"));
}

/**
 * A bundling error inside a user's file (a syntax error, an import that resolves nowhere) is the
 * user's error: reported at its file, line and column (exit 2) like a Python or R syntax error.
 * Anything else is a failure of the build.
 */
async function userErrors(host: Host, logs: any[], runtime: string): Promise<void> {
  const errors: CompileError[] = [];
  for (const l of logs) {
    const at = l?.position;
    if (!at?.file || at.file.startsWith(runtime) || at.file.endsWith("/payload/pool.ts")) continue;
    errors.push(await located(host, "TypeScriptBuildError", at.file, at.line, Math.max(1, at.column), String(l.message)));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new CompileErrors(errors);
}
