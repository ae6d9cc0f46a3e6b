// TypeScript side of the TypeScript benchmark module.
export async function tsRepeat(f: (i: bigint) => number | Promise<number>, n: bigint): Promise<number> {
  let s = 0;
  for (let i = 0n; i < n; i++) s += await f(i);
  return s;
}
export const tsInc = (x: bigint): number => Number(x) + 1;
export const tsIncR = (x: number): number => x + 1;
// xs may be a Float64Array (the module declares [Real] so): build a plain array of the results
export async function tsMap<A, B>(f: (a: A) => B | Promise<B>, xs: Iterable<A>): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
export const tsIdReals = (xs: Float64Array): Float64Array => xs;
