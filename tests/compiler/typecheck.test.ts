// Type checking, selection and generation on in-memory modules (no files, no g++).
import { describe, expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import { typecheckReport } from "../../src/cli/typecheck";
import { CompileError } from "../../src/diagnostics";

const prelude = `
type Cpp => Real = "double"
type Cpp => Int = "int64_t"
type Cpp => Str = "std::string"
type Cpp => List a = "std::vector<$1>" a
type Cpp => Tuple2 a b = "std::tuple<$1,$2>" a b
source Cpp from "core.hpp" ("map", "fold", "add", "len")
source Py from "f.py" ("square", "add" as padd, "show")
map a b :: (a -> b) -> [a] -> [b]
fold a b :: (b -> a -> b) -> b -> [a] -> b
add :: Real -> Real -> Real
padd :: Real -> Real -> Real
len a :: [a] -> Int
square :: Real -> Real
show :: Real -> Str
`;

function host(body: string, exports = "*") {
  return memoryHost({ "/m/main.loc": `module main (${exports})\n${prelude}\n${body}\n`, "/m/f.py": "def square(x): return x*x\n", "/m/core.hpp": "" });
}

async function report(body: string, exports?: string, realized = false) {
  return typecheckReport("/m/main.loc", host(body, exports), realized);
}

async function failure(body: string, exports?: string): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body, exports));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

describe("general types of exports", () => {
  test("a composition of sourced functions", async () => {
    const out = await report("sos xs = fold add 0.0 (map square xs)", "sos");
    expect(out).toContain("sos :: [Real] -> Real");
  });
  test("point-free exports are eta-expanded", async () => {
    const out = await report("squares = map square", "squares");
    expect(out).toContain("squares :: [Real] -> [Real]");
  });
  test("generics are instantiated per use", async () => {
    const out = await report("n xs = len (map show xs)", "n");
    expect(out).toContain("n :: [Real] -> Int");
  });
  test("where-bound helpers close over parameters", async () => {
    const out = await report("f x xs = map g xs\n  where\n    g y = add x y", "f");
    expect(out).toContain("f :: Real -> [Real] -> [Real]");
  });
  test("lambdas and composition", async () => {
    const out = await report("h xs = map (\\y -> square (add y 1.0)) xs\nk = square . square", "h, k");
    expect(out).toContain("h :: [Real] -> [Real]");
    expect(out).toContain("k :: Real -> Real");
  });
  test("tuples and lists of literals", async () => {
    const out = await report('t = (1, "a")\nl = [1.0, 2.0]', "t, l");
    expect(out).toContain("t :: (Int, Str)");
    expect(out).toContain("l :: [Real]");
  });
});

describe("selection", () => {
  test("C++ is preferred when a function exists in both languages", async () => {
    const out = await report("s x y = add x y\nt x y = padd x y", "s, t", true);
    expect(out).toMatch(/s :: Real -> Real -> Real\n  runs in: cpp/);
    expect(out).toMatch(/t :: Real -> Real -> Real\n  runs in: py/);
  });
  test("a C++ map over a Python function crosses once per element", async () => {
    const p = await compileToProgram("/m/main.loc", host("sq xs = map square xs", "sq"));
    const cmd = p.manifest.commands[0]!;
    expect(cmd.pool).toBe("cpp");
    expect(cmd.needs).toEqual(["cpp", "py"]);
    const cpp = p.files.find((f) => f.path === "pool.cpp")!.contents as string;
    expect(cpp).toContain('morloc::foreign_call<double>("py"');
    expect(p.files.map((f) => f.path).sort()).toEqual(["pool.cpp", "pool.py", "src/0/f.py"]);
  });
  test("a command with no foreign call is answered by the nexus", async () => {
    const p = await compileToProgram("/m/main.loc", host("pair :: Real -> [Real]\npair x = [x, x]", "pair"));
    expect(p.manifest.commands[0]!.pure).toEqual({ kind: "list", items: [{ kind: "param", index: 0 }, { kind: "param", index: 0 }] });
    expect(p.files).toEqual([]);
  });
});

describe("errors carry a code and a position", () => {
  test("type mismatch", async () => {
    const e = await failure('bad = square "x"', "bad");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("Real");
    expect(e.message).toContain("Str");
    expect(e.span?.line).toBeGreaterThan(1);
  });
  test("unbound variable with a suggestion", async () => {
    const e = await failure("bad x = sqare x", "bad");
    expect(e.code).toBe("UnboundVariable");
    expect(e.hint).toContain("square");
  });
  test("missing signature on a source", async () => {
    const e = await failure('source Py from "f.py" ("cube")\nbad x = cube x', "bad");
    expect(e.code).toBe("MissingGeneralSignature");
  });
  test("missing concrete C++ type", async () => {
    const e = await failure("source Cpp from \"core.hpp\" (\"flag\")\nflag :: Bool -> Bool\nbad x = flag x", "bad");
    expect(e.code).toBe("MissingConcreteType");
    expect(e.message).toContain("Bool");
  });
  test("exporting an undefined name", async () => {
    const e = await failure("", "nothing");
    expect(e.code).toBe("UndefinedExport");
  });
  test("too many arguments", async () => {
    const e = await failure("bad x = square x x", "bad");
    expect(["ApplicationOfNonFunction", "TypeMismatch"]).toContain(e.code);
  });
  test("a value defined as itself is reported, not looped on", async () => {
    const e = await failure("f = f", "f");
    expect(e.code).toBe("RecursiveValue");
  });
});

describe("modules", () => {
  test("imports from a sibling file, with aliases", async () => {
    const h = memoryHost({
      "/m/main.loc": `module main (go)\nimport lib (twice as tw)\ngo x = tw x`,
      "/m/lib.loc": `module lib (twice)\n${prelude}\ntwice x = add x x`,
      "/m/core.hpp": "",
      "/m/f.py": "",
    });
    expect(await typecheckReport("/m/main.loc", h, false)).toContain("go :: Real -> Real");
  });
  test("importing an unexported name names both modules", async () => {
    const h = memoryHost({ "/m/main.loc": `module main (go)\nimport lib (hidden)\ngo = 1`, "/m/lib.loc": `module lib (twice)\ntwice = 2\nhidden = 3` });
    const e = await typecheckReport("/m/main.loc", h, false).catch((x) => x);
    expect(e).toBeInstanceOf(CompileError);
    expect(e.message).toContain("main");
    expect(e.message).toContain("lib");
  });
  test("import cycles are detected", async () => {
    const h = memoryHost({ "/m/main.loc": `module main (a)\nimport b (b)\na = 1`, "/m/b.loc": `module b (b)\nimport main (a)\nb = 2` });
    const e = await typecheckReport("/m/main.loc", h, false).catch((x) => x);
    expect(e.code).toBe("CyclicDependency");
  });
});

describe("classes and instances", () => {
  const classes = `
class Addable a where
  add :: a -> a -> a
  zero :: a
instance Addable Real where
  source Cpp from "core.hpp" ("addReal" as add)
  source Py from "f.py" ("addReal" as add)
  zero = 0.0
instance Addable Int where
  source Py from "f.py" ("addInt" as add)
  zero = 0
`;
  const h = (body: string, exports: string) =>
    memoryHost({
      "/m/main.loc": `module main (${exports})\n${prelude.replace(/"add", /, "").replace("add :: Real -> Real -> Real\n", "")}${classes}\n${body}\n`,
      "/m/f.py": "",
      "/m/core.hpp": "",
    });
  test("the instance is chosen by the argument types", async () => {
    const out = await typecheckReport("/m/main.loc", h("r :: Real -> Real\nr x = add x x\ni :: Int -> Int\ni x = add x x", "r, i"), true);
    expect(out).toMatch(/r :: Real -> Real\n  runs in: cpp/);
    expect(out).toMatch(/i :: Int -> Int\n  runs in: py/);
  });
  test("value members and the return type choose too", async () => {
    const p = await compileToProgram("/m/main.loc", h("z :: Real\nz = zero\ns xs = fold add zero xs\nss :: [Int] -> Int\nss xs = fold add zero xs", "z, ss"));
    expect(p.manifest.commands.find((c) => c.name === "z")!.pure).toEqual({ kind: "real", value: 0 });
    const ss = p.manifest.commands.find((c) => c.name === "ss")!;
    expect(ss.needs).toEqual(["cpp", "py"]);
  });
  test("no instance for a type is an error naming the method and type", async () => {
    const e = await typecheckReport("/m/main.loc", h('bad x = add "a" "b"', "bad"), false).catch((x) => x);
    expect(e.code).toBe("NoInstanceFound");
    expect(e.message).toContain("Str");
  });
  test("a method beside the module's own definitions is one alternative under the module's signature", async () => {
    // a declaration of the method's name without a signature: the literal fixes Real
    let out = await typecheckReport("/m/main.loc", h("add x y = fold add 0.0 [x, y]", "add"), true);
    expect(out).toMatch(/^add :: Real -> Real -> Real\n  runs in: cpp/);
    // a signature alone over the class method: the export takes the signature's type
    out = await typecheckReport("/m/main.loc", h("add :: Int -> Int -> Int", "add"), true);
    expect(out).toMatch(/^add :: Int -> Int -> Int\n  runs in: py/);
  });
  test("a method without an instance at the type drops out when another implementation remains", async () => {
    const out = await typecheckReport("/m/main.loc", h('add :: Str -> Str -> Str\nadd x y = show 1.0', "add"), true);
    expect(out).toMatch(/^add :: Str -> Str -> Str\n  runs in: py\n  show/);
    const e = await typecheckReport("/m/main.loc", h('add :: Str -> Str -> Str\nuse = add "a" "b"', "use"), false).catch((x) => x);
    expect(e.code).toBe("NoInstanceFound");
  });
});

describe("records", () => {
  const recs = `record Person = Person {name :: Str, age :: Int}\nrecord Pet = Pet {name :: Str, legs :: Int}\n`;
  test("a literal is promoted to the record with exactly its fields", async () => {
    const out = await report(`${recs}p = {name = "a", age = 2}\nq = {legs = 4, name = "b"}`, "p, q");
    expect(out).toContain("p :: Person");
    expect(out).toContain("q :: Pet");
  });
  test("field access types from the record", async () => {
    const out = await report(`${recs}ageOf :: Person -> Int\nageOf p = p@age\nlegsOf x = x@legs`, "ageOf, legsOf");
    expect(out).toContain("ageOf :: Person -> Int");
    expect(out).toContain("legsOf :: Pet -> Int");
  });
  test("a missing field is a KeyError with a suggestion", async () => {
    const e = await failure(`${recs}bad :: Person -> Int\nbad p = p@ag`, "bad");
    expect(e.code).toBe("KeyError");
    expect(e.hint).toContain("age");
  });
  test("a literal matching no record is an error", async () => {
    const e = await failure(`${recs}bad = {wings = 2}`, "bad");
    expect(e.code).toBe("UnknownRecord");
  });
  test("a field of the wrong type is a mismatch naming the field", async () => {
    const e = await failure(`${recs}bad = {name = 1, age = 2}`, "bad");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("name");
  });
});

describe("type aliases", () => {
  test("the same concrete mapping twice is one mapping", async () => {
    const out = await report(`type Cpp => List b = "std::vector<$1>" b\nsq xs = map square xs`, "sq");
    expect(out).toContain("sq :: [Real] -> [Real]");
  });
  test("two different concrete mappings conflict", async () => {
    const e = await failure(`type Cpp => Real = "float"\nsq xs = map square xs`, "sq");
    expect(e.code).toBe("ConflictingTypeAliases");
    expect(e.hint).toContain("main.loc");
  });
  test("general aliases expand in signatures", async () => {
    const out = await report(`type Vec = [Real]\nnorm :: Vec -> Real\nnorm xs = fold add 0.0 xs`, "norm");
    expect(out).toContain("norm :: [Real] -> Real");
  });
  test("a self-recursive alias is an error", async () => {
    const e = await failure(`type Loop = [Loop]\nf :: Loop -> Real\nf x = 1.0`, "f");
    expect(e.code).toBe("SelfRecursiveTypeAlias");
  });
  test("wrong alias arity", async () => {
    const e = await failure(`type Pair a = (a, a)\nf :: Pair Real Real -> Real\nf x = 1.0`, "f");
    expect(e.code).toBe("BadTypeAliasParameters");
  });
});

describe("alternative implementations", () => {
  test("a declaration that stays in C++ beats a Python source of the same term", async () => {
    const out = await report(`source Py from "f.py" ("twice")\ntwice :: Real -> Real\ntwice x = add x x\nh x = twice x`, "h", true);
    expect(out).toMatch(/h :: Real -> Real\n  runs in: cpp\n  add/);
  });
  test("a Python source is kept when the declaration would need Python anyway", async () => {
    const out = await report(`source Py from "f.py" ("twice")\ntwice :: Real -> Real\ntwice x = padd x x\nh x = twice x`, "h", true);
    expect(out).toMatch(/h :: Real -> Real\n  runs in: py\n  twice \(\d+:\d+\) -> py/);
  });
});

describe("missing source files", () => {
  test("a missing Python file is reported at its source statement", async () => {
    const h = memoryHost({ "/m/main.loc": `module main (f)\nsource Py from "gone.py" ("h")\nh :: Real -> Real\nf x = h x\n` });
    const e = await compileToProgram("/m/main.loc", h).catch((x) => x);
    expect(e.code).toBe("MissingSourceFile");
    expect(e.span.line).toBe(2);
  });
  test("a missing C++ header too", async () => {
    const h = memoryHost({ "/m/main.loc": `module main (f)\nsource Cpp from "gone.hpp" ("h")\ntype Cpp => Real = "double"\nh :: Real -> Real\nf x = h x\n` });
    const e = await compileToProgram("/m/main.loc", h).catch((x) => x);
    expect(e.code).toBe("MissingSourceFile");
    expect(e.message).toContain("gone.hpp");
  });
});

describe("generic declarations", () => {
  test("a generic signature must hold for every type", async () => {
    const e = await failure(`twice a :: a -> a\ntwice x = add x x\nf :: Real -> Real\nf x = twice x`, "f");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toMatch(/\ba\b/);
  });
  test("a truly generic declaration is accepted and used at several types", async () => {
    const out = await report(`pick a b :: a -> b -> a\npick x y = x\nf :: Real -> Str -> Real\nf x s = pick x s\ng :: Str -> Real -> Str\ng s x = pick s x`, "f, g");
    expect(out).toContain("f :: Real -> Str -> Real");
    expect(out).toContain("g :: Str -> Real -> Str");
  });
  test("generic declarations over generic sources", async () => {
    const out = await report(`apply a b :: (a -> b) -> [a] -> [b]\napply f xs = map f xs\nq xs = apply square xs`, "q");
    expect(out).toContain("q :: [Real] -> [Real]");
  });
});

describe("value check of alternative declarations", () => {
  test("x = 1 and x = 2 contradict", async () => {
    const e = await failure(`x :: Int\nx = 1\nx = 2`, "x");
    expect(e.code).toBe("ValueContradiction");
    expect(e.message).toContain("1 against 2");
  });
  test("f x y = x and f a b = b contradict", async () => {
    const e = await failure(`f :: Real -> Real -> Real\nf x y = x\nf a b = b`, "f");
    expect(e.code).toBe("ValueContradiction");
  });
  test("the same value twice, and calls, are not contradictions", async () => {
    const out = await report(`x :: Real\nx = 1.0\nx = 1.0\ng :: Real -> Real\ng a = square a\ng b = add b b`, "x, g");
    expect(out).toContain("x :: Real");
    expect(out).toContain("g :: Real -> Real");
  });
});

describe("instance heads", () => {
  const cls = `class Convert a b where\n  convert a b :: a -> b\nsource Py from "f.py" ("show")\n`;
  test("an unparenthesised two-type head is an InstanceSizeMismatch at the instance", async () => {
    const e = await failure(`${cls}instance Convert Real Str where\n  source Py from "f.py" ("show" as convert)\nc :: Real -> Str\nc x = convert x`, "c");
    expect(e.code).toBe("InstanceSizeMismatch");
    expect(e.hint).toContain("parentheses");
  });
  test("the parenthesised form works", async () => {
    const out = await report(`${cls}instance Convert (Real) (Str) where\n  source Py from "f.py" ("show" as convert)\nc :: Real -> Str\nc x = convert x`, "c", true);
    expect(out).toMatch(/c :: Real -> Str\n  runs in: py/);
  });
});

describe("a signature more general than its body", () => {
  const warned = async (body: string, exports: string) => {
    const h = host(body, exports);
    const warnings: CompileError[] = [];
    h.warn = (w) => warnings.push(w);
    const out = await typecheckReport("/m/main.loc", h, false);
    return { out, warnings };
  };
  test("a variable the signature's own types force is specialised, with a positioned warning showing both types", async () => {
    const { out, warnings } = await warned(`swap a b :: (a, Str) -> (Str, b)\nswap p = p\nuse :: (Str, Str) -> (Str, Str)\nuse p = swap p`, "use");
    expect(out).toContain("use :: (Str, Str) -> (Str, Str)");
    expect(warnings).toHaveLength(1);
    const w = warnings[0]!;
    expect(w.code).toBe("GeneralSignature");
    expect(w.span).toMatchObject({ file: "/m/main.loc", col: 1 });
    expect(w.message).toContain("(a, Str) -> (Str, b)");
    expect(w.message).toContain("(Str, Str) -> (Str, Str)");
  });
  test("the variables the body leaves alone stay generic", async () => {
    const { warnings } = await warned(`keep k v :: [(k, v)] -> [(Str, v)]\nkeep xs = xs\nuse :: [(Str, Real)] -> [(Str, Real)]\nuse xs = keep xs`, "use");
    expect(warnings[0]!.message).toContain("only [(Str, v)] -> [(Str, v)]");
    expect(warnings[0]!.hint).toContain("keep v ::");
  });
  test("a type the body brings in is still an error", async () => {
    const e = await failure(`g a :: [a] -> [a]\ng xs = map square xs\nf :: [Real] -> [Real]\nf xs = g xs`, "f");
    expect(e.code).toBe("TypeMismatch");
  });
  test("a body that fits the signature nowhere is still an error", async () => {
    const e = await failure(`h a :: (a, Str) -> (Str, Int)\nh p = p\nf :: (Str, Str) -> (Str, Int)\nf p = h p`, "f");
    expect(e.code).toBe("TypeMismatch");
  });
});
