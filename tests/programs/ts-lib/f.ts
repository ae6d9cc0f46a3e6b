export const tsDouble = (x: bigint): bigint => 2n * x;
// each word's first position
export function tsIndex(ws: string[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  ws.forEach((w, i) => { if (!m.has(w)) m.set(w, BigInt(i)); });
  return m;
}
