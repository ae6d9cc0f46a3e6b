// Typed forms of numeric lists in the Python pool (docs/bulk.md). A program that maps Python lists
// to `array` (`type Py => List a = "array" a`) receives its numeric lists as array.array (one copy
// out of the message); one that maps them to `memoryview` receives memoryviews over the message's
// bytes, lent for the call. The pool runtime reads the form from the codec key `@<form>:<schema>`;
// the schema on the wire is unchanged, so the other pools never see the difference.
import { con } from "../types/type";
import type { TypeScope } from "../types/scope";

const FORMS: Record<string, "array" | "view"> = { array: "array", "array.array": "array", memoryview: "view" };

/** The codec key of a value the Python pool decodes: its schema, prefixed by the form of the
 * program's `List` mapping when the value holds a list of numbers. */
export function pyCodecKey(scope: TypeScope, schema: string): string {
  const form = FORMS[scope.concreteHead("py", con("List", con("Real"))) ?? ""];
  return form && /a[iuf]\d/.test(schema) ? `@${form}:${schema}` : schema;
}
