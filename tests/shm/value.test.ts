// The Bun schema parser and blob codec against tests/vectors/values.json, hand-checked layouts and bad input.
import { describe, expect, test } from "bun:test";
import { decodeValue, encodedSize, encodeInto, encodeValue, parseSchema, schemaToString, SchemaError } from "../../shm";
import { fromJsonish } from "../vectors/jsonish";
import vectors from "../vectors/values.json";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("shared vectors", () => {
  test("there are at least 40", () => expect(vectors.length).toBeGreaterThanOrEqual(40));
  for (const v of vectors) {
    test(v.name, () => {
      const s = parseSchema(v.schema);
      const value = fromJsonish(s, v.value);
      expect(hex(encodeValue(s, value))).toBe(v.hex);
      const back = decodeValue(s, new Uint8Array(Buffer.from(v.hex, "hex")));
      expect(back).toEqual(value as any); // toEqual treats NaN as equal and tells -0 from 0
      expect(schemaToString(s)).toBe(v.schema);
      // straight into a dirty buffer (an arena block is not zeroed): the same bytes, padding included
      const n = encodedSize(s, value);
      expect(n).toBe(v.hex.length / 2);
      const target = new Uint8Array(n + 3).fill(0xaa);
      expect(encodeInto(s, value, target.subarray(0, n))).toBe(n);
      expect(hex(target.subarray(0, n))).toBe(v.hex);
      expect(target[n]).toBe(0xaa);
      const typed = decodeValue(s, new Uint8Array(Buffer.from(v.hex, "hex")), { typed: true });
      expect(hex(encodeValue(s, typed))).toBe(v.hex); // typed arrays encode to the same bytes
    });
  }
});

describe("typed arrays", () => {
  test("numeric lists decode to typed arrays on request and encode from them", () => {
    const s = parseSchema("t3:af8ai8af4");
    const blob = encodeValue(s, [[1.5, -0, NaN], [1n, -2n], [0.1]]);
    const [f, i, g] = decodeValue(s, blob, { typed: true }) as any[];
    expect(f).toBeInstanceOf(Float64Array);
    expect(i).toEqual(new BigInt64Array([1n, -2n]));
    expect(g).toEqual(new Float32Array([0.1]));
    expect(hex(encodeValue(s, [f, i, g]))).toBe(hex(blob));
    const views = decodeValue(s, blob, { typed: "view" }) as any[];
    expect(views[0].buffer).toBe(blob.buffer); // no copy: the view aliases the blob
    expect(hex(encodeValue(s, views))).toBe(hex(blob));
    expect(hex(encodeValue(parseSchema("af8"), new Int32Array([1, 2])))).toBe(hex(encodeValue(parseSchema("af8"), [1, 2])));
    expect(() => encodeValue(parseSchema("af8"), [1, "x"])).toThrow("at [1]");
    expect(() => encodeValue(parseSchema("af8"), new BigInt64Array([1n]))).toThrow("expected a number");
    expect(() => encodeInto(parseSchema("as"), ["abc"], new Uint8Array(18))).toThrow("more than the 18 bytes");
  });
});

describe("layout by hand", () => {
  test("the reference's [\"ab\",\"cd\"] example", () => {
    const b = encodeValue(parseSchema("as"), ["ab", "cd"]);
    expect(b.length).toBe(52);
    expect(hex(b.subarray(48))).toBe("61626364");
  });
  test("tuple fields are naturally aligned", () => {
    const s = parseSchema("t3:bf8s");
    expect(s.kind === "tuple" && s.offsets).toEqual([0, 8, 16]);
    expect(s.width).toBe(32);
  });
  test("numeric list data is 64-byte aligned", () => {
    const b = encodeValue(parseSchema("t2:sai1"), ["x", [1n]]);
    // root 32 bytes, "x" at 32, the i1 data at 64
    expect(b.length).toBe(65);
    expect(b[32]).toBe(0x78);
    expect(b[64]).toBe(1);
  });
  test("a million reals, generated at test time", () => {
    const xs = Array.from({ length: 1e6 }, (_, k) => k * 0.5);
    const s = parseSchema("af8");
    const b = encodeValue(s, xs);
    expect(b.length).toBe(64 + 8e6);
    const back = decodeValue(s, b) as number[];
    expect(back.length).toBe(1e6);
    expect(back[999_999]).toBe(499_999.5);
  });
  test("the number fast path for [Int] writes the same bytes as bigints", () => {
    const s = parseSchema("ai8");
    const xs = [0, 1, -1, 4294967295, 4294967296, -4294967296, -4294967297, 2 ** 53 - 1, -(2 ** 53 - 1), 123456789012];
    expect(hex(encodeValue(s, xs))).toBe(hex(encodeValue(s, xs.map(BigInt))));
    expect(decodeValue(s, encodeValue(s, xs))).toEqual(xs.map(BigInt));
    expect(() => encodeValue(s, [1, 2 ** 64])).toThrow("out of range");
    expect(() => encodeValue(s, [1, 0.5])).toThrow("integer");
  });
  test("integers accept numbers and bigints and decode to bigint", () => {
    const s = parseSchema("ai4");
    expect(decodeValue(s, encodeValue(s, [1, 2n, -3]))).toEqual([1n, 2n, -3n]);
  });
});

describe("errors", () => {
  const pos = (text: string) => {
    try {
      parseSchema(text);
    } catch (e) {
      expect(e).toBeInstanceOf(SchemaError);
      return (e as SchemaError).position;
    }
    throw new Error(`parsed "${text}"`);
  };
  test("schema errors name the byte position", () => {
    expect(pos("x")).toBe(0);
    expect(pos("i3")).toBe(1);
    expect(pos("t2:i8")).toBe(5);
    expect(pos("m1:9:ab")).toBe(3);
    expect(pos("af8z")).toBe(3);
    expect(pos("t:")).toBe(1);
    expect(pos("")).toBe(0);
    expect(pos("m2:1:ai81:ab")).toBe(10);
    expect(pos("m1:3:λi8")).toBe(8); // the key is λ (2 bytes) + "i": positions count bytes
    expect(parseSchema("m1:2:λi8").width).toBe(8);
  });
  const bad: [string, unknown][] = [
    ["i1", 128], ["u1", -1], ["i8", 2n ** 63n], ["i8", 1.5], ["i8", "1"], ["b", 1], ["s", 5],
    ["m1:1:ai8", { b: 1 }], ["t2:i8i8", [1]], ["z", 0], ["af8", [1, "x"]], ["u8", 2n ** 64n], ["f8", 1n],
  ];
  for (const [text, v] of bad) {
    test(`rejects ${text} ${String(v)}`, () => expect(() => encodeValue(parseSchema(text), v)).toThrow());
  }
  test("value errors name the path", () => {
    expect(() => encodeValue(parseSchema("am1:3:agei1"), [{ age: 1 }, { age: 1000 }])).toThrow("at [1].age");
  });
  test("bad blobs are rejected", () => {
    const b = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
    expect(() => decodeValue(parseSchema("s"), b("0500000000000000100000000000000061"))).toThrow("outside");
    expect(() => decodeValue(parseSchema("b"), b("02"))).toThrow("Bool");
    expect(() => decodeValue(parseSchema("i8"), b("00"))).toThrow("shorter");
    expect(() => decodeValue(parseSchema("s"), b("01000000000000001000000000000000ff"))).toThrow("UTF-8");
  });
});
