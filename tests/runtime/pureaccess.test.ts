// The nexus's list accessors (src/nexus/pureaccess.ts) against Python's own slicing and indexing:
// every bound and step from -7 to 7 (and absent) on lists of length 0 to 5.
import { expect, test } from "bun:test";
import { evalPure } from "../../src/nexus/pure";
import { PureFailure, slice } from "../../src/nexus/pureaccess";

const bounds = [null, ...Array.from({ length: 15 }, (_, i) => i - 7)];

test("slices match Python's", () => {
  const cases: [number, number | null, number | null, number | null][] = [];
  for (let n = 0; n <= 5; n++) for (const a of bounds) for (const b of bounds) for (const s of bounds) if (s !== 0) cases.push([n, a, b, s]);
  const py = `
import json, sys
out = []
for n, a, b, s in json.load(sys.stdin):
    out.append(list(range(n))[a:b:s])
print(json.dumps(out))`;
  const r = Bun.spawnSync(["python3", "-c", py], { stdin: Buffer.from(JSON.stringify(cases)) });
  const want = JSON.parse(r.stdout.toString()) as number[][];
  const got = cases.map(([n, a, b, s]) => slice(Array.from({ length: n }, (_, i) => i), a, b, s, "f"));
  expect(got).toEqual(want);
});

test("a zero step and an index out of range are errors naming the function", () => {
  expect(() => slice([1, 2], null, null, 0, "g")).toThrow("slice step cannot be zero (the accessor .[::0] in 'g')");
  const at = (i: number) => evalPure({ kind: "at", of: { kind: "param", index: 0 }, index: { kind: "int", value: String(i) }, fn: "h" }, [[10, 20, 30]]);
  expect([at(0), at(2), at(-1), at(-3)]).toEqual([10, 30, 30, 10]);
  expect(() => at(3)).toThrow(PureFailure);
  expect(() => at(-4)).toThrow("index -4 is out of range for a list of length 3 (the accessor .[-4] in 'h')");
});

test("each evaluates its body for every element, bound by name", () => {
  const e = { kind: "each", of: { kind: "param", index: 0 }, name: "x", body: { kind: "index", of: { kind: "local", name: "x" }, index: 1 } } as const;
  expect(evalPure(e, [[[1, "a"], [2, "b"]]])).toEqual(["a", "b"]);
  // inside a lambda applied to the list: the element and the lambda's parameter are both in scope
  const f = {
    kind: "apply",
    fn: { kind: "lambda", params: ["k"], body: { kind: "each", of: { kind: "param", index: 0 }, name: "x", body: { kind: "tuple", items: [{ kind: "local", name: "k" }, { kind: "local", name: "x" }] } } },
    args: [{ kind: "str", value: "K" }],
  } as const;
  expect(evalPure(f as never, [[1, 2]])).toEqual([["K", 1], ["K", 2]]);
});
