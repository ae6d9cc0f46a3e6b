// Bench section for bulk data (issue 19): 100 MB of [Real] through C++ -> Python -> C++ as plain
// Python lists and as typed arrays (memoryview form), through C++ -> R -> C++, the Python pool's
// peak memory during the typed call, and the warm C++ -> R call. Two modules (bench/bulk/list and
// bench/bulk/typed) that differ only in their Python List mapping. Run alone with BENCH_ONLY=bulk.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Figure, median } from "./report";

export interface BenchContext {
  run: (argv: string[], env?: Record<string, string | undefined>, cwd?: string) => { ms: number; out: string };
  add: (f: Figure) => Figure;
  times: (n: number, f: (i: number) => number) => number[];
  perCallPaired: (nexus: string, cmd: string, big: string, small: string, n: number, runs?: number) => { samples: number[]; ratios: number[] };
  morloc: string;
  work: string;
  env: Record<string, string | undefined>;
  runs: number;
  notes: string[];
}

export function bulkSection(c: BenchContext): void {
  const S = "Bulk data: 100 MB of [Real] (issue 19)";
  const N = 12_500_000;
  const runs = Math.min(c.runs, 3);
  const nexus = (form: string) => {
    const out = join(c.work, `bulk-${form}`);
    c.run([c.morloc, "make", "-o", out, join(import.meta.dir, "bulk", form, "main.loc")], c.env, join(import.meta.dir, "bulk", form));
    return out;
  };
  const list = nexus("list");
  const typed = nexus("typed");
  // 100 MB / (time of the command - time of the same command without the hop), paired run by run
  const rate = (nx: string, cmd: string) => {
    const own: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < runs; i++) {
      own.push(c.run([nx, "own", `${N}`], c.env).ms);
      all.push(c.run([nx, cmd, `${N}`], c.env).ms);
    }
    const base = median(own);
    return { rates: all.map((t) => 1e8 / ((t - base) / 1000) / 1e6), all, base };
  };
  const lists = rate(list, "thruPy");
  const lf = c.add({ section: S, what: "[Real] as plain Python lists, C++ → Python → C++: 100 MB / (time − same run without Python)", unit: "MB/s", samples: lists.rates, target: "≥ 250 MB/s" });
  lf.met = median(lists.rates) >= 250;
  const views = rate(typed, "thruPy");
  const tf = c.add({ section: S, what: "[Real] as typed arrays (Python memoryview form), C++ → Python → C++", unit: "MB/s", samples: views.rates, target: "≥ 1000 MB/s" });
  tf.met = median(views.rates) >= 1000;
  const r = rate(list, "thruR");
  const rf = c.add({ section: S, what: "[Real] as an R numeric vector, C++ → R → C++", unit: "MB/s", samples: r.rates, target: "≥ 1000 MB/s" });
  rf.met = median(r.rates) >= 1000;
  c.add({ section: S, what: "the same command without the hop (C++ makes and measures 100 MB), wall time", unit: "ms", samples: [lists.base, views.base, r.base] });
  const hwm = c.times(runs, () => Number(c.run([typed, "hwmPy", `${N}`], c.env).out));
  const hf = c.add({ section: S, what: "peak RSS (VmHWM) of the Python pool after the 100 MB typed call", unit: "kB", samples: hwm, target: "≤ 1.3 × 100 MB = 126953 kB" });
  hf.met = median(hwm) <= 1.3e8 / 1024;
  const hwmList = c.times(runs, () => Number(c.run([list, "hwmPy", `${N}`], c.env).out));
  c.add({ section: S, what: "peak RSS (VmHWM) of the Python pool after the 100 MB plain-list call", unit: "kB", samples: hwmList });
  const w = c.add({ section: S, what: "warm C++ → R call (scalar Int → Real)", unit: "ns", vsR: true, ...c.perCallPaired(list, "cppR", "3000", "1", 3000, runs), target: "≤ 1.5 R" });
  w.met = median(w.ratios!) <= 1.5;
  // the R pool's own per-call work, no transport, with this runtime (bench/r_pool_overhead.R)
  const nexusDirs = join(c.env.XDG_CACHE_HOME ?? "", "morloc", "nexus");
  const unpacked = readdirSync(nexusDirs).map((n) => join(nexusDirs, n)).find((d) => existsSync(join(d, "morloc.R")));
  if (unpacked) {
    const lines = c.run(["Rscript", join(import.meta.dir, "r_pool_overhead.R"), unpacked, "20000", `${runs}`]).out.split("\n").map((l) => l.trim().split(" "));
    const side = (s: string) => lines.filter(([k]) => k === s).map(([, ns]) => Number(ns));
    c.add({ section: S, what: "R pool software cost per call served, no transport (bench/r_pool_overhead.R)", unit: "ns", vsR: true, samples: side("serve") });
  }
  c.notes.push(
    `Bulk data: the throughput figures divide 100 MB by the extra time of the command over the same command without the hop (own: C++ makes the 12.5 M Reals and measures them), in the same run. Plain lists: the Python pool decodes with memoryview.cast("d").tolist() and encodes a chunk of 65 536 elements at a time through array("d") straight into an arena block of the measured size; what remains is CPython making and freeing 12.5 M float objects. Typed (\`type Py => List a = "memoryview" a\`, docs/bulk.md): the Python function gets a view over the arena block, and returning it unchanged sends the same block back, so Python neither copies nor touches the 100 MB (its peak RSS above); the C++ side encodes straight into an arena block (Size<T>, no temporary blob) and decodes with one memcpy. R: f8 vectors are one memcpy each way in morloc_r.so. R per call: serving a call is interpreted R around the .Call()s; it now takes one tryCatch (was two), reads the header once instead of building a parsed-packet list, loops over the arguments without lapply and drops setdiff from the serving loop and the busy list (each of these cost 2–6 µs). R stays off the doorbell: its pool is one thread whose only wait is poll() over its sockets, and a futex word cannot be waited on together with file descriptors, so the R pool would have to spin (burning the core its callers need on this 2-core machine) or sleep in poll() with a timeout (up to that timeout of latency per call).`,
  );
}
