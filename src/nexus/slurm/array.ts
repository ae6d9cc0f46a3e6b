// `map lbl@f xs` as one job array: the nexus splits the list argument into one argument set per
// element of the element call, and joins the element results back into the list result, in order.

import { decodeValue, encodeValue, parseSchema } from "../../../shm";
import type { LabelledArray, LabelledCall } from "../labelled";

/** The element calls' arguments: per element, each parameter is the element or an outer argument. */
export function splitArray(outer: LabelledCall, a: LabelledArray, elem: LabelledCall, args: Uint8Array[]): Uint8Array[][] {
  const listSchema = parseSchema(outer.args[a.list]!);
  const items = decodeValue(listSchema, args[a.list]!) as unknown[];
  const at = a.args.indexOf(-1);
  const itemSchema = parseSchema(elem.args[at]!);
  return items.map((item) => a.args.map((k) => (k === -1 ? encodeValue(itemSchema, item) : args[k]!)));
}

/** The list result from the element results. */
export function joinArray(outer: LabelledCall, elem: LabelledCall, results: Uint8Array[]): Uint8Array {
  const one = parseSchema(elem.ret);
  return encodeValue(parseSchema(outer.ret), results.map((r) => decodeValue(one, r)));
}
