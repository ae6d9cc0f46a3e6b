export const add = (a: bigint, b: bigint) => a + b;
export const sub = (a: bigint, b: bigint) => a - b;
export const mul = (a: bigint, b: bigint) => a * b;
export const eq = (a: bigint, b: bigint) => a === b;
export const ge = (a: bigint, b: bigint) => a >= b;
export const gt = (a: bigint, b: bigint) => a > b;
export const le = (a: bigint, b: bigint) => a <= b;
// f may be async (a recursive function is): every element is awaited
export async function mapList<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
