export const len = (xs: unknown[]): bigint => BigInt(xs.length);
