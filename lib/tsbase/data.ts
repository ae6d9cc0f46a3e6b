// tsbase data: TypeScript functions over maps (a JS Map), the Map packers and readMap.
// A function argument may be async; see core.ts.

import { readFileSync } from "node:fs";
import { mlc_filter, mlc_map } from "./core";

type Fn = (...args: any[]) => any;

const isPromise = (x: unknown): x is PromiseLike<unknown> =>
  x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as any).then === "function";
const then = <A, B>(x: A | PromiseLike<A>, k: (a: A) => B): B | Promise<B> =>
  isPromise(x) ? Promise.resolve(x).then(k) : k(x as A);

export const mlc_keys = <K, V>(m: Map<K, V>): K[] => [...m.keys()];
export const mlc_vals = <K, V>(m: Map<K, V>): V[] => [...m.values()];

export function mlc_mapKey<K, V>(f: Fn, m: Map<K, V>) {
  const es = [...m];
  return then(mlc_map((e: [K, V]) => f(e[0]), es), (ks: unknown[]) => new Map(ks.map((k, i) => [k, es[i]![1]])));
}

export function mlc_mapVal<K, V>(f: Fn, m: Map<K, V>) {
  const es = [...m];
  return then(mlc_map((e: [K, V]) => f(e[1]), es), (vs: unknown[]) => new Map(vs.map((v, i) => [es[i]![0], v])));
}

export const mlc_filterKey = <K, V>(f: Fn, m: Map<K, V>) => then(mlc_filter((e: [K, V]) => f(e[0]), [...m]), (es) => new Map(es));
export const mlc_filterVal = <K, V>(f: Fn, m: Map<K, V>) => then(mlc_filter((e: [K, V]) => f(e[1]), [...m]), (es) => new Map(es));

// a JSON object whose values are all strings
export function mlc_readMap(filename: string): Map<string, string> {
  const d = JSON.parse(readFileSync(filename, "utf8"));
  if (d === null || typeof d !== "object" || Array.isArray(d) || !Object.values(d).every((v) => typeof v === "string"))
    throw new TypeError(`readMap: ${filename} does not hold a JSON object of strings`);
  return new Map(Object.entries(d as Record<string, string>));
}

// ([key], [val]) -> Map
export function morloc_packMap<K, V>(t: [K[], V[]]): Map<K, V> {
  const [ks, vs] = t;
  if (ks.length !== vs.length) throw new RangeError(`Map: ${ks.length} keys but ${vs.length} values`);
  return new Map(ks.map((k, i) => [k, vs[i]!]));
}

// Map -> ([key], [val])
export const morloc_unpackMap = <K, V>(m: Map<K, V>): [K[], V[]] => [[...m.keys()], [...m.values()]];
