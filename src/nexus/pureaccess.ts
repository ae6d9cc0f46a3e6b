// The list part of the nexus's `pure` evaluator (src/nexus/manifest.ts): indexing and Python
// slices with the pools' errors, and a body evaluated for each element of a list.
import type { PureExpr } from "./manifest";

/** A run-time error of the user's program (an index out of range), reported like a pool's. */
export class PureFailure extends Error {}

/** Evaluates a subexpression, in the current scope or in `scope`. */
type Eval = (e: PureExpr, scope?: Map<string, unknown>) => unknown;

const int = (v: unknown): number => Number(v as bigint | number);

/** List indexing and slicing, and a body evaluated for each element of a list (bound to `name`). */
export function evalAccess(e: PureExpr, ev: Eval, env: Map<string, unknown>): unknown {
  switch (e.kind) {
    case "at": {
      const xs = ev(e.of) as unknown[];
      const i = int(ev(e.index));
      const n = xs.length;
      if (i < -n || i >= n) throw new PureFailure(`index ${i} is out of range for a list of length ${n} (the accessor .[${i}] in '${e.fn}')`);
      return xs[i < 0 ? i + n : i];
    }
    case "slice": {
      const xs = ev(e.of) as unknown[];
      const part = (p: PureExpr | null) => (p === null ? null : int(ev(p)));
      return slice(xs, part(e.start), part(e.stop), part(e.step), e.fn);
    }
    case "each":
      return (ev(e.of) as unknown[]).map((x) => ev(e.body, new Map(env).set(e.name, x)));
    default:
      throw new Error(`internal error: unknown pure expression kind ${(e as { kind: string }).kind}`);
  }
}

/** Python's `xs[start:stop:step]`. */
export function slice<T>(xs: T[], start: number | null, stop: number | null, step: number | null, fn: string): T[] {
  const s = step ?? 1;
  if (s === 0) throw new PureFailure(`slice step cannot be zero (the accessor .[::0] in '${fn}')`);
  const n = xs.length;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v < 0 ? v + n : v));
  const out: T[] = [];
  if (s > 0) {
    const a = start === null ? 0 : clamp(start, 0, n);
    const b = stop === null ? n : clamp(stop, 0, n);
    for (let k = a; k < b; k += s) out.push(xs[k]!);
  } else {
    const a = start === null ? n - 1 : clamp(start, -1, n - 1);
    const b = stop === null ? -1 : clamp(stop, -1, n - 1);
    for (let k = a; k > b; k += s) out.push(xs[k]!);
  }
  return out;
}
