// bench/run.ts section "cache" (BENCH_ONLY=cache): labelled calls (docs/labels.md). A cache hit of
// a whole command against recomputing the same trivial call, and the cost of routing one labelled
// call through the nexus against the same call made directly between pools.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "./report";

interface Ctx {
  add(f: Figure): Figure;
  run(argv: string[], env?: Record<string, string | undefined>, cwd?: string): { ms: number; out: string };
  work: string;
  morloc: string;
  runs: number;
  env: Record<string, string | undefined>;
}

const SECTION = "Labelled calls and the result cache";
const N = 2000;

export function labelsBench(c: Ctx): void {
  const dir = join(c.work, "labels");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.loc"), `module lb (total, viaNexus, direct)
source Py from "f.py" ("sum_py" as sumPy, "inc" as inc, "upto" as upto, "map_list" as map)
sumPy :: [Real] -> Real
inc :: Real -> Real
upto :: Int -> [Real]
map a b :: (a -> b) -> [a] -> [b]
total xs = slow@sumPy xs
viaNexus n = sumPy (map (\\x -> hop@inc x) (upto n))
direct n = sumPy (map inc (upto n))
`);
  writeFileSync(join(dir, "f.py"), "def sum_py(xs):\n    return float(sum(xs))\ndef inc(x):\n    return x + 1.0\ndef upto(n):\n    return [float(i) for i in range(n)]\ndef map_list(f, xs):\n    return [f(x) for x in xs]\n");
  writeFileSync(join(dir, "main.yaml"), "labeled-groups:\n  slow:\n    cache: true\n  hop:\n    cache: false\n");
  const nexus = join(dir, "lb");
  c.run([c.morloc, "make", "-o", nexus, "main.loc"], c.env, dir);
  const env = { ...c.env, MORLOC_CACHE_DIR: join(dir, "cache") };
  const times = (f: () => number) => Array.from({ length: c.runs }, f);
  c.run([nexus, "total", "[1,2,3]"], env); // stored
  c.add({ section: SECTION, what: "cache hit: whole labelled command answered by the nexus (no pool starts)", unit: "ms", samples: times(() => c.run([nexus, "total", "[1,2,3]"], env).ms) });
  c.add({ section: SECTION, what: "same command recomputed (--no-cache: starts the Python pool)", unit: "ms", samples: times(() => c.run([nexus, "--no-cache", "total", "[1,2,3]"], env).ms) });
  const per = (cmd: string) =>
    times(() => {
      const small = c.run([nexus, cmd, "1"], env).ms;
      const big = c.run([nexus, cmd, String(N)], env).ms;
      return ((big - small) * 1e6) / N;
    });
  c.add({ section: SECTION, what: `labelled call routed through the nexus (Python → nexus → Python, cache off), per call, ${N} calls`, unit: "ns", vsR: true, samples: per("viaNexus") });
  c.add({ section: SECTION, what: `the same call unlabelled (inside the Python pool), per call`, unit: "ns", vsR: true, samples: per("direct") });
}
