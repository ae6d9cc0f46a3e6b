// The list accessors of generated TypeScript (pools/ts/morloc/access.ts) follow Python's semantics.
import { expect, test } from "bun:test";
import { at, slice } from "../morloc/access";

const xs = [0, 1, 2, 3, 4];

test("at counts negative indices from the end and names the function when out of range", () => {
  expect(at(xs, 0n, "f")).toBe(0);
  expect(at(xs, -1n, "f")).toBe(4);
  expect(at(xs, 4, "f")).toBe(4);
  expect(() => at(xs, 5n, "f")).toThrow("index 5 is out of range for a list of length 5 (the accessor .[5] in 'f')");
  expect(() => at(xs, -6n, "g")).toThrow("(the accessor .[-6] in 'g')");
});

test("slice matches Python's xs[a:b:s]", () => {
  // each row: start, stop, step, and what Python gives for [0, 1, 2, 3, 4][start:stop:step]
  const rows: [bigint | null, bigint | null, bigint | null, number[]][] = [
    [1n, 3n, null, [1, 2]],
    [-2n, null, null, [3, 4]],
    [null, null, -1n, [4, 3, 2, 1, 0]],
    [3n, 0n, -2n, [3, 1]],
    [null, -10n, null, []],
    [-10n, 2n, null, [0, 1]],
    [10n, null, -1n, [4, 3, 2, 1, 0]],
    [null, null, 2n, [0, 2, 4]],
    [4n, 1n, null, []],
  ];
  for (const [a, b, s, want] of rows) expect(slice(xs, a, b, s, "f")).toEqual(want);
  expect(slice([], null, null, -1n, "f")).toEqual([]);
  expect(() => slice(xs, null, null, 0n, "h")).toThrow("slice step cannot be zero (the accessor .[::0] in 'h')");
});
