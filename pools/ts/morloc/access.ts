// List accessors of generated code: `.[i]` and `.[a:b:s]` with Python's semantics (negative
// indices count from the end; absent parts are null), and errors that name the morloc function
// holding the accessor. Indices are Ints, so bigints; numbers are accepted too.

type Index = bigint | number;

export function at<T>(xs: T[], i: Index, fn: string): T {
  const n = xs.length;
  const k = Number(i);
  if (-n <= k && k < n) return xs[k < 0 ? k + n : k]!;
  throw new RangeError(`index ${k} is out of range for a list of length ${n} (the accessor .[${k}] in '${fn}')`);
}

export function slice<T>(xs: T[], start: Index | null, stop: Index | null, step: Index | null, fn: string): T[] {
  const n = xs.length;
  const s = step === null ? 1 : Number(step);
  if (s === 0) throw new RangeError(`slice step cannot be zero (the accessor .[::0] in '${fn}')`);
  // Python's slice.indices: clamp to [lower, upper], counting negative bounds from the end
  const [lower, upper] = s > 0 ? [0, n] : [-1, n - 1];
  const bound = (b: Index | null, absent: number) => {
    if (b === null) return absent;
    const k = Number(b);
    return k < 0 ? Math.max(k + n, lower) : Math.min(k, upper);
  };
  const from = bound(start, s > 0 ? lower : upper);
  const to = bound(stop, s > 0 ? upper : lower);
  const out: T[] = [];
  for (let k = from; s > 0 ? k < to : k > to; k += s) out.push(xs[k]!);
  return out;
}
