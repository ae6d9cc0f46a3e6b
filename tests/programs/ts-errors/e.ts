export function inverse(x: number): number {
  if (x === 0) throw new RangeError("inverse of zero");
  return 1 / x;
}

const later = <T>(v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), 5));

// async functions are awaited; a rejection is an error like any other
export async function slowSum(xs: bigint[]): Promise<bigint> {
  let s = 0n;
  for (const x of xs) s += await later(x);
  if (s < 0n) throw new Error(`negative sum ${s}`);
  return s;
}

export async function slowDouble(x: bigint): Promise<bigint> {
  return later(2n * x);
}

export const tsApply = (x: number): number => x + 1;
