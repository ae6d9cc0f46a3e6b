// Where a TypeScript function runs: a pool has MORLOC_SLOT in its environment, the nexus does not.
export const runsIn = (x: bigint): string => `${process.env.MORLOC_SLOT === undefined ? "nexus" : "pool"}:${x}`;

// one counter per TypeScript process: 1000 * (how many calls so far) + x
let calls = 0n;
export const count = (x: bigint): bigint => ++calls * 1000n + x;

export async function tMap<A, B>(f: (a: A) => B | Promise<B>, xs: A[]): Promise<B[]> {
  const out: B[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}

export function boom(x: bigint): bigint {
  throw new RangeError(`boom ${x}`);
}

export function hello(s: string): string {
  console.log("a user print");
  process.stdout.write("a raw write\n");
  return s + "!";
}

export function quit(x: bigint): bigint {
  process.exit(Number(x));
}

export function forever(x: bigint): bigint {
  for (;;) x = (x * 3n + 1n) % 1000003n;
}
