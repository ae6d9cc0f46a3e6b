// Optionals (language-head A.5): `?T` in signatures and records, the Null literal, the implicit
// coercion of T to ?T (arguments, returns, elements) and no way back, on in-memory modules.
import { describe, expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram, typecheckReport } from "../../src/compile";
import { CompileError } from "../../src/diagnostics";

const prelude = `
type Cpp => Real = "double"
type Cpp => Int = "int64_t"
type Cpp => Str = "std::string"
type Cpp => List a = "std::vector<$1>" a
source Cpp from "core.hpp" ("orZero", "firstOr")
source Py from "f.py" ("square", "maybeSq", "countNull", "name")
orZero :: ?Real -> Real
firstOr a :: [?a] -> a -> a
square :: Real -> Real
maybeSq :: Real -> ?Real
countNull :: [?Real] -> Int
record Pet = Pet {name :: Str, age :: ?Int}
record Py => Pet = "dict"
record Cpp => Pet = "struct"
name :: Pet -> Str
`;

function host(body: string, exports: string) {
  return memoryHost({ "/m/main.loc": `module main (${exports})\n${prelude}\n${body}\n`, "/m/f.py": "", "/m/core.hpp": "" });
}

const report = (body: string, exports: string) => typecheckReport("/m/main.loc", host(body, exports), false);

async function failure(body: string, exports: string): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body, exports));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

/** The line of `body` (1-based, counted in the whole file) holding `text`. */
const lineOf = (body: string, text: string) => `module main (x)\n${prelude}\n${body}`.split("\n").findIndex((l) => l.includes(text)) + 1;

describe("optional types", () => {
  test("?T is read in signatures and printed back", async () => {
    const out = await report(`f :: ?Int -> [?Str] -> ?(Int, Str) -> ?[Real]\nf a b c = Null`, "f");
    expect(out).toContain("f :: ?Int -> [?Str] -> ?(Int, Str) -> ?[Real]");
  });
  test("a plain value coerces to ?T as an argument", async () => {
    const out = await report(`f x = orZero (square x)`, "f");
    expect(out).toContain("f :: Real -> Real");
  });
  test("a plain value coerces to ?T as a result", async () => {
    const out = await report(`g :: Real -> ?Real\ng x = square x`, "g");
    expect(out).toContain("g :: Real -> ?Real");
  });
  test("elements: literals and Null make a list of optionals", async () => {
    const out = await report(`h x = countNull [x, Null, 2, square x]`, "h");
    expect(out).toContain("h :: Real -> Int");
    // a parameter without a signature that is only used where an optional goes is itself optional
    const names = await report(`k s = firstOr [Null, s, "lit"] "none"`, "k");
    expect(names).toContain("k :: ?Str -> Str");
    const given = await report(`k :: Str -> Str\nk s = firstOr [Null, s, "lit"] "none"`, "k");
    expect(given).toContain("k :: Str -> Str");
  });
  test("Null alone takes the optional type its place wants", async () => {
    const out = await report(`n :: ?Int\nn = Null\nm = orZero Null`, "n, m");
    expect(out).toContain("n :: ?Int");
    expect(out).toContain("m :: Real");
  });
  test("a generic value where its own optional is wanted: a -> ?a", async () => {
    const out = await report(`w :: a -> ?a\nw x = x\nwi :: Int -> ?Int\nwi x = w x`, "wi");
    expect(out).toContain("wi :: Int -> ?Int");
  });
  test("?(?T) is accepted and shares the wire null of ?T", async () => {
    const p = await compileToProgram("/m/main.loc", host(`d :: ?(?Real) -> Real\nd x = orZero x`, "d"));
    expect(p.manifest.commands[0]!.params[0]!.schema).toBe("?f8");
  });
  test("schemas of optionals inside lists, tuples and records", async () => {
    const p = await compileToProgram("/m/main.loc", host(`f :: [?Real] -> (?Str, Pet) -> Int\nf xs p = countNull xs`, "f"));
    expect(p.manifest.commands[0]!.params.map((x) => x.schema)).toEqual(["a?f8", "t2:?sm2:4:names3:age?i8"]);
  });
  test("C++ holds an optional as std::optional, records too", async () => {
    const p = await compileToProgram("/m/main.loc", host(`f :: [?Real] -> Pet -> Real\nf xs p = orZero (firstOr xs 1.0)`, "f"));
    const cpp = String(p.files.find((x) => x.path === "pool.cpp")!.contents);
    expect(cpp).toContain("std::optional<double>");
  });
});

describe("no way back from ?T", () => {
  test("a ?Real argument where a Real is needed is a positioned type error", async () => {
    const body = `f :: Real -> Real\nf x = square (maybeSq x)`;
    const e = await failure(body, "f");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("expected Real, found ?Real");
    expect(e.message).toContain("may be Null");
    expect(e.span?.line).toBe(lineOf(body, "square (maybeSq"));
    expect(e.span?.col).toBe(15);
  });
  test("returning a ?Real where the signature says Real", async () => {
    const body = `g :: Real -> Real\ng x = maybeSq x`;
    const e = await failure(body, "g");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("found Real -> ?Real");
    expect(e.span?.line).toBe(lineOf(body, "g x = maybeSq"));
  });
  test("Null where a plain type is needed", async () => {
    const e = await failure(`h :: Real -> Real\nh x = square Null`, "h");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("expected Real, found ?");
  });
  test("a list of optionals is not a list of plain values", async () => {
    const e = await failure(`source Py from "f.py" ("total")\ntotal :: [Real] -> Real\nt x = total [x, Null]`, "t");
    expect(e.code).toBe("TypeMismatch");
  });
  test("an optional record has no fields until it is unwrapped", async () => {
    const e = await failure(`source Py from "f.py" ("maybePet")\nmaybePet :: Str -> ?Pet\nq s = name (maybePet s)`, "q");
    expect(e.code).toBe("TypeMismatch");
    expect(e.message).toContain("expected Pet, found ?Pet");
  });
});
