// The nexus command line without pools: help, usage errors, argument forms and checks, pure
// commands, and the -o / -f options. runNexus writes through a captured NexusIO.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decode, encode } from "@msgpack/msgpack";
import { runNexus } from "../../src/nexus/run";
import type { Manifest } from "../../src/nexus/manifest";

const M: Manifest = {
  module: "demo",
  pools: {},
  commands: [
    { name: "five", params: [], return: { type: "Int", schema: "i8" }, pure: { kind: "int", value: "5" } },
    { name: "id", params: [{ name: "x", type: "Real", schema: "f8" }], return: { type: "Real", schema: "f8" }, pure: { kind: "param", index: 0 } },
    {
      name: "pack",
      params: [{ name: "n", type: "Int", schema: "i8" }, { name: "p", type: "Person", schema: "m2:4:names3:agei8" }],
      return: { type: "(Int, Person, [Bool], ())", schema: "t4:i8m2:4:names3:agei8abz" },
      pure: { kind: "tuple", items: [{ kind: "param", index: 0 }, { kind: "param", index: 1 },
        { kind: "list", items: [{ kind: "bool", value: true }] }, { kind: "unit" }] },
    },
    { name: "rec", params: [], return: { type: "{a::Real, b::Str}", schema: "m2:1:af81:bs" },
      pure: { kind: "record", fields: [{ name: "a", value: { kind: "real", value: 2 } }, { name: "b", value: { kind: "str", value: "é" } }] } },
  ],
};

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runNexus(M, "/nonexistent", argv, {
    stdout: async (d) => {
      out += typeof d === "string" ? d : Buffer.from(d).toString("hex");
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe("nexus command line", () => {
  test("help lists commands with types", async () => {
    for (const r of [await run(), await run("-h"), await run("--help")]) {
      expect(r.code).toBe(0);
      expect(r.out).toContain("pack n p\n      param n: Int\n      param p: Person\n      return: (Int, Person, [Bool], ())");
    }
    const one = await run("id", "-h");
    expect(one.code).toBe(0);
    expect(one.out).toContain("param x: Real");
    expect(one.out).not.toContain("five");
  });

  test("usage errors exit 2", async () => {
    expect((await run("nope")).code).toBe(2);
    expect((await run("nope")).err).toContain('unknown command "nope"');
    expect((await run("id")).err).toContain("id takes 1 argument, given 0");
    expect((await run("id", "1", "2")).code).toBe(2);
    expect((await run("-f", "xml", "five")).code).toBe(2);
    const bad = await run("pack", "1", '{"name": "x"}');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('argument 2 (p) of pack must be Person: record is missing the field "age"');
    expect((await run("id", "[1,")).err).toContain("argument 1 (x) of id: cannot read");
  });

  test("pure commands and argument forms", async () => {
    expect(await run("five")).toEqual({ code: 0, out: "5\n", err: "" });
    expect((await run("id", "-3")).out).toBe("-3.0\n");
    expect((await run("id", "1e16")).out).toBe("1e+16\n");
    expect((await run("rec")).out).toBe('{"a":2.0,"b":"é"}\n');
    const r = await run("pack", "-9223372036854775808", '{"name":"bob","age":3}');
    expect(r.out).toBe('[-9223372036854775808,{"name":"bob","age":3},[true],null]\n');
    const dir = mkdtempSync("/tmp/morloc-cli-test-");
    writeFileSync(join(dir, "p.json"), '{"age": 41, "name": "al"}');
    writeFileSync(join(dir, "p.mpk"), encode(["al", 41])); // records may come as positional arrays
    writeFileSync(join(dir, "p.bin"), encode({ name: "al", age: 41 })); // sniffed as MessagePack
    for (const f of ["p.json", "p.mpk", "p.bin"]) {
      expect((await run("pack", "7", join(dir, f))).out).toBe('[7,{"name":"al","age":41},[true],null]\n');
    }
    expect((await run("-o", join(dir, "out.json"), "five")).out).toBe("");
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("5\n");
    await run("-f", "msgpack", "-o", join(dir, "out.mpk"), "rec");
    expect(decode(readFileSync(join(dir, "out.mpk")))).toEqual({ a: 2, b: "é" });
    rmSync(dir, { recursive: true, force: true });
  });
});
