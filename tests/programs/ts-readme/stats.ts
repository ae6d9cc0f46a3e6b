export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs: number[]) => Math.sqrt(xs.map((x) => (x - mean(xs)) ** 2).reduce((a, b) => a + b, 0) / xs.length);
export const zscore = (mu: number, s: number, x: number) => (x - mu) / s;
export async function map<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x)); // f calls Python: it is async
  return out;
}
