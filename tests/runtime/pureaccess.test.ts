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

test("lambdas see their arguments after the enclosing ones; each maps a body", () => {
  // (\\f -> (f 1, f 2)) (\\y -> (x, y)) with x the command's argument
  const e = {
    kind: "apply",
    fn: { kind: "lambda", arity: 1, body: { kind: "tuple", items: [1, 2].map((v) => ({ kind: "apply", fn: { kind: "param", index: 1 }, args: [{ kind: "int", value: String(v) }] })) } },
    args: [{ kind: "lambda", arity: 1, body: { kind: "tuple", items: [{ kind: "param", index: 0 }, { kind: "param", index: 1 }] } }],
  } as const;
  expect(evalPure(e as never, ["x"])).toEqual([["x", 1n], ["x", 2n]]);
  expect(evalPure({ kind: "each", of: { kind: "param", index: 0 }, body: { kind: "index", of: { kind: "param", index: 1 }, index: 1 } }, [[[1, "a"], [2, "b"]]])).toEqual(["a", "b"]);
});
