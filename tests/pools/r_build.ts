// Builds the R runtime's C part (pools/r/src/*.c) into tests/.tmp/r/morloc_r.so for the tests that run
// R (tests/pools/r.test.ts, tests/shm/concurrency.test.ts, tests/shm/crash.test.ts); cached by content.
import { mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { bunHost } from "../../src/build/host";
import { buildRRuntime } from "../../src/build/r";

const root = resolve(import.meta.dir, "../..");
export const hasR = Bun.spawnSync(["sh", "-c", "command -v Rscript"]).exitCode === 0;

export async function buildRSo(): Promise<string> {
  const out = join(root, "tests/.tmp/r");
  mkdirSync(out, { recursive: true });
  const dir = join(root, "pools/r/src");
  const sources = readdirSync(dir).filter((f) => /\.(c|h)$/.test(f)).map((name) => ({ name, contents: new Uint8Array(readFileSync(join(dir, name))) }));
  const so = join(out, "morloc_r.so");
  // a rename, so an R process of another test run that has the old library loaded keeps its copy
  const tmp = `${so}.${process.pid}.tmp`;
  await buildRRuntime(bunHost(null), sources, tmp);
  renameSync(tmp, so);
  return so;
}
