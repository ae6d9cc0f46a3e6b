export const tinc = (x: bigint): bigint => x + 1n;
export async function tMap<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
export const tSum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const tRange = (n: bigint): number[] => Array.from({ length: Number(n) }, (_, i) => i + 0.5);
export function tFailAt(x: bigint): bigint {
  if (x === 50n) throw new RangeError(`no ${x}`);
  return x;
}
export function tDie(x: bigint): bigint {
  if (x === 30n) process.exit(7);
  return x;
}
