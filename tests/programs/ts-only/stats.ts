export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export const zscore = (mu: number, sd: number, x: number): number => (x - mu) / sd;

export function total(xs: bigint[]): bigint {
  return xs.reduce((a, b) => a + b, 0n);
}

export async function shout(s: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 1));
  return s.toUpperCase() + "!";
}

export const pairUp = (s: string, n: bigint): [string, bigint] => [s, n * 2n];

export function describe(p: { name: string; age: bigint }): string {
  return `${p.name} is ${p.age}`;
}

export const twice = (f: (x: bigint) => bigint, x: bigint): bigint => f(f(x));

export function map<A, B>(f: (a: A) => B, xs: A[]): B[] {
  return xs.map((x) => f(x));
}
