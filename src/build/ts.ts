// The TypeScript pool's build: the generated pool.ts, the user's .ts files it imports (by their
// path on disk, with their own relative imports and the npm packages their folder's node_modules
// holds) and the TypeScript runtime are bundled by Bun.build into one file, pool-ts.js, which the
// nexus runs on its own executable as Bun. Nothing has to be installed where the nexus runs.

import { join } from "node:path";
import { bunBuild, readAsset, TS_RUNTIME, type Assets } from "./assets";
import type { Host } from "./host";

/** The runtime's entry, in its repository layout. */
const ENTRY = "pools/ts/morloc/pool.ts";

/** Bundles `work/payload/pool.ts` into `work/payload/pool-ts.js`; returns the bundle's bytes. */
export async function buildTsPool(host: Host, assets: Assets, work: string): Promise<Uint8Array> {
  const runtime = join(work, "ts-runtime");
  for (const a of assets.files.filter((f) => TS_RUNTIME.some((p) => f.path.startsWith(p)))) {
    await host.writeFile(join(runtime, a.path), await readAsset(assets, a.path));
  }
  const outdir = join(work, "ts-out");
  await bunBuild(
    {
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
      ],
    },
    "bundle the TypeScript pool",
  );
  return new Uint8Array(await Bun.file(join(outdir, "pool-ts.js")).arrayBuffer());
}
