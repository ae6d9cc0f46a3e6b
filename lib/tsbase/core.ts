// tsbase core: the TypeScript implementations of the conventions signatures (no dependencies).
// Names carry an mlc_ prefix where the morloc name is a keyword or a global; main.loc aliases them.
//
// Ints are `bigint` (the default TS mapping of Int); an Int argument may also be a `number` (a
// program that declares `type TS => Int = "number"`), and Ints this file makes are bigints.
// A function argument may be async (it calls another pool): the higher-order functions run
// synchronously until a result is a promise, then await the rest, so a TS-only call pays no await.

type Fn = (...args: any[]) => any;
type IntLike = bigint | number;

const isPromise = (x: unknown): x is PromiseLike<unknown> =>
  x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as any).then === "function";

/** out[i] = step(i) for i < n; synchronous unless a step returns a promise. */
function collect<B>(n: number, step: (i: number) => B | PromiseLike<B>): B[] | Promise<B[]> {
  const out: B[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const y = step(i);
    if (isPromise(y)) return finish(i, y);
    out[i] = y;
  }
  return out;
  async function finish(i: number, first: PromiseLike<B>): Promise<B[]> {
    out[i] = await first;
    for (let j = i + 1; j < n; j++) out[j] = await step(j);
    return out;
  }
}

/** A value, or what a promise of it settles to, given to `k`. */
const then = <A, B>(x: A | PromiseLike<A>, k: (a: A) => B): B | Promise<B> =>
  isPromise(x) ? Promise.resolve(x).then(k) : k(x as A);

/** An Int argument as a JS number index (bigints beyond 2^53 are clamped by the comparisons that use it). */
const num = (i: IntLike): number => Number(i);

// control

export async function mlc_sleep<A>(seconds: number, x: A): Promise<A> {
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return x;
}

export const mlc_ifelse = <A>(cond: boolean, a: A, b: A): A => (cond ? a : b);

export const mlc_branch = (p: Fn, f: Fn, g: Fn, x: unknown): unknown => then(p(x), (c) => (c ? f(x) : g(x)));

// () -> a arrives as a zero-argument function (unit inputs are removed)
export const mlc_run = (f: Fn): unknown => f();

// functions

export const mlc_id = <A>(x: A): A => x;
export const mlc_seq = <A, B>(_a: A, b: B): B => b;
export const mlc_const = <A, B>(a: A, _b: B): A => a;

// tuples

export const mlc_fst = (t: unknown[]) => t[0];
export const mlc_snd = (t: unknown[]) => t[1];
export const mlc_fst3 = (t: unknown[]) => t[0];
export const mlc_snd3 = (t: unknown[]) => t[1];
export const mlc_thr3 = (t: unknown[]) => t[2];
export const mlc_onFst = (f: Fn, t: unknown[]) => then(f(t[0]), (a) => [a, t[1]]);
export const mlc_onSnd = (f: Fn, t: unknown[]) => then(f(t[1]), (b) => [t[0], b]);

// strings

export const mlc_paste = (sep: string, xs: string[]): string => xs.join(sep);
export const mlc_unwords = (xs: string[]): string => xs.join(" ");
// as Haskell's unlines: every line ends with a newline
export const mlc_unlines = (xs: string[]): string => xs.map((x) => x + "\n").join("");
// as Haskell's lines: split at newlines; a final newline does not start an empty line
export function mlc_lines(s: string): string[] {
  if (s === "") return [];
  const out = s.split("\n");
  if (s.endsWith("\n")) out.pop();
  return out;
}
export const mlc_words = (s: string): string[] => s.split(/[ \t\n\r\f\v]+/).filter((w) => w !== "");

// lists

export function mlc_at<A>(xs: A[], i: IntLike): A {
  const k = num(i);
  if (!(k >= 0 && k < xs.length)) throw new RangeError(`at: index ${i} is outside a list of length ${xs.length}`);
  return xs[k]!;
}

export const mlc_concat = <A>(xss: A[][]): A[] => ([] as A[]).concat(...xss);
export const mlc_take = <A>(n: IntLike, xs: A[]): A[] => xs.slice(0, Math.max(num(n), 0));
export const mlc_drop = <A>(n: IntLike, xs: A[]): A[] => xs.slice(Math.max(num(n), 0));
export const mlc_enumerateWith = (f: Fn, xs: unknown[]) => collect(xs.length, (i) => f(xs[i], BigInt(i)));

export function mlc_fold<A, B>(f: (b: B, a: A) => B | PromiseLike<B>, b: B, xs: A[]): B | Promise<B> {
  for (let i = 0; i < xs.length; i++) {
    const y = f(b, xs[i]!);
    if (isPromise(y)) return rest(i, y);
    b = y;
  }
  return b;
  async function rest(i: number, first: PromiseLike<B>): Promise<B> {
    let acc = await first;
    for (let j = i + 1; j < xs.length; j++) acc = await f(acc, xs[j]!);
    return acc;
  }
}

function nonEmpty(name: string, xs: unknown[]): void {
  if (xs.length === 0) throw new RangeError(`${name}: empty list`);
}
export function mlc_head<A>(xs: A[]): A {
  nonEmpty("head", xs);
  return xs[0]!;
}
export function mlc_last<A>(xs: A[]): A {
  nonEmpty("last", xs);
  return xs[xs.length - 1]!;
}
export function mlc_init<A>(xs: A[]): A[] {
  nonEmpty("init", xs);
  return xs.slice(0, -1);
}
export function mlc_tail<A>(xs: A[]): A[] {
  nonEmpty("tail", xs);
  return xs.slice(1);
}

export const mlc_join = <A>(xs: A[], ys: A[]): A[] => xs.concat(ys);
export const mlc_append = <A>(xs: A[], x: A): A[] => [...xs, x];
export const mlc_map = (f: Fn, xs: unknown[]) => collect(xs.length, (i) => f(xs[i]));

export function mlc_filter<A>(f: (a: A) => boolean | PromiseLike<boolean>, xs: A[]): A[] | Promise<A[]> {
  return then(collect(xs.length, (i) => f(xs[i]!)), (keep) => xs.filter((_, i) => keep[i]));
}

// n consecutive chunks whose sizes differ by at most one
export function mlc_shard<A>(n: IntLike, xs: A[]): A[][] {
  const k = num(n);
  if (!(k >= 1)) throw new RangeError(`shard: the number of shards must be positive, got ${n}`);
  const size = Math.floor(xs.length / k), extra = xs.length % k;
  const out: A[][] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const end = start + size + (i < extra ? 1 : 0);
    out.push(xs.slice(start, end));
    start = end;
  }
  return out;
}

/** Structural equality of morloc values (lists, tuples, records, maps, numbers, strings). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "bigint" || typeof b === "bigint") return typeof a !== "object" && typeof b !== "object" && a == b;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a instanceof Map) return b instanceof Map && a.size === b.size && [...a].every(([k, v]) => b.has(k) && same(v, b.get(k)));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as any)[k], (b as any)[k]));
}

export const mlc_elem = <A>(x: A, xs: A[]): boolean => xs.some((y) => same(x, y));

export function mlc_unique<A>(xs: A[]): A[] {
  const out: A[] = [];
  for (const x of xs) if (!out.some((y) => same(x, y))) out.push(x);
  return out;
}

// zips stop at the shorter list
export const mlc_zip = <A, B>(xs: A[], ys: B[]): [A, B][] => xs.slice(0, Math.min(xs.length, ys.length)).map((x, i) => [x, ys[i]!]);
export const mlc_unzip = <A, B>(ps: [A, B][]): [A[], B[]] => [ps.map((p) => p[0]), ps.map((p) => p[1])];
export const mlc_zipWith = (f: Fn, xs: unknown[], ys: unknown[]) => collect(Math.min(xs.length, ys.length), (i) => f(xs[i], ys[i]));
export const mlc_withFsts = (f: Fn, ps: [unknown, unknown][]) =>
  then(f(ps.map((p) => p[0])), (as: unknown[]) => mlc_zip(as, ps.map((p) => p[1])));
export const mlc_withSnds = (f: Fn, ps: [unknown, unknown][]) =>
  then(f(ps.map((p) => p[1])), (bs: unknown[]) => mlc_zip(ps.map((p) => p[0]), bs));

// booleans

export const mlc_not = (x: boolean): boolean => !x;
export const mlc_and = (a: boolean, b: boolean): boolean => a && b;
export const mlc_or = (a: boolean, b: boolean): boolean => a || b;

// class instances (Show, Sized, Addable, Subtractable, Eq, Ord)

/** A Real as Python prints it: the shortest form that reads back exactly, ".0" when integral. */
export function mlc_showReal(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, e] = x.toExponential().split("e") as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let s: string;
  if (exp < 0) s = "0." + "0".repeat(-exp - 1) + digits;
  else if (digits.length > exp + 1) s = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
  else s = digits + "0".repeat(exp + 1 - digits.length) + ".0";
  return (neg ? "-" : "") + s;
}

export const mlc_showInt = (x: IntLike): string => String(x);
// a string's size counts code points, as Python's len (not UTF-16 units)
export const mlc_size = (xs: string | unknown[]): bigint => BigInt(typeof xs === "string" ? [...xs].length : xs.length);

export const mlc_add = (a: any, b: any) => a + b;
export const mlc_sub = (a: any, b: any) => a - b;
export const mlc_mul = (a: any, b: any) => a * b;
export const mlc_neg = (x: any) => -x;
export const mlc_div = (a: number, b: number): number => a / b;

// Int division and remainder round toward negative infinity, as Python's // and %
export function mlc_idiv(a: IntLike, b: IntLike): IntLike {
  if (typeof a === "bigint" && typeof b === "bigint") {
    if (b === 0n) throw new RangeError("div: division by zero");
    const q = a / b;
    return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
  }
  if (Number(b) === 0) throw new RangeError("div: division by zero");
  return Math.floor(Number(a) / Number(b));
}

export function mlc_mod(a: any, b: any): any {
  if (typeof a === "bigint" && b === 0n) throw new RangeError("mod: division by zero");
  const r = a % b;
  return r != 0 && (r < 0) !== (b < 0) ? r + b : r;
}

export const mlc_eq = (a: unknown, b: unknown): boolean => same(a, b);
export const mlc_ne = (a: unknown, b: unknown): boolean => !same(a, b);
export const mlc_le = (a: any, b: any): boolean => a <= b;
export const mlc_lt = (a: any, b: any): boolean => a < b;
export const mlc_ge = (a: any, b: any): boolean => a >= b;
export const mlc_gt = (a: any, b: any): boolean => a > b;
