// Runs the morloc CLI from a checkout (`bun src/cli/main.ts make ...`), reading its runtime assets
// from the repository. dist/morloc instead starts from dist/cli-entry.ts (made by scripts/build.ts),
// which passes the embedded assets to the same runCli.

import { repoAssets } from "../build/assets";
import { runCli } from "./cli";

await runCli(await repoAssets(), process.argv.slice(2));
