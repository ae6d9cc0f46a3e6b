// Malformed inputs: each gives a CompileError("SyntaxError") at the expected line:col with a readable message.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { CompileError, CompileErrors, renderError } from "../../src/diagnostics";

function fail(src: string): CompileError {
  try {
    parseModuleText("bad.loc", src);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(src)}`);
}

// [source, line, col, message pattern]
const cases: [string, number, number, RegExp][] = [
  ["f x = (x", 1, 9, /unexpected end of file; expected "\)" or ","/],
  ["f x = g (h x))", 1, 14, /unexpected "\)"; expected a new line/],
  ["f x = \ng = 1", 1, 6, /unexpected end of line; expected an expression/],
  ["  foo ) x", 1, 7, /unexpected "\)"; expected "::" or "=" after the name/],
  ["f :: Int ->", 1, 12, /expected a type/],
  ["f = {a = }", 1, 10, /unexpected "}"; expected an expression/],
  ["f = [1, 2", 1, 10, /unexpected end of file/],
  ["f = 1\nwhere\n  g = 2", 2, 1, /unexpected "where"; expected a declaration/],
  ["f = 2\n  g = 3", 2, 3, /unexpected "g"/],
  ['x = "abc', 1, 5, /string is never closed/],
  ["x = 1 {- {- -}", 1, 7, /comment "\{-" is never closed/],
  ['source Rust ("f")', 1, 8, /unknown language "Rust"/],
  ['source Py from "a.py" ()', 1, 24, /unexpected "\)"; expected a string/],
  ["type Cpp => = \"x\"", 1, 13, /unexpected "="; expected a capitalised name or "\("/],
  ["module m (x)\nx = 1\n  module n (*)", 3, 3, /nested "module"/],
  ["  f = g where\n  g = 1", 2, 3, /indented further than column 3/],
  ["  x = 1\ny = 2", 2, 1, /left of the first item/],
  ["x = my_name", 1, 7, /unexpected "_"/],
  ["import (a)", 1, 8, /expected a module name/],
  ["f x = \\ -> x", 1, 9, /unexpected "->"; expected a lowercase name/],
  ["x = \u0001", 1, 5, /control character/],
  ["x = " + "(".repeat(10000) + "1" + ")".repeat(10000), 1, 205, /nesting too deep/],
  ["f :: Int\n  where", 2, 8, /unexpected end of file/],
];

for (const [src, line, col, msg] of cases) {
  test(`error at ${line}:${col} for ${JSON.stringify(src.slice(0, 40))}`, () => {
    const e = fail(src);
    expect(e.code).toBe("SyntaxError");
    expect(e.message).toMatch(msg);
    expect([e.span!.line, e.span!.col]).toEqual([line, col]);
    expect(e.span!.file).toBe("bad.loc");
    expect(e.message).not.toMatch(/lowerIdent|identName|NonemptyListOf|\\x0/); // no raw rule names
  });
}

test("an indented continuation gets a hint about columns", () => {
  const e = fail("f = 2\n  g = 3");
  expect(e.hint).toMatch(/start it at column 1/);
});

test("the renderer draws the line and a caret", () => {
  const src = "f x = (x";
  const out = renderError(fail(src), new Map([["bad.loc", src]]));
  expect(out).toBe('bad.loc:1:9: error: unexpected end of file; expected ")" or ","\n  |\n1 | f x = (x\n  |         ^');
});

test("deep nesting without brackets is reported, not a crash", () => {
  const e = fail("x =\n" + " \\a ->\n".repeat(6000) + " a");
  expect(e.message).toMatch(/nesting too deep/);
});

/** Every error of a file as "line:col message". */
function allErrors(src: string): string[] {
  try {
    parseModuleText("bad.loc", src);
  } catch (e) {
    const list = e instanceof CompileErrors ? e.errors : [e as CompileError];
    return list.map((x) => `${x.span!.line}:${x.span!.col} ${x.message}`);
  }
  throw new Error(`expected errors for ${JSON.stringify(src)}`);
}

test("independent errors in several top-level items are all reported, in order", () => {
  const errs = allErrors("f x = (x\ng = 1\nh = [1,\nok = 2\nk = {a = }\n");
  expect(errs.map((e) => e.split(" ")[0])).toEqual(["1:9", "3:8", "5:10"]);
  expect(errs[2]).toContain('unexpected "}"');
});

test("recovery works in every module of a file and in indented bodies", () => {
  const errs = allErrors("module a (*)\n  f = (\n  g = 1\nmodule b (*)\n  h = ]\n");
  expect(errs.map((e) => e.split(" ")[0])).toEqual(["2:8", "5:7"]);
});

test("an error inside a where block skips the whole top-level item", () => {
  const errs = allErrors("f = g\n  where\n    g = (\n    h = ]\nk = [\n");
  expect(errs.map((e) => e.split(" ")[0])).toEqual(["3:10", "5:6"]);
});

test("errors from the AST stage (unknown language) join the syntax errors", () => {
  const errs = allErrors('source Rust ("f")\nx = )\nsource Go ("g")\n');
  expect(errs).toEqual(['1:8 unknown language "Rust"', '2:5 unexpected ")"; expected an expression', '3:8 unknown language "Go"']);
});

test("one error stays a single CompileError; a broken module header stops recovery", () => {
  expect(() => parseModuleText("bad.loc", "x = (\ny = 1")).toThrow(CompileError);
  expect(allErrors("module m (a b)\nx = (\n")).toEqual(['1:13 unexpected "b"; expected ")" or ","']);
});

test("a layout error comes alone: without item boundaries there is nothing to recover at", () => {
  const errs = allErrors("  x = (\n  y = ]\nz = 2\n");
  expect(errs.length).toBe(1);
  expect(errs[0]).toMatch(/^3:1 .*left of the first item/);
});
