// The valid corpus: one entry per construct of the reference syntax (language.md §1.13), each with the
// AST structure it must parse to. gen.ts writes every case to valid/ as a .loc file plus .expect.json,
// in several layouts (as written, indented, with comments everywhere) that must all give the same AST.
// Expectations are partial: listed keys must match, arrays must match in length and element by element.

type X = any;
export interface Case {
  name: string;
  src: string;
  expect: { modules: X[] };
  /** True when a line break sits inside a string: the layout variants would change the string. */
  raw?: boolean;
}

const v = (name: string) => ({ kind: "var", name });
const int = (text: string) => ({ kind: "int", text });
const real = (text: string, value: number) => ({ kind: "real", text, value });
const str = (value: string) => ({ kind: "str", value });
const app = (fn: X, ...args: X[]) => ({ kind: "app", fn, args });
const tc = (name: string, ...args: X[]) => ({ kind: "tcon", name, args });
const tv = (name: string) => ({ kind: "tvar", name });
const fun = (...ts: X[]) => ({ kind: "tfun", args: ts.slice(0, -1), ret: ts[ts.length - 1] });
const tl = (elem: X) => ({ kind: "tlist", elem });
const main = (...body: X[]) => ({ modules: [{ name: "main", body }] });
const mod = (name: string, exports: string[] | null, ...body: X[]) => ({ name, exports: exports && exports.map((n) => ({ name: n })), body });
const decl = (name: string, body?: X, params?: string[]) => ({ kind: "decl", name, ...(body ? { body } : {}), ...(params ? { params: params.map((p) => ({ name: p })) } : {}) });
const sig = (name: string, type?: X, more: X = {}) => ({ kind: "signature", name, ...(type ? { type } : {}), ...more });
const imp = (module: string, items: [string, string][] | null) => ({ kind: "import", module, items: items && items.map(([name, alias]) => ({ name, alias })) });
const src = (lang: string, path: string | null, items: [string, string, string | null][]) => ({
  kind: "source", lang, path, items: items.map(([name, alias, label]) => ({ name, alias, label })),
});
const td = (form: string, lang: string | null, name: string, params: string[], more: X = {}) => ({ kind: "typedef", form, lang, name, params, ...more });
const conc = (text: string, ...args: X[]) => ({ kind: "tconcrete", text, args });
const lam = (params: string[], body: X) => ({ kind: "lambda", params: params.map((name) => ({ name })), body });
const x = (e: X) => main(decl("x", e));
const fld = (name: string) => ({ kind: "field", name });
const ix = (index: number) => ({ kind: "index", index });
const pv = (name: string) => ({ kind: "pvar", name });

export const CASES: Case[] = [
  // Program structure
  { name: "several-modules", src: "module a (f)\nf = 1\nmodule b (g)\nimport a (f)\ng = f\n",
    expect: { modules: [mod("a", ["f"], decl("f", int("1"))), mod("b", ["g"], imp("a", [["f", "f"]]), decl("g", v("f")))] } },
  { name: "three-modules", src: "module a (*)\nx = 1\nmodule b (*)\ny = 2\nmodule c (*)\nimport a\nimport b\nz = 3\n",
    expect: { modules: [mod("a", null, decl("x")), mod("b", null, decl("y")), mod("c", null, imp("a", null), imp("b", null), decl("z"))] } },
  { name: "empty-module-name", src: "module (cid, pid)\ncid = 1\npid = 2\n",
    expect: { modules: [mod("", ["cid", "pid"], decl("cid"), decl("pid"))] } },
  { name: "implicit-main-trailing-expr", src: "f x = x\nf 42\n",
    expect: main(decl("f", v("x"), ["x"]), { kind: "exprstmt", expr: app(v("f"), int("42")) }) },
  { name: "implicit-main-only-expr", src: "42\n", expect: main({ kind: "exprstmt", expr: int("42") }) },
  { name: "star-exports", src: "module m (*)\nx = 1\n", expect: { modules: [mod("m", null, decl("x"))] } },
  { name: "type-exports", src: "module m (Person, f)\nrecord Person = Person {name :: Str}\nf = 1\n",
    expect: { modules: [mod("m", ["Person", "f"], td("record", null, "Person", []), decl("f"))] } },
  { name: "empty-export-list", src: "module prelude ()\nimport base\n", expect: { modules: [mod("prelude", [], imp("base", null))] } },
  { name: "dotted-module-name", src: "module lib.json.util (*)\nx = 1\n", expect: { modules: [mod("lib.json.util", null, decl("x"))] } },
  { name: "indented-module-bodies", src: "module m (*)\n  x = 1\n  y = 2\nmodule n (*)\n  z = 3\n",
    expect: { modules: [mod("m", null, decl("x"), decl("y")), mod("n", null, decl("z"))] } },
  { name: "empty-module-then-module", src: "module a ()\nmodule b (*)\nx = 1\n", expect: { modules: [mod("a", [], ), mod("b", null, decl("x"))] } },
  { name: "module-with-trailing-expr", src: "module main (*)\nf x = x\nf 1\n",
    expect: { modules: [mod("main", null, decl("f"), { kind: "exprstmt", expr: app(v("f"), int("1")) })] } },
  { name: "multiline-export-list", src: "module m\n  ( f\n  , g\n  , T\n  )\nf = 1\ng = 2\ntype T = Int\n",
    expect: { modules: [mod("m", ["f", "g", "T"], decl("f"), decl("g"), td("type", null, "T", []))] } },
  { name: "dashed-module-name", src: "module root-py (*)\nx = 1\nmodule foo.test-a (*)\nimport root-py\n",
    expect: { modules: [mod("root-py", null, decl("x")), mod("foo.test-a", null, imp("root-py", null))] } },
  // Imports
  { name: "import-all", src: "import m\n", expect: main(imp("m", null)) },
  { name: "import-aliases", src: "import m (a as b, T as U)\n", expect: main(imp("m", [["a", "b"], ["T", "U"]])) },
  { name: "import-relative", src: "import .stats (mean, sd as stdev)\nimport .lib.geo\n", expect: main(imp(".stats", [["mean", "mean"], ["sd", "stdev"]]), imp(".lib.geo", null)) },
  { name: "import-dotted", src: "import a.b.c (f)\n", expect: main(imp("a.b.c", [["f", "f"]])) },
  { name: "import-empty-list", src: "import m ()\n", expect: main(imp("m", [])) },
  { name: "import-multiline", src: "import m\n  ( f\n  , g as h\n  )\n", expect: main(imp("m", [["f", "f"], ["g", "h"]])) },
  { name: "import-several", src: "import pybase (add, mul)\nimport cppbase (add)\nimport types\n",
    expect: main(imp("pybase", [["add", "add"], ["mul", "mul"]]), imp("cppbase", [["add", "add"]]), imp("types", null)) },
  // Sources
  { name: "source-from", src: 'source Py from "x.py" ("f", "g" as h)\n', expect: main(src("py", "x.py", [["f", "f", null], ["g", "h", null]])) },
  { name: "source-builtin", src: 'source py ("abs")\nsource Py ("len" as size)\nsource R ("sum")\n',
    expect: main(src("py", null, [["abs", "abs", null]]), src("py", null, [["len", "size", null]]), src("r", null, [["sum", "sum", null]])) },
  { name: "source-labels", src: 'source Cpp from "a.hpp" (lab:"fname" as f, other:"g")\n',
    expect: main(src("cpp", "a.hpp", [["fname", "f", "lab"], ["g", "g", "other"]])) },
  { name: "source-dotted-name", src: 'source Py from "m.py" ("math.factorial" as fact)\nsource R ("as.numeric" as num)\n',
    expect: main(src("py", "m.py", [["math.factorial", "fact", null]]), src("r", null, [["as.numeric", "num", null]])) },
  { name: "source-multiline", src: 'source Cpp from "core.hpp"\n  ( "map"\n  , "fold"\n  , "add" as plus\n  )\n',
    expect: main(src("cpp", "core.hpp", [["map", "map", null], ["fold", "fold", null], ["add", "plus", null]])) },
  { name: "language-names", src: ["py", "Py", "PY", "python", "Python3", "cpp", "Cpp", "CPP", "c++", "C++", "r", "R", "c", "perl"]
      .map((l) => `source ${l} ("f")`).join("\n") + "\n",
    expect: main(...["py", "py", "py", "py", "py", "cpp", "cpp", "cpp", "cpp", "cpp", "r", "r", "c", "perl"].map((l) => src(l, null, [["f", "f", null]]))) },
  { name: "type-language-names", src: 'type py => A = "int"\ntype python3 => B = "int"\ntype c++ => C = "int"\ntype r => D = "integer"\n',
    expect: main(td("type", "py", "A", []), td("type", "py", "B", []), td("type", "cpp", "C", []), td("type", "r", "D", [])) },
  // Signatures
  { name: "sig-simple", src: "f :: Int -> Int\n", expect: main(sig("f", fun(tc("Int"), tc("Int")), { generics: [], label: null, props: [], constraints: [] })) },
  { name: "sig-generics", src: "map a b :: (a -> b) -> [a] -> [b]\n",
    expect: main(sig("map", fun(fun(tv("a"), tv("b")), tl(tv("a")), tl(tv("b"))), { generics: ["a", "b"] })) },
  { name: "sig-label", src: "lab:f :: Real\n", expect: main(sig("f", tc("Real"), { label: "lab" })) },
  { name: "sig-type-labels", src: "acos :: x:Real -> xs:[a] -> f:(Int)\n", expect: main(sig("acos", fun(tc("Real"), tl(tv("a")), tc("Int")))) },
  { name: "sig-props-bare", src: "f :: Foo a, Bar b => a -> b\n", expect: main(sig("f", fun(tv("a"), tv("b")), { props: [["Foo", "a"], ["Bar", "b"]] })) },
  { name: "sig-props-paren", src: "mean a :: (Real a, Num a) => [a] -> a\n",
    expect: main(sig("mean", fun(tl(tv("a")), tv("a")), { generics: ["a"], props: [["Real", "a"], ["Num", "a"]] })) },
  { name: "sig-props-pack", src: "packList a :: pack => [a] -> Str\n", expect: main(sig("packList", fun(tl(tv("a")), tc("Str")), { props: [["pack"]] })) },
  { name: "sig-props-word", src: "f :: Foo => Int\n", expect: main(sig("f", tc("Int"), { props: [["Foo"]] })) },
  { name: "sig-constraints", src: "f a :: a -> Int where\n    Foo a\n    Baz c d\n",
    expect: main(sig("f", fun(tv("a"), tc("Int")), { constraints: ["Foo a", "Baz c d"] })) },
  { name: "sig-multiline", src: "f :: Int\n  -> Str\n  -> Bool\ng :: Int\n",
    expect: main(sig("f", fun(tc("Int"), tc("Str"), tc("Bool"))), sig("g", tc("Int"))) },
  { name: "sig-unit-tuple-list", src: "f :: () -> (Int, [Str], ()) -> [[Real]]\n",
    expect: main(sig("f", fun({ kind: "tunit" }, { kind: "ttuple", elems: [tc("Int"), tl(tc("Str")), { kind: "tunit" }] }, tl(tl(tc("Real")))))) },
  { name: "sig-higher-kinded", src: "fmap f a b :: (a -> b) -> f a -> f b\n",
    expect: main(sig("fmap", fun(fun(tv("a"), tv("b")), tc("f", tv("a")), tc("f", tv("b"))), { generics: ["f", "a", "b"] })) },
  { name: "sig-applied-types", src: "f :: Map k (List v) -> Either (Int) [a]\n",
    expect: main(sig("f", fun(tc("Map", tv("k"), tc("List", tv("v"))), tc("Either", tc("Int"), tl(tv("a")))))) },
  { name: "sig-paren-type", src: "f :: (Int)\n", expect: main(sig("f", tc("Int"))) },
  // Type definitions
  { name: "type-alias", src: "type Filename = Str\n", expect: main(td("type", null, "Filename", [], { rhs: tc("Str") })) },
  { name: "type-paren-head", src: "type (Pair a b) = (a, b)\n", expect: main(td("type", null, "Pair", ["a", "b"], { rhs: { kind: "ttuple", elems: [tv("a"), tv("b")] } })) },
  { name: "type-bare-head", src: "type Pair a b = (a, b)\n", expect: main(td("type", null, "Pair", ["a", "b"], { rhs: { kind: "ttuple" } })) },
  { name: "type-lang-terminal", src: 'type Py => Real = "float"\n', expect: main(td("type", "py", "Real", [], { rhs: conc("float") })) },
  { name: "type-lang-paren-head", src: 'type Cpp => (List a) = "std::vector<$1>" a\n',
    expect: main(td("type", "cpp", "List", ["a"], { rhs: conc("std::vector<$1>", tv("a")) })) },
  { name: "type-lang-two-params", src: 'type Cpp => Tuple2 a b = "std::tuple<$1,$2>" a b\n',
    expect: main(td("type", "cpp", "Tuple2", ["a", "b"], { rhs: conc("std::tuple<$1,$2>", tv("a"), tv("b")) })) },
  { name: "type-lang-general-rhs", src: "type R => Num = Real\n", expect: main(td("type", "r", "Num", [], { rhs: tc("Real") })) },
  { name: "type-map", src: 'type R => Map key val = "list" key val\n', expect: main(td("type", "r", "Map", ["key", "val"], { rhs: conc("list", tv("key"), tv("val")) })) },
  { name: "record-general", src: "record (Person a) = Person {name :: Str, info :: a}\n",
    expect: main(td("record", null, "Person", ["a"], { ctor: "Person", ctorIsConcrete: false, fields: [{ name: "name", type: tc("Str") }, { name: "info", type: tv("a") }] })) },
  { name: "record-bare-head", src: "record Person = Person {name :: Str}\n", expect: main(td("record", null, "Person", [], { ctor: "Person", fields: [{ name: "name" }] })) },
  { name: "record-lang-no-fields", src: 'record Py => Person = "dict"\n', expect: main(td("record", "py", "Person", [], { ctor: "dict", ctorIsConcrete: true, fields: null })) },
  { name: "record-lang-fields", src: 'record py => (Person a) = "dict" {name :: Str, info :: a}\n',
    expect: main(td("record", "py", "Person", ["a"], { ctor: "dict", fields: [{ name: "name" }, { name: "info", type: tv("a") }] })) },
  { name: "record-lang-freename-ctor", src: "record Cpp => P = Q\n", expect: main(td("record", "cpp", "P", [], { ctor: "Q", ctorIsConcrete: false, fields: null })) },
  { name: "record-multiline-fields", src: "record Point = Point\n  { x :: Real\n  , y :: Real\n  }\n",
    expect: main(td("record", null, "Point", [], { fields: [{ name: "x", type: tc("Real") }, { name: "y", type: tc("Real") }] })) },
  { name: "object-general", src: "object (P a) = P {x :: a, ys :: [a]}\n", expect: main(td("object", null, "P", ["a"], { ctor: "P", fields: [{ name: "x" }, { name: "ys", type: tl(tv("a")) }] })) },
  { name: "object-lang", src: 'object Cpp => (P a) = "PersonObj"\n', expect: main(td("object", "cpp", "P", ["a"], { ctor: "PersonObj", ctorIsConcrete: true })) },
  { name: "table-general", src: "table (T a) = T {col :: a, n :: Int}\n", expect: main(td("table", null, "T", ["a"], { fields: [{ name: "col" }, { name: "n" }] })) },
  { name: "table-lang", src: 'table R => (T a) = "data.frame"\n', expect: main(td("table", "r", "T", ["a"], { ctor: "data.frame", fields: null })) },
  { name: "table-lang-fields", src: 'table R => T = "data.frame" {x :: Int}\n', expect: main(td("table", "r", "T", [], { fields: [{ name: "x", type: tc("Int") }] })) },
  // Classes and instances
  { name: "class-one-param", src: "class Show a where\n  show :: a -> Str\n", expect: main({ kind: "class", name: "Show", params: ["a"], sigs: [sig("show", fun(tv("a"), tc("Str")))] }) },
  { name: "class-two-params", src: "class (Packable a b) where\n  pack a b :: a -> b\n  unpack :: b -> a\n",
    expect: main({ kind: "class", name: "Packable", params: ["a", "b"], sigs: [sig("pack", undefined, { generics: ["a", "b"] }), sig("unpack", fun(tv("b"), tv("a")))] }) },
  { name: "class-no-body", src: "class Eq a\n", expect: main({ kind: "class", name: "Eq", params: ["a"], sigs: [] }) },
  { name: "class-three-params", src: "class Conv a b c where\n  conv :: a -> b -> c\n", expect: main({ kind: "class", name: "Conv", params: ["a", "b", "c"], sigs: [sig("conv")] }) },
  { name: "instance-source", src: 'instance Show Int where\n  source Py ("str" as show)\n',
    expect: main({ kind: "instance", cls: "Show", types: [tc("Int")], items: [src("py", null, [["str", "show", null]])] }) },
  { name: "instance-two-params", src: 'instance Packable (Str) JsonObj where\n  source Py from "j.py" ("dumps" as pack)\n  unpack x = x\n',
    expect: main({ kind: "instance", cls: "Packable", types: [tc("Str"), tc("JsonObj")], items: [{ kind: "source", path: "j.py" }, decl("unpack", v("x"), ["x"])] }) },
  { name: "instance-list-type", src: "instance Show [a]\n", expect: main({ kind: "instance", cls: "Show", types: [tl(tv("a"))], items: [] }) },
  { name: "instance-decl-body", src: "instance Monoid Int where\n  empty = 0\n  op x y = add x y\n",
    expect: main({ kind: "instance", cls: "Monoid", types: [tc("Int")], items: [decl("empty", int("0")), decl("op", app(v("add"), v("x"), v("y")), ["x", "y"])] }) },
  { name: "instance-applied-type", src: "instance Sized (Map k v) where\n  size m = 0\n",
    expect: main({ kind: "instance", cls: "Sized", types: [tc("Map", tv("k"), tv("v"))], items: [decl("size")] }) },
  // Declarations
  { name: "decl-params", src: "f x y = g x y\n", expect: main(decl("f", app(v("g"), v("x"), v("y")), ["x", "y"])) },
  { name: "decl-where-nested", src: "f x = g x\n  where\n    g a = h a\n      where\n        h = id\n    k :: Int\n",
    expect: main({ ...decl("f"), where: [{ ...decl("g"), where: [decl("h", v("id"))] }, sig("k", tc("Int"))] }) },
  { name: "decl-where-same-line", src: "f = g where g = 1\n            h = 2\n", expect: main({ ...decl("f", v("g")), where: [decl("g", int("1")), decl("h", int("2"))] }) },
  { name: "decl-multiline-body", src: "f x =\n  g\n    x\n    1\ny = 2\n", expect: main(decl("f", app(v("g"), v("x"), int("1"))), decl("y")) },
  { name: "decl-many-defs", src: 'f x = x\nsource Py ("f")\nf :: Int -> Int\nf y = y\n',
    expect: main(decl("f"), src("py", null, [["f", "f", null]]), sig("f"), decl("f", v("y"), ["y"])) },
  // Expressions
  { name: "expr-record", src: 'x = {a = 1, b = "s", c = f y}\n',
    expect: x({ kind: "record", fields: [{ key: "a", value: int("1") }, { key: "b", value: str("s") }, { key: "c", value: app(v("f"), v("y")) }] }) },
  { name: "expr-access-var", src: "x = p@name\n", expect: x({ kind: "access", expr: v("p"), key: "name" }) },
  { name: "expr-access-paren", src: "x = (f y)@age\n", expect: x({ kind: "access", expr: app(v("f"), v("y")), key: "age" }) },
  { name: "expr-access-record", src: "x = {a = 1}@a\n", expect: x({ kind: "access", expr: { kind: "record" }, key: "a" }) },
  { name: "expr-access-arg", src: "x = f p@name q\n", expect: x(app(v("f"), { kind: "access", expr: v("p"), key: "name" }, v("q"))) },
  { name: "expr-tuples", src: "x = (1, (2, 3), \"a\")\n", expect: x({ kind: "tuple", elems: [int("1"), { kind: "tuple", elems: [int("2"), int("3")] }, str("a")] }) },
  { name: "expr-lists", src: "x = [[], [1, 2], [y]]\n", expect: x({ kind: "list", elems: [{ kind: "list", elems: [] }, { kind: "list", elems: [int("1"), int("2")] }, { kind: "list", elems: [v("y")] }] }) },
  { name: "expr-unit", src: "x = ()\ny = f ()\n", expect: main(decl("x", { kind: "unit" }), decl("y", app(v("f"), { kind: "unit" }))) },
  { name: "expr-lambda", src: "x = \\a b -> f a b\n", expect: x(lam(["a", "b"], app(v("f"), v("a"), v("b")))) },
  { name: "expr-lambda-arg", src: "x = map (\\a -> g a) ys\n", expect: x(app(v("map"), lam(["a"], app(v("g"), v("a"))), v("ys"))) },
  { name: "expr-lambda-applied", src: "x = (\\a -> a) 1\n", expect: x(app(lam(["a"], v("a")), int("1"))) },
  { name: "expr-compose", src: "x = f . g . h\n", expect: x({ kind: "lambda", body: app(v("f"), app(v("g"), { kind: "app", fn: v("h") })) }) },
  { name: "expr-compose-partial", src: 'x = paste "a" . paste "b" . h\n',
    expect: x({ kind: "lambda", body: app(v("paste"), str("a"), app(v("paste"), str("b"), { kind: "app", fn: v("h") })) }) },
  { name: "expr-compose-lambda", src: "x = f . (\\a -> g a)\n", expect: x({ kind: "lambda", body: { kind: "app", fn: v("f"), args: [{ kind: "app", fn: lam(["a"], app(v("g"), v("a"))) }] } }) },
  { name: "expr-compose-paren-part", src: "x = (f 1) . (g 2 3)\n", expect: x({ kind: "lambda", body: app(v("f"), int("1"), { kind: "app", fn: v("g"), args: [int("2"), int("3"), { kind: "var" }] }) }) },
  { name: "expr-compose-applied", src: "y = map (f . g) xs\n", expect: main(decl("y", app(v("map"), { kind: "lambda" }, v("xs")))) },
  { name: "expr-numbers-signed", src: "a = - 1.0\nb = -1.0\nc = +2\nd = 1e-3\ne = 2.5E+2\nf = -7\n",
    expect: main(decl("a", real("-1.0", -1)), decl("b", real("-1.0", -1)), decl("c", int("2")), decl("d", real("1e-3", 0.001)), decl("e", real("2.5E+2", 250)), decl("f", int("-7"))) },
  { name: "expr-numbers-radix", src: "a = 0xFF\nb = 0Xff\nc = 0o17\nd = 0O7\ne = 0b101\nf = -0B11\ng = f 0x10 0b1\n",
    expect: main(decl("a", int("255")), decl("b", int("255")), decl("c", int("15")), decl("d", int("7")), decl("e", int("5")), decl("f", int("-3")), decl("g", app(v("f"), int("16"), int("1")))) },
  { name: "expr-numbers-nonfinite", src: "a = Inf\nb = -Inf\nc = NaN\nd = f Inf NaN\ne = [Inf, -Inf]\n",
    expect: main(decl("a", { kind: "real", text: "Inf" }), decl("b", { kind: "real", text: "-Inf" }), decl("c", { kind: "real", text: "NaN" }),
      decl("d", app(v("f"), { kind: "real", text: "Inf" }, { kind: "real", text: "NaN" })), decl("e", { kind: "list", elems: [{ kind: "real", text: "Inf" }, { kind: "real", text: "-Inf" }] })) },
  // Operators (current morloc): flat chains reassociated by fixity, default infixl 9
  { name: "op-precedence", src: "infixl 6 +, -\ninfixl 7 *\nx = a + b * c - d\n",
    expect: main(decl("x", app(v("-"), app(v("+"), v("a"), app(v("*"), v("b"), v("c"))), v("d")))) },
  { name: "op-fixity-after-use", src: "x = a ++ b ++ c\ninfixr 5 ++\n",
    expect: main(decl("x", app(v("++"), v("a"), app(v("++"), v("b"), v("c"))))) },
  { name: "op-default-fixity", src: "x = a <+> b <+> c\n",
    expect: main(decl("x", app(v("<+>"), app(v("<+>"), v("a"), v("b")), v("c")))) },
  { name: "op-application-binds-tighter", src: "infixl 6 +\nx = f a + g b c\n",
    expect: main(decl("x", app(v("+"), app(v("f"), v("a")), app(v("g"), v("b"), v("c"))))) },
  { name: "op-parenthesised-fixity", src: "infixr 0 ($)\nx = f $ g $ y\n",
    expect: main(decl("x", app(v("$"), v("f"), app(v("$"), v("g"), v("y"))))) },
  { name: "op-prefix", src: "x = (+) 1 2\ny = map (+) xs\n",
    expect: main(decl("x", app(v("+"), int("1"), int("2"))), decl("y", app(v("map"), v("+"), v("xs")))) },
  { name: "op-sections", src: "x = map (+ 1) xs\ny = (2 <)\nz = (- 1)\n",
    expect: main(decl("x", app(v("map"), lam(["x_1"], app(v("+"), v("x_1"), int("1"))), v("xs"))),
      decl("y", lam(["x_2"], app(v("<"), int("2"), v("x_2")))), decl("z", int("-1"))) },
  { name: "op-negate", src: "x = -y\nz = f -1\nw = a - 1\n",
    expect: main(decl("x", app(v("negate"), v("y"))), decl("z", app(v("f"), int("-1"))), decl("w", app(v("-"), v("a"), int("1")))) },
  { name: "op-signature-and-definition", src: "(|>) :: a -> (a -> b) -> b\n(|>) x f = f x\n",
    expect: main(sig("|>", fun(tv("a"), fun(tv("a"), tv("b")), tv("b"))), decl("|>", app(v("f"), v("x")), ["x", "f"])) },
  { name: "op-sources", src: 'source Py from "m.py" ("add" as (+), (*))\n',
    expect: main({ kind: "source", lang: "py", path: "m.py", items: [{ name: "add", alias: "+" }, { name: "*", alias: "*", native: true }] }) },
  { name: "op-exports-imports", src: "module m ((+), f)\nimport n ((<>), g as h)\nf = 1\n",
    expect: { modules: [mod("m", ["+", "f"], imp("n", [["<>", "<>"], ["g", "h"]]), decl("f"))] } },
  { name: "op-class-method", src: "class Num a where\n  (+) :: a -> a -> a\n",
    expect: main({ kind: "class", name: "Num", sigs: [sig("+")] }) },
  { name: "expr-negative-arg", src: "x = mul -1.0 y\n", expect: x(app(v("mul"), real("-1.0", -1), v("y"))) },
  { name: "expr-big-int", src: "x = 9223372036854775807\ny = -9223372036854775808\n", expect: main(decl("x", int("9223372036854775807")), decl("y", int("-9223372036854775808"))) },
  // current morloc: escapes are decoded; a raw line break needs triple quotes
  { name: "expr-strings-escapes", src: 'x = "a\\nb\\t\\r\\0\\\\\\"q\\""\ny = ""\n', expect: main(decl("x", str('a\nb\t\r\0\\"q"')), decl("y", str(""))) },
  { name: "expr-string-triple", src: 'x = """\n    line one\n      two "q" \\t\n    """\ny = \'\'\'a "b" \\\'c\\\' \'\'\'\nz = """a "b""""\n', raw: true,
    expect: main(decl("x", str('line one\n  two "q" \t')), decl("y", str('a "b" \'c\' ')), decl("z", str('a "b"'))) },
  { name: "expr-string-interpolation", src: 'x = "n=#{show n}!"\ny = f "#{a}#{ {b = "#{c}"}@b }" z\n',
    expect: main(decl("x", { kind: "interp", texts: ["n=", "!"], holes: [app(v("show"), v("n"))] }),
      decl("y", app(v("f"), { kind: "interp", texts: ["", "", ""], holes: [v("a"), { kind: "access", expr: { kind: "record" }, key: "b" }] }, v("z")))) },
  { name: "expr-string-unicode", src: 'x = "héllo ✓ 🎉 #{ñ}"\n', expect: x({ kind: "interp", texts: ["héllo ✓ 🎉 ", ""], holes: [v("ñ")] }) },
  { name: "expr-booleans", src: "x = [True, False]\n", expect: x({ kind: "list", elems: [{ kind: "bool", value: true }, { kind: "bool", value: false }] }) },
  { name: "expr-annotations", src: 'a = 5 :: Int\nb = (f y) :: Real\nc = [1] :: [Int]\nd = "s" :: Str\ne = y :: a\n',
    expect: main(decl("a", { kind: "annot", expr: int("5"), type: tc("Int") }), decl("b", { kind: "annot", expr: app(v("f"), v("y")) }),
      decl("c", { kind: "annot", type: tl(tc("Int")) }), decl("d", { kind: "annot", expr: str("s") }), decl("e", { kind: "annot", type: tv("a") })) },
  // Optionals (language-head A.5): `?T` binds to one atomic type; `Null` is a literal
  { name: "type-optional", src: "f :: ?Int -> [?Str] -> ?(?Real) -> ?(Int, Str) -> ?[a]\ng :: Map Str ?Int -> ?(Map Str Int)\n",
    expect: main(sig("f", fun(tc("?", tc("Int")), tl(tc("?", tc("Str"))), tc("?", tc("?", tc("Real"))), tc("?", { kind: "ttuple" }), tc("?", tl(tv("a"))))),
      sig("g", fun(tc("Map", tc("Str"), tc("?", tc("Int"))), tc("?", tc("Map", tc("Str"), tc("Int")))))) },
  { name: "type-optional-record-field", src: "record P = P {name :: Str, age :: ?Int}\n",
    expect: main(td("record", null, "P", [], { fields: [{ name: "name", type: tc("Str") }, { name: "age", type: tc("?", tc("Int")) }] })) },
  { name: "expr-null", src: "a = Null\nb = f Null x\nc = [1, Null]\nd = (Null, {k = Null})\ne = Null :: ?Int\n",
    expect: main(decl("a", { kind: "null" }), decl("b", app(v("f"), { kind: "null" }, v("x"))), decl("c", { kind: "list", elems: [int("1"), { kind: "null" }] }),
      decl("d", { kind: "tuple", elems: [{ kind: "null" }, { kind: "record", fields: [{ key: "k", value: { kind: "null" } }] }] }),
      decl("e", { kind: "annot", expr: { kind: "null" }, type: tc("?", tc("Int")) })) },
  { name: "expr-nested-app", src: "x = f (g (h 1)) [k 2]\n", expect: x(app(v("f"), app(v("g"), app(v("h"), int("1"))), { kind: "list", elems: [app(v("k"), int("2"))] })) },
  { name: "expr-paren-fn", src: "x = (f 1) 2\n", expect: x(app(app(v("f"), int("1")), int("2"))) },
  // Current-morloc type declarations (language-head.md A.5)
  { name: "head-types", src: "record Point where\n  x :: Real\n  y :: Real\nnewtype Meters = Real\ntype Blob\ntype (Box a)\nclass Eq a => Ord a where\n  lt :: a -> a -> Bool\nclass (Show a, Eq a) => Pretty a\ninstance Show Int, Show Real where\n  source Py (\"str\" as show)\ninstance Marker Int\n",
    expect: main(td("record", null, "Point", [], { ctor: "Point", fields: [{ name: "x" }, { name: "y" }] }), td("type", null, "Meters", [], { rhs: tc("Real") }), td("type", null, "Blob", [], { rhs: null }),
      td("type", null, "Box", ["a"], { rhs: null }), { kind: "class", name: "Ord", params: ["a"], sigs: [sig("lt")] }, { kind: "class", name: "Pretty", sigs: [] },
      { kind: "instance", cls: "Show", types: [tc("Int")] }, { kind: "instance", cls: "Show", types: [tc("Real")] }, { kind: "instance", cls: "Marker", items: [] }) },
  { name: "source-block", src: 'source Py from "m.py" where\n  add\n  "mul_ints" as mul\n  (+)\n',
    expect: main({ kind: "source", lang: "py", path: "m.py", items: [{ name: "add", alias: "add" }, { name: "mul_ints", alias: "mul" }, { name: "+", alias: "+", native: true }] }) },
  { name: "minus-glued", src: "a = x-1\nb = f -1\nc = (x)-2.5e-3\n",
    expect: main(decl("a", app(v("-"), v("x"), int("1"))), decl("b", app(v("f"), int("-1"))), decl("c", app(v("-"), v("x"), real("2.5e-3", 0.0025)))) },
  { name: "op-dot-defined", src: "infixr 9 .\n(.) :: (b -> c) -> (a -> b) -> a -> c\n(.) g f x = g (f x)\ny = foldr (.) id fs\n",
    expect: main(sig("."), decl(".", app(v("g"), app(v("f"), v("x"))), ["g", "f", "x"]), decl("y", app(v("foldr"), v("."), v("id"), v("fs")))) },
  // Lexical details and layout
  { name: "unicode-names", src: "h' = π1\nσ x = x\n", expect: main(decl("h'", v("π1")), decl("σ", v("x"))) },
  { name: "comments-everywhere", src: "-- top\nf x = {- a {- nested -} b -} g x -- tail\n{- between\n   lines -}\nh = 1\n",
    expect: main(decl("f", app(v("g"), v("x"))), decl("h", int("1"))) },
  { name: "indented-main", src: "     x = 1\n     y = 2\n", expect: main(decl("x"), decl("y")) },
  { name: "keyword-prefix-names", src: "types = 1\nimported = 2\nmoduleName = 3\nwhereabouts = 4\n",
    expect: main(decl("types"), decl("imported"), decl("moduleName"), decl("whereabouts")) },
  { name: "blank-lines", src: "\n\nx = 1\n\n\ny = 2\n\n", expect: main(decl("x"), decl("y")) },
  { name: "sos-program", src: 'module sos (sumOfSquares, squares)\nsource Cpp from "core.hpp" ("map", "fold", "add" as plus)\nsource Py from "square.py" ("square")\ntype Cpp => Real = "double"\nmap a b :: (a -> b) -> [a] -> [b]\nsquares xs = map square xs\nsumOfSquares xs = fold plus 0.0 (squares xs)\n',
    expect: { modules: [mod("sos", ["sumOfSquares", "squares"], { kind: "source", lang: "cpp" }, { kind: "source", lang: "py" }, td("type", "cpp", "Real", []), sig("map"), decl("squares"),
      decl("sumOfSquares", app(v("fold"), v("plus"), real("0.0", 0), app(v("squares"), v("xs"))), ["xs"]))] } },
  // Accessors (current morloc, language-head.md A.4): getters, groups, setters, brackets, slices
  { name: "getter-field", src: "x = .name\n", expect: x({ kind: "getter", path: [fld("name")] }) },
  { name: "getter-applied", src: "f r = .name r\n", expect: main(decl("f", app({ kind: "getter", path: [fld("name")] }, v("r")), ["r"])) },
  { name: "getter-index-no-number", src: "x = .5\n", expect: x({ kind: "getter", path: [ix(5)] }) },
  { name: "getter-chain", src: "x = .a.b.0\n", expect: x({ kind: "getter", path: [fld("a"), fld("b"), ix(0)] }) },
  { name: "getter-argument", src: "x = map .name people\n", expect: x(app(v("map"), { kind: "getter", path: [fld("name")] }, v("people"))) },
  { name: "getter-group", src: "x = .(.a, .b.0)\n", expect: x({ kind: "getters", paths: [[fld("a")], [fld("b"), ix(0)]] }) },
  { name: "setter-group", src: 'x = .(.a = 1, .b.0 = "z") r\n', expect: x(app({ kind: "setter", entries: [{ path: [fld("a")], value: int("1") }, { path: [fld("b"), ix(0)], value: str("z") }] }, v("r"))) },
  { name: "bracket-index", src: "x = .[i] xs\n", expect: x(app({ kind: "getter", path: [{ kind: "at", index: v("i") }] }, v("xs"))) },
  { name: "bracket-slice", src: "x = .[1:-1:2]\n", expect: x({ kind: "getter", path: [{ kind: "slice", start: int("1"), stop: int("-1"), step: int("2") }] }) },
  { name: "bracket-slice-empty-parts", src: "x = .[::-1]\n", expect: x({ kind: "getter", path: [{ kind: "slice", start: null, stop: null, step: int("-1") }] }) },
  { name: "bracket-slice-then-field", src: "x = .[1:3].x pts\n", expect: x(app({ kind: "getter", path: [{ kind: "slice", start: int("1"), stop: int("3"), step: null }, fld("x")] }, v("pts"))) },
  { name: "bracket-after-field", src: "x = .xs.[0].y\n", expect: x({ kind: "getter", path: [fld("xs"), { kind: "at", index: int("0") }, fld("y")] }) },
  { name: "compose-spaced-dot", src: "x = f . g\n", expect: x({ kind: "lambda", body: app(v("f"), app(v("g"), v("x_1"))) }) },
  { name: "compose-getters", src: "x = .a . .b\n", expect: x({ kind: "lambda", body: app({ kind: "getter", path: [fld("a")] }, app({ kind: "getter", path: [fld("b")] }, v("x_1"))) }) },
  // Irrefutable patterns in parameters and lambdas
  { name: "pattern-tuple-param", src: "f (a, b) = a\n", expect: main({ kind: "decl", name: "f", params: [{ name: "p_1" }], patterns: [{ kind: "ptuple", elems: [pv("a"), pv("b")] }], body: v("a") }) },
  { name: "pattern-record-param", src: "f {a = x, b = _} = x\n", expect: main({ kind: "decl", name: "f", patterns: [{ kind: "precord", fields: [{ key: "a", pattern: pv("x") }, { key: "b", pattern: { kind: "pwild" } }] }] }) },
  { name: "pattern-nested-as", src: "f p@(a, (b, _)) y = b\n", expect: main({ kind: "decl", name: "f", params: [{ name: "p_1" }, { name: "y" }], patterns: [{ kind: "pas", name: "p", pattern: { kind: "ptuple", elems: [pv("a"), { kind: "ptuple", elems: [pv("b"), { kind: "pwild" }] }] } }, null] }) },
  { name: "pattern-lambda", src: "x = \\k (a, b) -> b\n", expect: x({ kind: "lambda", params: [{ name: "k" }, { name: "p_1" }], patterns: [null, { kind: "ptuple", elems: [pv("a"), pv("b")] }] }) },
];
