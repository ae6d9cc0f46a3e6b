export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export async function sd(xs: number[]): Promise<number> {
  const m = mean(xs);
  return Math.sqrt(xs.map((x) => (x - m) ** 2).reduce((a, b) => a + b, 0) / xs.length);
}
export const zscore = (mu: number, s: number, x: number) => (x - mu) / s;
