// Layout pre-pass: virtual delimiters land where the column rule says, and offsets map back.
import { expect, test } from "bun:test";
import { layout, V_CLOSE, V_OPEN, V_SEP } from "../../src/frontend/layout";
import { CompileError } from "../../src/diagnostics";

/** Shows virtual delimiters as { ; } for readable expectations. */
const show = (src: string) =>
  layout("t.loc", src).text.replaceAll(V_OPEN, "{").replaceAll(V_SEP, ";").replaceAll(V_CLOSE, "}");

test("implicit main: items at the first column are separated", () => {
  expect(show("x = 1\ny = 2\n")).toBe("{x = 1 ;y = 2 }");
});

test("continuation lines (further right) get no delimiter", () => {
  expect(show("f x =\n  g x\ny = 2")).toBe("{f x = g x ;y = 2}");
});

test("where opens a block at the column of its first token and closes on dedent", () => {
  expect(show("f = g\n  where\n    g = 1\n    h = 2\nk = 3")).toBe("{f = g where {g = 1 ;h = 2 };k = 3}");
});

test("where block on the same line as where", () => {
  expect(show("f = g where g = 1\n            h = 2")).toBe("{f = g where {g = 1 ;h = 2}}");
});

test("nested where blocks close together", () => {
  expect(show("a = b\n  where\n    b = c\n      where\n        c = 1\nd = 2")).toBe(
    "{a = b where {b = c where {c = 1 }};d = 2}",
  );
});

test("modules: each header opens a body; the next module closes it", () => {
  expect(show("module a (*)\nx = 1\nmodule b (y)\n  y = 2")).toBe("{module a (*) {x = 1 };module b (y) {y = 2}}");
});

test("an empty module body", () => {
  expect(show("module a ()\nmodule b ()")).toBe("{module a () {};module b (){}}");
});

test("comments, whitespace runs and string bodies shrink; no tokens inside them", () => {
  expect(show('x = """a\nb""" -- y = 2\n{- \nz = 3 -}\nw = 1')).toBe('{x = "" ;w = 1}');
});

test("offsets map back into the original text", () => {
  const src = "f = g\n  where\n    g = 1\nk = 3";
  const lay = layout("t.loc", src);
  for (let i = 0; i < lay.text.length; i++) {
    if (!lay.isVirtual(i) && lay.text[i] !== " ") expect(src[lay.origin[i]!]).toBe(lay.text[i]!);
  }
  const k = lay.text.indexOf("k");
  expect(lay.origin[k]).toBe(src.indexOf("k"));
  expect(lay.isVirtual(k - 1)).toBe(true);
});

test("where block not indented past its item is an error", () => {
  try {
    layout("t.loc", "  f = g where\n  g = 1");
    throw new Error("no error");
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).span!.line).toBe(2);
    expect((e as CompileError).span!.col).toBe(3);
  }
});

test("a line left of the file's first item is an error", () => {
  expect(() => layout("t.loc", "  x = 1\ny = 2")).toThrow(/left of the first item/);
});

test("unterminated string and comment are errors at their start", () => {
  expect(() => layout("t.loc", 'x = "abc')).toThrow(/never closed/);
  expect(() => layout("t.loc", "x = 1 {- {- -}")).toThrow(/never closed/);
});
