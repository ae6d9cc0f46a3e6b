const num = (x: unknown, what: string): number => {
  if (typeof x !== "number") throw new TypeError(`${what} is a ${typeof x}, not a number`);
  return x;
};
export const total = (xs: number[]): number => xs.reduce((a, b) => a + num(b, "an element"), 0);
export const plus = (x: number, y: number): number => num(x, "x") + num(y, "y");
export const describe = ([k, t]: [number, { name: string; count: number }]): string => `${t.name}: ${num(k, "k") * num(t.count, "count")}`;
export const bumpAll = (ts: { name: string; count: number }[]) => ts.map((t) => ({ ...t, count: num(t.count, "count") + 1 }));
