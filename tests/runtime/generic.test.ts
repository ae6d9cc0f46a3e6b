// Generic arguments of pure commands (src/nexus/generic.ts): `*` parts of a schema stay the JSON
// they are given, known parts are checked as any argument.
import { describe, expect, test } from "bun:test";
import { decodeValue, encodeValue } from "../../shm";
import { coerce } from "../../src/nexus/args";
import { parseShape, takeGeneric } from "../../src/nexus/generic";
import { formatJson, parseJson } from "../../src/nexus/json";

const check = (s: Parameters<typeof coerce>[0], v: unknown) => decodeValue(s, encodeValue(s, coerce(s, v)));
const roundTrip = (schema: string, text: string) => formatJson(takeGeneric(parseShape(schema), parseJson(text, true), check));

describe("generic arguments", () => {
  test("a bare variable prints back as given", () => {
    expect(roundTrip("*", "[1.0, 2, 1e5, -0.50, 123456789012345678901234567890]")).toBe("[1.0,2,1e5,-0.50,123456789012345678901234567890]");
    expect(roundTrip("*", '{"k": [true, null, "x\\"y"]}')).toBe('{"k":[true,null,"x\\"y"]}');
  });
  test("known parts around a variable are checked and normalised", () => {
    expect(roundTrip("t2:f8*", "[1, 1]")).toBe("[1.0,1]");
    expect(roundTrip("m2:4:names4:info*", '{"name": "a", "info": 2}')).toBe('{"name":"a","info":2}');
    expect(roundTrip("m2:4:names4:info*", '["a", 2]')).toBe('{"name":"a","info":2}');
    expect(roundTrip("a*", "[1, [2.0]]")).toBe("[1,[2.0]]");
  });
  test("a bad known part is refused with its path", () => {
    expect(() => roundTrip("m2:4:names4:info*", '{"name": 3, "info": 1}')).toThrow("value.name");
    expect(() => roundTrip("m2:4:names4:info*", '{"info": 1}')).toThrow("no field name");
    expect(() => roundTrip("t2:**", "[1]")).toThrow("tuple of 2");
    expect(() => roundTrip("a*", "1")).toThrow("not a list");
  });
  test("fixed subtrees are parsed by shm", () => {
    expect(parseShape("t2:af8*")).toMatchObject({ k: "tuple", items: [{ k: "fixed" }, { k: "any" }] });
  });
});
