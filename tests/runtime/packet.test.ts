// The nexus's packet code against the shared byte vectors, plus its JSON reading and printing.
import { describe, expect, test } from "bun:test";
import { decodePacket, encodePacket, PacketReader, splitArgs } from "../../src/nexus/packet";
import { formatJson, formatReal, parseJson } from "../../src/nexus/json";
import vectors from "../vectors/packets.json";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

describe("packet vectors", () => {
  for (const v of vectors.packets) {
    test(v.name, () => {
      const p = {
        kind: v.kind, source: v.source, format: v.format, status: v.status, callId: v.call_id,
        requestId: BigInt(v.request_id), metadata: unhex(v.metadata_hex), payload: unhex(v.payload_hex),
      };
      expect(hex(encodePacket(p))).toBe(v.packet_hex);
      const [q, end] = decodePacket(unhex(v.packet_hex));
      expect(end).toBe(v.packet_hex.length / 2);
      expect({ ...q, metadata: hex(q.metadata), payload: hex(q.payload) }).toEqual({ ...p, metadata: v.metadata_hex, payload: v.payload_hex });
    });
  }
  for (const v of vectors.invalid) {
    test(`rejects ${v.name}`, () => {
      expect(() => decodePacket(unhex(v.packet_hex))).toThrow(v.error);
    });
  }
  test("CALL arguments split", () => {
    const v = vectors.packets.find((x) => x.name === "call-two-args")!;
    const args = splitArgs(decodePacket(unhex(v.packet_hex))[0].payload);
    expect(args.map((a) => new TextDecoder().decode(a.metadata))).toEqual(["i8", "af8"]);
  });
  test("a stream cut anywhere gives back whole packets", () => {
    const all = unhex(vectors.packets.map((v) => v.packet_hex).join(""));
    const r = new PacketReader();
    const got = [];
    for (let i = 0; i < all.length; i += 7) got.push(...r.push(all.subarray(i, i + 7)));
    expect(got.map((p) => p.kind)).toEqual(vectors.packets.map((v) => v.kind));
    expect(r.pending).toBe(0);
  });
});

describe("json", () => {
  test("Real prints like Python repr", () => {
    const cases: [number, string][] = [[42, "42.0"], [0.1, "0.1"], [1e16, "1e+16"], [1e-5, "1e-05"], [1e-4, "0.0001"],
      [-2.5, "-2.5"], [123456.789, "123456.789"], [1.5e300, "1.5e+300"], [9999999999999998, "9999999999999998.0"], [0, "0.0"]];
    for (const [x, s] of cases) expect(formatReal(x)).toBe(s);
  });
  test("big integers stay exact", () => {
    const v = parseJson('[9223372036854775807, -5, 1.0, {"a": "x\\"y"}]');
    expect(v).toEqual([9223372036854775807n, -5, 1, { a: 'x"y' }]);
    expect(formatJson([9223372036854775807n, 1.0, { a: true, b: null }, "é"])).toBe('[9223372036854775807,1.0,{"a":true,"b":null},"é"]');
  });
  test("bad JSON says where", () => {
    expect(() => parseJson("[1,")).toThrow("character 4");
    expect(() => parseJson("hello")).toThrow("unexpected 'h'");
  });
});
