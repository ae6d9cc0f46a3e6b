// The TypeScript rows of the bench (called from bench/run.ts): warm calls between TypeScript and
// C++ / Python on the doorbell and on the socket, C++ → Python of the same run for comparison,
// map inc with TypeScript on each side, a TypeScript-only command's start next to `bun -e 0`, and
// 100 MB of [Real] as a Float64Array through C++ → TS → C++. Module: bench/ts-module.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { type Figure, markdown, median } from "./report";

export interface BenchContext {
  run(argv: string[], env?: Record<string, string | undefined>, cwd?: string): { ms: number; out: string };
  perCall(nexus: string, cmd: string, big: string, small: string, n: number, runs?: number, env?: Record<string, string | undefined>): number[];
  add(f: Figure): Figure;
  times(n: number, f: (i: number) => number): number[];
  work: string;
  BENCH: string;
  MORLOC: string;
  RUNS: number;
  baseEnv: Record<string, string | undefined>;
  realEnv: Record<string, string | undefined>;
}

/** Adds the TypeScript sections' figures; returns their notes. */
export function tsBench(c: BenchContext): string[] {
  const { run, perCall, add, times, work, RUNS, realEnv } = c;
  const nexus = join(work, "ts-nexus");
  run([c.MORLOC, "make", "-o", nexus, join(c.BENCH, "ts-module", "main.loc")], c.baseEnv, join(c.BENCH, "ts-module"));
  run([nexus, "tsOne", "1"], realEnv); // unpack once
  const socket = { ...realEnv, MORLOC_BELL_AFTER: "-1" };
  const NF = 20_000;

  const W = "TypeScript: warm single calls (scalar Int → Real)";
  const rows: [string, string, Record<string, string | undefined>][] = [
    ["C++ → TS", "cppTs", realEnv],
    ["TS → C++ (TypeScript in the nexus)", "tsCpp", realEnv],
    ["Python → TS", "pyTs", realEnv],
    ["TS → Python (TypeScript in the nexus)", "tsPy", realEnv],
    ["C++ → Python (same run, for comparison)", "cppPy", realEnv],
    ["C++ → TS, socket only (doorbell off)", "cppTs", socket],
    ["TS → C++, socket only (doorbell off)", "tsCpp", socket],
    ["TS → C++, TypeScript in a Bun pool (MORLOC_TS_POOL=1)", "tsCpp", { ...realEnv, MORLOC_TS_POOL: "1" }],
    ["TS → TS (same process, no crossing; for scale)", "tsTs", realEnv],
  ];
  for (const [what, cmd, env] of rows) add({ section: W, what, unit: "ns", vsR: true, samples: perCall(nexus, cmd, `${cmd === "tsTs" ? NF * 10 : NF}`, "1", cmd === "tsTs" ? NF * 10 : NF, RUNS, env) });

  const M = "TypeScript: map inc xs, per element";
  const E = 20_000;
  writeFileSync(join(work, "ts-xs.json"), JSON.stringify(Array.from({ length: E }, (_, i) => i + 0.5)));
  writeFileSync(join(work, "ts-few.json"), "[0.5]");
  const mapRuns = Math.min(RUNS, 3);
  for (const [what, cmd] of [["C++ map over TS inc", "mapCppTs"], ["TS map over C++ inc", "mapTsCpp"], ["Python map over TS inc", "mapPyTs"], ["TS map over Python inc", "mapTsPy"]] as const) {
    add({ section: M, what: `${what}, 2×10^4 Reals`, unit: "ns", vsR: true, samples: perCall(nexus, cmd, join(work, "ts-xs.json"), join(work, "ts-few.json"), E, mapRuns) });
  }

  const S = "TypeScript: start to first result";
  const starts: Record<string, number[]> = { bun: [], inNexus: [], pool: [] };
  for (let i = 0; i < RUNS + 2; i++) {
    starts.bun!.push(run([process.execPath, "-e", "0"]).ms);
    starts.inNexus!.push(run([nexus, "tsOne", "1"], realEnv).ms);
    starts.pool!.push(run([nexus, "tsOne", "1"], { ...realEnv, MORLOC_TS_POOL: "1" }).ms);
  }
  add({ section: S, what: "bun -e 0", unit: "ms", samples: starts.bun! });
  add({ section: S, what: "TS-only command (TypeScript in the nexus)", unit: "ms", samples: starts.inNexus! });
  add({ section: S, what: "TS-only command, TypeScript in a Bun pool (MORLOC_TS_POOL=1)", unit: "ms", samples: starts.pool! });

  const T = "TypeScript: 100 MB [Real] as Float64Array through C++ → TS → C++";
  const n = 12_500_000;
  const own = median(times(mapRuns, () => run([nexus, "ownReal", `${n}`], realEnv).ms));
  const all = times(mapRuns, () => run([nexus, "thruF64", `${n}`], realEnv).ms);
  const rate = all.map((t) => 1e8 / ((t - own) / 1000) / 1e6);
  add({ section: T, what: "[Real], 12.5 M elements: 100 MB / (time − same run without TypeScript)", unit: "MB/s", samples: rate, target: "≥ 1000 MB/s", met: median(rate) >= 1000 });
  add({ section: T, what: "[Real], whole command wall time", unit: "ms", samples: all });
  add({ section: T, what: "the same command without the TypeScript hop (ownReal)", unit: "ms", samples: times(mapRuns, () => run([nexus, "ownReal", `${n}`], realEnv).ms) });

  return [
    "TypeScript: a command rooted in TypeScript runs its TypeScript inside the nexus (no pool); C++ → TS and Python → TS call the Bun pool daemon. Both join the doorbell after 16 calls; the TS side polls on its one thread, then naps on the futex on that thread, then hands long waits to a sleeper thread (pools/ts/morloc/bell.ts). Per-call figures are (run of N calls − run of 1) / N as above, N = 20 000.",
    "TypeScript throughput: the module declares `type TS => (List Real) = \"Float64Array\"`, so the TypeScript side decodes the 100 MB block with one copy and encodes it back with one typed copy; the rest is C++'s encode/decode and the arena.",
  ];
}

/**
 * BENCH_ONLY=ts: the baselines (already measured) plus the TypeScript sections only. RESULTS.md
 * keeps every other section of the last full run and gets the new baselines and TypeScript rows.
 */
export function tsOnly(c: BenchContext, figs: Figure[], R: number): never {
  try {
    const notes = tsBench(c);
    const header = [
      `- date: ${new Date().toISOString()}; kernel ${Bun.spawnSync(["uname", "-r"]).stdout.toString().trim()}; ${navigator.hardwareConcurrency} cores; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(" ")}`,
      `- BENCH_ONLY=ts run: the baselines and the TypeScript sections are from this run, every other section from the last full run. Bun ${Bun.version}.`,
      `- R (median) = ${(R / 1000).toFixed(2)} µs; each figure is the median of ${c.RUNS} runs (3 for the long ones), with min and max (7 for start-up).`,
    ];
    const path = join(c.BENCH, "RESULTS.md");
    const old = existsSync(path) ? readFileSync(path, "utf8") : "";
    const fresh = markdown(figs, R, header, notes);
    writeFileSync(path, mergeSections(old, fresh));
    console.log("\nwrote bench/RESULTS.md (baselines and TypeScript sections)");
  } finally {
    rmSync(c.work, { recursive: true, force: true });
  }
  process.exit(0);
}

/** `fresh`'s header, then its sections in place of `old`'s of the same title, others kept; notes merged. */
export function mergeSections(old: string, fresh: string): string {
  const split = (text: string) => {
    const parts = text.split(/^(?=## )/m);
    const head = parts[0]!;
    const secs = new Map<string, string>();
    for (const p of parts.slice(1)) secs.set(p.split("\n")[0]!, p);
    return { head, secs };
  };
  if (!old) return fresh;
  const a = split(old);
  const b = split(fresh);
  const out: string[] = [b.head];
  const notes = (s: string | undefined) => (s ?? "").split("\n").filter((l) => l.startsWith("- "));
  for (const [title, body] of a.secs) {
    if (title === "## Notes") continue;
    out.push(b.secs.get(title) ?? body);
  }
  for (const [title, body] of b.secs) if (title !== "## Notes" && !a.secs.has(title)) out.push(body);
  const kept = notes(a.secs.get("## Notes"));
  const added = notes(b.secs.get("## Notes")).filter((n) => !kept.includes(n));
  // a TypeScript note of an earlier run is replaced by this run's
  const merged = [...kept.filter((n) => !n.startsWith("- TypeScript")), ...added];
  out.push(["## Notes", "", ...merged, ""].join("\n"));
  return out.join("");
}
