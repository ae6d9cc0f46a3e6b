// `./nexus --slurm [--partition P --time T --mem M --cpus C] CMD ARGS`: the options that send a
// whole command to SLURM as one job. They sit left of the command, among the other nexus options;
// here they are taken out so the rest of the command line parses as usual (and again on the node).

import { UsageError } from "../args";
import type { Resources } from "./jobs";

const VALUE_OPTIONS = new Set(["--partition", "--time", "--mem", "--cpus"]);

/**
 * Takes `--slurm` and its resource options from the leading options of argv. Returns null resources
 * when `--slurm` is absent (argv untouched: a lone `--mem` then fails as any unknown option would).
 */
export function takeSlurmOptions(argv: string[]): { resources: Resources | null; rest: string[] } {
  if (!argv.includes("--slurm")) return { resources: null, rest: argv };
  const rest: string[] = [];
  const r: Resources = {};
  let slurm = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--" || !a.startsWith("-")) break;
    if (a === "--slurm") {
      slurm = true;
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!VALUE_OPTIONS.has(name)) {
      rest.push(a);
      continue;
    }
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i]!;
    else throw new UsageError(`a value is required for '${name}' but none was supplied`);
    setResource(r, name, value);
  }
  // `--slurm` after the command belongs to the command (an option of its own, or an error there)
  if (!slurm) return { resources: null, rest: argv };
  return { resources: r, rest: [...rest, ...argv.slice(i)] };
}

function setResource(r: Resources, name: string, value: string): void {
  switch (name) {
    case "--partition":
      if (!/^[\w.,-]+$/.test(value)) throw new UsageError(`--partition needs a partition name, got "${value}"`);
      r.partition = value;
      return;
    case "--time":
      // minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (sbatch's forms)
      if (!/^(\d+-)?\d+(:\d+){0,2}$/.test(value)) throw new UsageError(`--time needs a SLURM time such as 30, 1:00:00 or 0-02:00:00, got "${value}"`);
      r.time = value;
      return;
    case "--mem":
      if (!/^\d+[KMGT]?$/i.test(value)) throw new UsageError(`--mem needs a size such as 500M or 16G, got "${value}"`);
      r.mem = value.toUpperCase();
      return;
    case "--cpus": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--cpus needs a positive whole number, got "${value}"`);
      r.cpus = n;
      return;
    }
  }
}
