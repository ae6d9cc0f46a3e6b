// Front-end speed: parse and resolve the bundled library (through `import base`, which pulls in every
// module) plus a generated 2 000-line module, from disk. Prints cold (first run, grammar built) and
// warm (median of later runs) times in milliseconds, wall clock and CPU. Run: bun bench/parse.ts
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve as absolute } from "node:path";
import { parseModuleText } from "../src/frontend/index";
import { resolve, type ModuleHost } from "../src/resolve/index";

const LIB = absolute(import.meta.dir, "../lib");
const RUNS = 7;

/** A 2 000-line module that uses every kind of top-level item and imports the whole bundled library. */
function bigModule(): string {
  const lines = ["module big (*)", "import base"];
  for (let i = 0; lines.length < 2000; i++) {
    lines.push(
      `-- block ${i}`,
      `record (R${i} a) = R${i} {name :: Str, items :: [a], pair :: (Int, Real)}`,
      `type Cpp => T${i} a = "std::vector<$1>" a`,
      `f${i} a b :: (a -> b) -> [a] -> [b]`,
      `f${i} g xs = map g (map (\\x -> x) xs)`,
      `g${i} x = h . k 1 . (\\y -> y)`,
      `  where`,
      `    h = id`,
      `    k a b = add a (mul -1.0 b)`,
      `v${i} = {name = "n${i}", items = [1, 2, 3], pair = (${i}, 1e-3)}@name`,
    );
  }
  return lines.slice(0, 2000).join("\n") + "\n";
}

function diskHost(): ModuleHost {
  return {
    libraryDirs: [LIB],
    parse: parseModuleText,
    async readText(path) {
      const f = Bun.file(path);
      return (await f.exists()) ? await f.text() : undefined;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), "morloc-bench-"));
try {
  const entry = join(dir, "big.loc");
  const text = bigModule();
  writeFileSync(entry, text);
  const times: number[] = [];
  const cpu: number[] = [];
  let modules = 0;
  let lines = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await resolve(entry, diskHost());
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    modules = res.modules.length;
    lines = [...res.sources.values()].reduce((n, s) => n + s.split("\n").length - 1, 0);
  }
  const median = (xs: number[]) => xs.slice(1).sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  console.log(`parse+resolve: ${modules} modules, ${lines} lines (bundled library + a ${text.split("\n").length - 1}-line module)`);
  // CPU time is shown too: on a shared machine the wall clock also counts other processes.
  console.log(`  cold (first run, grammar compiled): ${times[0]!.toFixed(1)} ms wall, ${cpu[0]!.toFixed(1)} ms cpu`);
  console.log(`  warm (median of ${RUNS - 1}):          ${median(times).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms cpu`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
