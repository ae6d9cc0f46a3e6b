// The cases-file reader of the end-to-end runner: quoting, directives, and refusal of stray lines.
import { expect, test } from "bun:test";
import { parseCases, splitArgs } from "../programs/cases";

test("splits like a shell for quotes and escapes", () => {
  expect(splitArgs(`f [1,2] '"a b"' "x\\"y" c\\ d`)).toEqual(["f", "[1,2]", '"a b"', 'x"y', "c d"]);
  expect(() => splitArgs("f 'open")).toThrow("unclosed");
});

test("reads cases with output, exit status and stderr", () => {
  const cs = parseCases(`# comment\n> f 1\n2\n\n> g '"x"'\nexit 2\nstderr: bad\n> h\n`);
  expect(cs.map((c) => [c.args, c.stdout, c.exit, c.stderr, c.at])).toEqual([
    [["f", "1"], "2", 0, null, 2],
    [["g", '"x"'], "", 2, "bad", 5],
    [["h"], "", 0, null, 8],
  ]);
});

test("a line outside any case is an error, and so is an empty file", () => {
  expect(() => parseCases("f 1\n", "x/cases")).toThrow("x/cases:1");
  expect(() => parseCases("# nothing\n")).toThrow("no cases");
});
