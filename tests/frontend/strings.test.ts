// String literals of current morloc (language-head.md A.2): escapes, triple quotes, holes, and the
// positioned errors for what is rejected.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { CompileError } from "../../src/diagnostics";

function value(src: string): unknown {
  const p = parseModuleText("s.loc", src);
  const d = p.modules[0]!.body[0] as { body: unknown };
  return d.body;
}

function fail(src: string): CompileError {
  try {
    parseModuleText("bad.loc", src);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error(`expected an error for ${JSON.stringify(src)}`);
}

test("every escape decodes", () => {
  expect(value('x = "\\n\\t\\r\\0\\\\\\""')).toMatchObject({ kind: "str", value: '\n\t\r\0\\"' });
});

test("a # not followed by { is text; unicode passes through", () => {
  expect(value('x = "a # b #x é 🎉"')).toMatchObject({ kind: "str", value: "a # b #x é 🎉" });
});

test("a one-line triple-quoted body is kept verbatim, a multi-line one is dedented", () => {
  expect(value('x = """  a  """')).toMatchObject({ value: "  a  " });
  expect(value('x = """\n  a\n\n    b\n  """')).toMatchObject({ value: "a\n\n  b" });
  expect(value('x = """first\n  second"""')).toMatchObject({ value: "first\n  second" });
  expect(value("x = '''it''s \\' \"q\"'''")).toMatchObject({ value: "it''s ' \"q\"" });
});

test("holes hold any expression with balanced braces, strings nested inside included", () => {
  const e = value('x = "a#{f {k = "}"}@k}b#{"#{y}"}"') as { kind: string; texts: string[]; holes: { kind: string }[] };
  expect(e.kind).toBe("interp");
  expect(e.texts).toEqual(["a", "b", ""]);
  expect(e.holes.map((h) => h.kind)).toEqual(["app", "interp"]);
});

test("holes in a triple-quoted body: the dedent sees the whole body", () => {
  const e = value('x = """\n    n = #{n}\n      done\n    """') as { texts: string[] };
  expect(e.texts).toEqual(["n = ", "\n  done"]);
});

test("a literal spanning lines does not disturb the layout of what follows", () => {
  const p = parseModuleText("s.loc", 'x = """\na\n""" ++ y\nz = 1\n');
  expect(p.modules[0]!.body.length).toBe(2);
});

const errors: [string, number, number, RegExp][] = [
  ['x = "a\\qb"', 1, 7, /^invalid escape sequence \\q$/],
  ['x = "ok"\ny = "\\\'"', 2, 6, /^invalid escape sequence \\'$/],
  ['x = """a\\xb"""', 1, 9, /^invalid escape sequence \\x$/],
  ['x = "a #{y} \\e"', 1, 13, /^invalid escape sequence \\e$/],
  ['x = "line\nnext"', 1, 5, /^unterminated string literal \(use triple quotes/],
  ['x = "abc', 1, 5, /unterminated string literal/],
  ['x = """abc\n', 1, 5, /unterminated string literal/],
  ['x = "a#{y"', 1, 10, /unterminated string literal/],
  ['x = "a#{y', 1, 7, /unterminated string interpolation/],
];
for (const [src, line, col, msg] of errors) {
  test(`error at ${line}:${col} for ${JSON.stringify(src)}`, () => {
    const e = fail(src);
    expect(e.message).toMatch(msg);
    expect([e.span!.line, e.span!.col]).toEqual([line, col]);
  });
}

test("a backtick-quoted source item names a keyword operator; an empty one is an error", () => {
  const p = parseModuleText("s.loc", "source Py (`and` as both, `or`)\n");
  const items = (p.modules[0]!.body[0] as { items: { name: string; alias: string }[] }).items;
  expect(items.map((i) => [i.name, i.alias])).toEqual([["`and`", "both"], ["`or`", "or"]]);
  const e = fail("source Py (`` as f)");
  expect(e.message).toBe("empty backtick-quoted name");
  expect([e.span!.line, e.span!.col]).toEqual([1, 12]);
});
