// Writes tests/vectors/values.json: (schema, value, hex bytes) triples that the Bun, Python and C++
// blob codecs must all reproduce exactly. Run: bun tests/vectors/gen_values.ts
import { parseSchema } from "../../shm/schema";
import { encodeValue } from "../../shm/value";
import { toJsonish } from "./jsonish";

const big = 2n ** 63n;
const rec70Schema = "m70:" + Array.from({ length: 70 }, (_, k) => `${`f${k}`.length}:f${k}${["i8", "b", "s", "f8", "u2"][k % 5]}`).join("");
const rec70Value = Object.fromEntries(Array.from({ length: 70 }, (_, k) => {
  const v = [BigInt(k * 1000 - 7), k % 2 === 0, `v${k}`, k / 4, BigInt(k)][k % 5];
  return [`f${k}`, v];
}));
const longKey = "k".repeat(50) + "λ".repeat(25);   // 100 bytes of UTF-8
const nest = (d: number, leaf: unknown): unknown => (d === 0 ? leaf : [nest(d - 1, leaf)]);

const cases: [string, string, unknown][] = [
  ["unit", "z", null],
  ["bool true", "b", true],
  ["bool false", "b", false],
  ["int zero", "i8", 0n],
  ["int 42", "i8", 42n],
  ["int -1", "i8", -1n],
  ["int64 min", "i8", -big],
  ["int64 max", "i8", big - 1n],
  ["i1 min", "i1", -128n],
  ["i2", "i2", -300n],
  ["i4", "i4", 2147483647n],
  ["u1 max", "u1", 255n],
  ["u2", "u2", 65535n],
  ["u4", "u4", 4294967295n],
  ["u8 max", "u8", 2n ** 64n - 1n],
  ["real", "f8", 1.5],
  ["real tenth", "f8", 0.1],
  ["real -0", "f8", -0],
  ["real NaN", "f8", NaN],
  ["real +inf", "f8", Infinity],
  ["real -inf", "f8", -Infinity],
  ["f4", "f4", 0.25],
  ["f4 inf", "f4", -Infinity],
  ["empty string", "s", ""],
  ["ascii string", "s", "hello"],
  ["non-ascii string", "s", "héllo wörld λ"],
  ["4-byte utf8", "s", "a😀b𝄞"],
  ["empty list", "af8", []],
  ["reals", "af8", [1, 2.5, -3]],
  ["ints", "ai8", [1n, -2n, 3n]],
  ["bools", "ab", [true, false, true]],
  ["strings", "as", ["ab", "cd"]],
  ["strings with empty", "as", ["", "x", ""]],
  ["nested lists", "aai8", [[1n, 2n], [], [3n]]],
  ["empty nested", "aaf8", [[], []]],
  ["tuple str bool", "t2:sb", ["hi", true]],
  ["tuple padding", "t3:bf8s", [true, 1.5, "x"]],
  ["tuple i1 i4 i2", "t3:i1i4i2", [1n, 2n, 3n]],
  ["empty tuple", "t0:", []],
  ["record person", "m2:4:names3:agei8", { name: "bob", age: 3n }],
  ["record nested", "m2:1:xaf81:yt2:sai1", { x: [0.5], y: ["q", [-1n, 1n]] }],
  ["record 70 fields", rec70Schema, rec70Value],
  ["record long key", `m2:100:${longKey}s1:bb`, { [longKey]: "v", b: false }],
  ["optional null", "?i8", null],
  ["optional int", "?i8", 7n],
  ["optional string", "?s", "opt"],
  ["list of optionals", "a?f8", [1.25, null, 2.5]],
  ["optional list", "?af8", [1, 2]],
  ["nested optionals", "??i8", 5n],
  ["list of unit", "az", [null, null, null]],
  ["list of tuples", "at2:si8", [["a", 1n], ["bb", 2n]]],
  ["map packed", "t2:asai8", [["k1", "k2"], [10n, 20n]]],
  ["list of records", "am2:1:ab1:bs", [{ a: true, b: "x" }, { a: false, b: "" }]],
  ["100-level nesting", "a".repeat(100) + "i8", nest(99, [1n, 2n])],
  ["tuple with unit", "t3:zi8z", [null, 9n, null]],
];

const out = cases.map(([name, text, value]) => {
  const schema = parseSchema(text);
  const hex = Buffer.from(encodeValue(schema, value)).toString("hex");
  return { name, schema: text, value: toJsonish(schema, value), hex };
});
const path = new URL("./values.json", import.meta.url).pathname;
await Bun.write(path, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${out.length} vectors to ${path}`);
