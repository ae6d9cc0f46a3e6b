export const tInc = (x: bigint): bigint => x + 1n;
export const tShift = (d: number, p: { x: number; y: number }) => ({ x: p.x + d, y: p.y + d });
export function tBump(m: Map<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [k, v] of m) out.set(k.toUpperCase(), v * 100n);
  return out;
}
export const tWrap = (x: bigint): bigint => x * 10n;
