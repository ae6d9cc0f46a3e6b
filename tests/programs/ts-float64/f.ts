const name = (x: unknown): string => (Array.isArray(x) ? `Array<${x.length ? name(x[0]) : ""}>` : typeof x === "object" && x ? x.constructor.name : typeof x);
export const tKind = (xs: Float64Array): string => `${name(xs)}:${xs.length}`;
export const tShape = ([a, b, c]: [Float64Array, bigint[], Float64Array[]]): string => [name(a), name(b), name(c)].join(",");
export const tId = (xs: Float64Array): Float64Array => xs;
export const tSum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
export const tRange = (n: bigint): Float64Array => Float64Array.from({ length: Number(n) }, (_, i) => i + 0.5);
// a result may also be a plain array
export const tPlain = (n: bigint): number[] => Array.from({ length: Number(n) }, (_, i) => i * 2);
export const tNested = (xss: Float64Array[]): Float64Array[] => xss.map((xs) => xs.map((x) => -x));
