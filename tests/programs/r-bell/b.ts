export const tinc = (x: bigint): bigint => x + 1n;
export async function tMap<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
