// Parser: every construct of the v0.51 syntax becomes the expected AST, with spans in the original text.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import type { Declaration, Expr, Module, Signature, Source, TypeDef } from "../../src/frontend/ast";

/** Drops spans so structure can be compared. */
const strip = (x: unknown): any => JSON.parse(JSON.stringify(x, (k, v) => (k === "span" ? undefined : v)));
const mod = (src: string): Module => parseModuleText("t.loc", src).modules[0]!;
const item = (src: string, i = 0) => strip(mod(src).body[i]);
const expr = (src: string): any => strip((mod(`x = ${src}`).body[0] as Declaration).body);
const v = (name: string) => ({ kind: "var", name });
const int = (text: string) => ({ kind: "int", text });
const tc = (name: string, ...args: any[]) => ({ kind: "tcon", name, args });
const tv = (name: string) => ({ kind: "tvar", name });

const SOS = `module sos (sumOfSquares, squares)
source Cpp from "core.hpp" ("map", "fold", "add" as plus)
source Py from "square.py" ("square")
type Cpp => Real = "double"
type Cpp => List a = "std::vector<$1>" a
type Py => Real = "float"
map a b :: (a -> b) -> [a] -> [b]
fold a b :: (b -> a -> b) -> b -> [a] -> b
plus :: Real -> Real -> Real
square :: Real -> Real
squares xs = map square xs
sumOfSquares xs = fold plus 0.0 (map square xs)
  where
    helper = 1
`;

test("a typical module", () => {
  const m = mod(SOS);
  expect(m.name).toBe("sos");
  expect(m.exports!.map((e) => e.name)).toEqual(["sumOfSquares", "squares"]);
  expect(m.body.map((b) => b.kind)).toEqual([
    "source", "source", "typedef", "typedef", "typedef", "signature", "signature", "signature", "signature", "decl", "decl",
  ]);
  const src = m.body[0] as Source;
  expect(src.lang).toBe("cpp");
  expect(src.path).toBe("core.hpp");
  expect(src.items.map((i) => [i.name, i.alias])).toEqual([["map", "map"], ["fold", "fold"], ["add", "plus"]]);
  const list = m.body[3] as TypeDef;
  expect(strip(list.rhs)).toEqual({ kind: "tconcrete", text: "std::vector<$1>", args: [tv("a")] });
  expect(list.params).toEqual(["a"]);
  const map = m.body[5] as Signature;
  expect(map.generics).toEqual(["a", "b"]);
  expect(strip(map.type)).toEqual({
    kind: "tfun",
    args: [{ kind: "tfun", args: [tv("a")], ret: tv("b") }, { kind: "tlist", elem: tv("a") }],
    ret: { kind: "tlist", elem: tv("b") },
  });
  const sos = m.body[10] as Declaration;
  expect(sos.params.map((p) => p.name)).toEqual(["xs"]);
  expect(strip(sos.body)).toEqual({
    kind: "app", fn: v("fold"),
    args: [v("plus"), { kind: "real", value: 0, text: "0.0" }, { kind: "app", fn: v("map"), args: [v("square"), v("xs")] }],
  });
  expect(sos.where.map((w) => w.name)).toEqual(["helper"]);
});

test("spans point into the original text", () => {
  const m = mod(SOS);
  const sos = m.body[10] as Declaration;
  expect([sos.span.line, sos.span.col]).toEqual([12, 1]);
  expect(SOS.slice(sos.span.start, sos.span.end)).toStartWith("sumOfSquares xs = fold");
  expect(SOS.slice(sos.span.start, sos.span.end)).toEndWith("helper = 1");
  const helper = sos.where[0]!;
  expect([helper.span.line, helper.span.col]).toEqual([14, 5]);
  const arg = (sos.body as any).args[2];
  expect(SOS.slice(arg.span.start, arg.span.end)).toBe("map square xs");
  expect(m.exports![1]!.span.col).toBe(27);
});

test("several modules, empty name, (*) exports, implicit main", () => {
  const p = parseModuleText("t.loc", "module (a, B)\nx = 1\nmodule lib.json (*)\n  y = 2\n");
  expect(p.modules.map((m) => [m.name, m.exports && m.exports.map((e) => e.name)])).toEqual([["", ["a", "B"]], ["lib.json", null]]);
  const main = mod("f x = x\nf 42");
  expect([main.name, main.exports]).toEqual(["main", null]); // `module main (*)`
  expect(strip(main.body[1])).toEqual({ kind: "exprstmt", expr: { kind: "app", fn: v("f"), args: [int("42")] } });
});

test("imports", () => {
  expect(item("import base")).toEqual({ kind: "import", module: "base", items: null });
  expect(item("import a.b (f, g as h, T as U)")).toEqual({
    kind: "import", module: "a.b",
    items: [{ name: "f", alias: "f" }, { name: "g", alias: "h" }, { name: "T", alias: "U" }],
  });
  expect(item("import m ()")).toEqual({ kind: "import", module: "m", items: [] });
  expect(item("import .geo as g")).toEqual({ kind: "import", module: ".geo", items: null, as: "g" });
  expect(item("import root-py as r (f)")).toEqual({ kind: "import", module: "root-py", items: [{ name: "f", alias: "f" }], as: "r" });
});

test("sources: languages, builtins, labels", () => {
  expect(item('source Py ("len" as size)')).toEqual({
    kind: "source", lang: "py", path: null, items: [{ name: "len", alias: "size", label: null }],
  });
  expect(item('source python3 from "x.py" (lab:"math.factorial" as fact, "f")').items[0]).toEqual({
    name: "math.factorial", alias: "fact", label: "lab",
  });
  for (const [l, id] of [["C++", "cpp"], ["CPP", "cpp"], ["R", "r"], ["c", "c"], ["Perl", "perl"], ["Python", "py"]]) {
    expect(item(`source ${l} ("f")`).lang).toBe(id);
  }
  expect(() => item('source Rust ("f")')).toThrow(/unknown language "Rust"/);
});

test("signatures: label, properties, constraints, multi-line", () => {
  const s = item("lab:f a :: Foo a, Bar b => a -> b\n  -> Int where\n    Foo a\n    Baz c d");
  expect(s).toEqual({
    kind: "signature", name: "f", label: "lab", generics: ["a"], props: [["Foo", "a"], ["Bar", "b"]],
    type: { kind: "tfun", args: [tv("a"), tv("b")], ret: tc("Int") }, constraints: ["Foo a", "Baz c d"],
  });
  expect(item("mean a :: (Real a) => [a] -> a").props).toEqual([["Real", "a"]]);
  expect(item("acos :: x:Real -> Real").type).toEqual({ kind: "tfun", args: [tc("Real")], ret: tc("Real") });
});

test("type expressions", () => {
  const t = (s: string) => item(`f :: ${s}`).type;
  expect(t("()")).toEqual({ kind: "tunit" });
  expect(t("(Int, [Str], ())")).toEqual({ kind: "ttuple", elems: [tc("Int"), { kind: "tlist", elem: tc("Str") }, { kind: "tunit" }] });
  expect(t("Map k (List v)")).toEqual(tc("Map", tv("k"), tc("List", tv("v"))));
  expect(t("f a")).toEqual(tc("f", tv("a")));
  expect(t("(Int)")).toEqual(tc("Int"));
});

test("type definitions", () => {
  expect(item("type Filename = Str")).toMatchObject({ form: "type", lang: null, name: "Filename", params: [], rhs: tc("Str") });
  expect(item("type (Pair a b) = (a, b)")).toMatchObject({ name: "Pair", params: ["a", "b"], rhs: { kind: "ttuple" } });
  expect(item('type Cpp => (Map k v) = "std::map<$1,$2>" k v')).toMatchObject({
    lang: "cpp", params: ["k", "v"], rhs: { kind: "tconcrete", text: "std::map<$1,$2>", args: [tv("k"), tv("v")] },
  });
  expect(item("type R => Num = Real").rhs).toEqual(tc("Real"));
  expect(item("record (Person a) = Person {name :: Str, info :: a}")).toEqual({
    kind: "typedef", form: "record", lang: null, name: "Person", params: ["a"], rhs: null, ctor: "Person",
    ctorIsConcrete: false, fields: [{ name: "name", type: tc("Str") }, { name: "info", type: tv("a") }],
  });
  expect(item('record Py => Person = "dict"')).toMatchObject({ lang: "py", ctor: "dict", ctorIsConcrete: true, fields: null });
  expect(item('table R => (Person a) = "data.frame" {x :: a}')).toMatchObject({ form: "table", lang: "r", fields: [{ name: "x" }] });
  expect(item('object Cpp => (P a) = "PersonObj"')).toMatchObject({ form: "object", lang: "cpp" });
});

test("classes and instances", () => {
  expect(item("class Packable a b where\n  pack a b :: a -> b\n  unpack :: b -> a")).toMatchObject({
    kind: "class", name: "Packable", params: ["a", "b"], sigs: [{ name: "pack", generics: ["a", "b"] }, { name: "unpack" }],
  });
  expect(item("class (Show a)")).toMatchObject({ kind: "class", name: "Show", params: ["a"], sigs: [] });
  const inst = item('instance Packable (Str) JsonObj where\n  source Py from "j.py" ("dumps" as pack)\n  unpack x = x');
  expect(inst.types).toEqual([tc("Str"), tc("JsonObj")]);
  expect(inst.items.map((i: any) => i.kind)).toEqual(["source", "decl"]);
  expect(item("instance Show [a]").types).toEqual([{ kind: "tlist", elem: tv("a") }]);
});

test("declarations with nested where", () => {
  const d = item("f x y = g x\n  where\n    g a = h a\n      where\n        h = id\n    k :: Int");
  expect(d.params.map((p: any) => p.name)).toEqual(["x", "y"]);
  expect(d.where[0].where[0]).toMatchObject({ kind: "decl", name: "h", body: v("id") });
  expect(d.where[1]).toMatchObject({ kind: "signature", name: "k" });
});

test("literals", () => {
  expect(expr("42")).toEqual(int("42"));
  expect(expr("-7")).toEqual(int("-7"));
  expect(expr("+7")).toEqual(int("7"));
  expect(expr("9223372036854775807")).toEqual(int("9223372036854775807"));
  expect(() => expr("123456789012345678901234567890")).toThrow("overflows Int");
  expect(() => expr("1.0e309")).toThrow("overflows a 64-bit float");
  expect(expr("- 1.5")).toEqual({ kind: "real", value: -1.5, text: "-1.5" });
  expect(expr("1e-3")).toEqual({ kind: "real", value: 0.001, text: "1e-3" });
  expect(expr("2.5E+2")).toEqual({ kind: "real", value: 250, text: "2.5E+2" });
  expect(expr('"a\\nb"')).toEqual({ kind: "str", value: "a\nb" });
  expect(expr("True")).toEqual({ kind: "bool", value: true });
  expect(expr("False")).toEqual({ kind: "bool", value: false });
  expect(expr("()")).toEqual({ kind: "unit" });
});

test("lists, tuples, records, access, annotation", () => {
  expect(expr("[]")).toEqual({ kind: "list", elems: [] });
  expect(expr("[1, x]")).toEqual({ kind: "list", elems: [int("1"), v("x")] });
  expect(expr("(1, (2, 3))")).toEqual({ kind: "tuple", elems: [int("1"), { kind: "tuple", elems: [int("2"), int("3")] }] });
  expect(expr("{a = 1, b = f x}")).toEqual({
    kind: "record", fields: [{ key: "a", value: int("1") }, { key: "b", value: { kind: "app", fn: v("f"), args: [v("x")] } }],
  });
  expect(expr("p@name")).toEqual({ kind: "access", expr: v("p"), key: "name" });
  expect(expr("f (g x)@age")).toEqual({ kind: "app", fn: v("f"), args: [{ kind: "access", expr: { kind: "app", fn: v("g"), args: [v("x")] }, key: "age" }] });
  expect(expr("5 :: Int")).toEqual({ kind: "annot", expr: int("5"), type: tc("Int") });
});

test("application and lambdas", () => {
  expect(expr("mul -1.0 y")).toEqual({ kind: "app", fn: v("mul"), args: [{ kind: "real", value: -1, text: "-1.0" }, v("y")] });
  expect(expr("\\x y -> f x y")).toEqual({
    kind: "lambda", params: [{ name: "x" }, { name: "y" }], body: { kind: "app", fn: v("f"), args: [v("x"), v("y")] },
  });
  expect(expr("(\\x -> x) 1")).toEqual({ kind: "app", fn: { kind: "lambda", params: [{ name: "x" }], body: v("x") }, args: [int("1")] });
  expect(expr("f\n    x\n  y")).toEqual({ kind: "app", fn: v("f"), args: [v("x"), v("y")] });
});

test("composition desugars to a lambda with a fresh variable", () => {
  const e = expr("f . g . h") as Expr & { kind: "lambda" };
  expect(e.kind).toBe("lambda");
  const x = e.params[0]!.name;
  expect(x).toContain("_"); // users cannot write underscores, so no clash
  expect(strip(e.body)).toEqual({ kind: "app", fn: v("f"), args: [{ kind: "app", fn: v("g"), args: [{ kind: "app", fn: v("h"), args: [v(x)] }] }] });
  const p = expr('paste "a" . (paste "b")') as any;
  expect(p.body).toEqual({
    kind: "app", fn: v("paste"),
    args: [{ kind: "str", value: "a" }, { kind: "app", fn: v("paste"), args: [{ kind: "str", value: "b" }, v(p.params[0].name)] }],
  });
  const two = mod("a = f . g\nb = h . k").body as Declaration[];
  expect((two[0]!.body as any).params[0].name).not.toBe((two[1]!.body as any).params[0].name);
});

test("comments anywhere, nested block comments, unicode identifiers", () => {
  const m = mod("-- top\nf x = {- a {- nested -} b -} g x -- tail\n{- between -}\nh' = π1");
  expect(m.body.map((b: any) => b.name)).toEqual(["f", "h'"]);
  expect(strip((m.body[1] as Declaration).body)).toEqual(v("π1"));
});

test("top-level items may be indented, all at one column", () => {
  const m = mod("module m (*)\n   x = 1\n   y = 2");
  expect(m.body.length).toBe(2);
});

// Parsing speed is measured by bench/ (the machine is shared: no timed assertion here); this checks
// that a big module parses at all, with a timeout far above any plausible parse.
test("a 2000-line module parses", () => {
  let big = "module big (*)\n";
  for (let i = 0; i < 400; i++) {
    big += `f${i} a b :: (a -> b) -> [a] -> [b]\nf${i} xs = map (g 1.5 "s") [xs, (1, 2)] . h\n  where\n    g = \\x -> x\ntype Cpp => T${i} a = "std::vector<$1>" a\n`;
  }
  expect(parseModuleText("big.loc", big).modules[0]!.body.length).toBe(1200);
}, 60_000);

test("g.f with no spaces names a term of a module imported as g; otherwise it is a composition", () => {
  const q = mod("import geo as g\nx = g.area 2\n");
  expect(strip((q.body[1] as any).body)).toEqual({ kind: "app", fn: v("g.area"), args: [int("2")] });
  const c = mod("x = f.g\n");
  expect(strip((c.body[0] as any).body)).toEqual({ kind: "lambda", params: [{ name: "q_1" }], body: { kind: "app", fn: v("f"), args: [{ kind: "app", fn: v("g"), args: [v("q_1")] }] } });
  const spaced = mod("import geo as g\nx = g . area\n");
  expect((spaced.body[1] as any).body.kind).toBe("lambda"); // a spaced dot composes
});
