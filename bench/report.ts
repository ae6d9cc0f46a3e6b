// Statistics and the RESULTS.md writer for bench/run.ts: every figure is a median of several
// runs with its min and max, printed next to R (the C socket round trip of the same run).

export interface Figure {
  section: string;
  what: string;
  /** samples in the figure's unit */
  samples: number[];
  unit: "ns" | "ms" | "MB/s" | "kB";
  /** ratio to R is meaningful only for times per call/element */
  vsR?: boolean;
  target?: string;
  /** true met, false missed, undefined no target */
  met?: boolean;
  note?: string;
  /** per-run ratios to an R measured right before each run (paired); shown instead of median/R */
  ratios?: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A number in a readable unit: ns values become µs when large. */
export function show(v: number, unit: Figure["unit"]): string {
  if (unit === "ns") return v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1000 ? `${(v / 1000).toFixed(2)} µs` : `${v.toFixed(0)} ns`;
  if (unit === "ms") return `${v.toFixed(1)} ms`;
  if (unit === "MB/s") return `${v.toFixed(0)} MB/s`;
  return `${v.toFixed(0)} kB`;
}

export function stat(f: Figure): { med: number; min: number; max: number } {
  return { med: median(f.samples), min: Math.min(...f.samples), max: Math.max(...f.samples) };
}

/** One line for the console while the bench runs. */
export function consoleLine(f: Figure, R: number): string {
  const { med, min, max } = stat(f);
  const ratio = f.ratios ? `  = ${median(f.ratios).toFixed(3)} R (paired)` : f.vsR && R ? `  = ${(med / R).toFixed(3)} R` : "";
  return `${f.what.padEnd(58)} ${show(med, f.unit).padStart(11)}  [${show(min, f.unit)} .. ${show(max, f.unit)}]${ratio}`;
}

export function markdown(figs: Figure[], R: number, header: string[], notes: string[]): string {
  const out: string[] = ["# Benchmark results", "", "Written by `npm run bench` (bench/run.ts); do not edit by hand.", "", ...header, ""];
  let section = "";
  for (const f of figs) {
    if (f.section !== section) {
      section = f.section;
      out.push("", `## ${section}`, "", "| what | median | min | max | vs R | target | met |", "|---|---|---|---|---|---|---|");
    }
    const { med, min, max } = stat(f);
    const ratio = f.ratios ? `${median(f.ratios).toFixed(3)} R (paired)` : f.vsR && R ? `${(med / R).toFixed(3)} R` : "";
    const met = f.met === undefined ? "" : f.met ? "yes" : "**no**";
    const what = f.note ? `${f.what} (${f.note})` : f.what;
    out.push(`| ${what} | ${show(med, f.unit)} | ${show(min, f.unit)} | ${show(max, f.unit)} | ${ratio} | ${f.target ?? ""} | ${met} |`);
  }
  out.push("", "## Notes", "", ...notes.map((n) => `- ${n}`), "");
  return out.join("\n");
}
