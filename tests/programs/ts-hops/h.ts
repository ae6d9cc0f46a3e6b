// t1 x = 10 * x + 1, so the order of the hops shows in the digits
export const t1 = (x: bigint): bigint => 10n * x + 1n;
export const tReal = (x: number): number => x / 4;
export const tstr = (s: string): string => s + "t";
export const tSum = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
export async function tMap<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
export const tDouble = (xs: number[]): number[] => xs.map((x) => 2 * x);
