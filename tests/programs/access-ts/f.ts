export const map = <A, B>(f: (a: A) => B, xs: A[]): B[] => xs.map((x) => f(x));
export const inc = (x: bigint): bigint => x + 1n;
