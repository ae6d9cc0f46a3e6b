// Getters, setters, brackets and patterns in the type checker (src/types/accessors.ts): their
// types, their make-time errors at the accessor's position, and pure accessor commands that the
// nexus answers without any pool.
import { describe, expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import { typecheckReport } from "../../src/cli/typecheck";
import { CompileError } from "../../src/diagnostics";

const prelude = `
record Person = Person { name :: Str, age :: Int, home :: (Str, Int) }
source Py from "f.py" ("map", "inc")
map a b :: (a -> b) -> [a] -> [b]
inc :: Int -> Int
`;

const host = (body: string, exports = "*") =>
  memoryHost({ "/m/main.loc": `module main (${exports})\n${prelude}\n${body}\n`, "/m/f.py": "def map(f, xs): return [f(x) for x in xs]\ndef inc(x): return x + 1\n" });

async function failure(body: string, exports: string): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body, exports));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

const report = (body: string, exports: string) => typecheckReport("/m/main.loc", host(body, exports), false);

describe("accessor types", () => {
  test("a getter applied, as a value, and chained", async () => {
    const out = await report("f :: (Int, Str) -> Int\nf t = inc (.0 t)\ng = .home.1\nh p = .(.name, .home.0) p", "f, g, h");
    expect(out).toContain("f :: (Int, Str) -> Int");
    expect(out).toContain("g :: Person -> Int");
    expect(out).toContain("h :: Person -> (Str, Str)");
  });
  test("a getter passed to a sourced map takes its type from map's other argument", async () => {
    const out = await report("firsts :: [(Int, Str)] -> [Int]\nfirsts ps = map .0 ps", "firsts");
    expect(out).toContain("firsts :: [(Int, Str)] -> [Int]");
  });
  test("a setter keeps the type; brackets and slices take lists and Int bounds", async () => {
    const out = await report('s :: Person -> Person\ns p = .(.age = 1, .home.0 = "x") p\ni xs = inc (.[0] xs)\nr xs = map inc (.[::-1] xs)', "s, i, r");
    expect(out).toContain("s :: Person -> Person");
    expect(out).toContain("i :: [Int] -> Int");
    expect(out).toContain("r :: [Int] -> [Int]");
  });
  test("patterns in parameters and lambdas give tuple and record types", async () => {
    const out = await report("f (a, (b, _)) = inc b\ng {age = n} = inc n\nh xs = map (\\(k, v) -> inc v) xs", "f, g, h");
    expect(out).toContain("f :: (a, (Int, b)) -> Int");
    expect(out).toContain("g :: Person -> Int");
    expect(out).toContain("h :: [(a, Int)] -> [Int]");
  });
});

describe("accessor errors at make time, at the accessor", () => {
  test("an index getter on a list", async () => {
    const e = await failure("f :: [Int] -> Int\nf xs = .0 xs", "f");
    expect(e.message).toBe("Index getter .0 requires a tuple or record, got a list. Use 'head' or '!!' for list access");
    expect(`${e.span?.line}:${e.span?.col}`).toBe("9:8");
  });
  test("an index beyond the tuple", async () => {
    const e = await failure("f :: (Int, Str) -> Int\nf t = .5 t", "f");
    expect(e.message).toBe("tuple arity 2 required, index 5 given");
    expect(`${e.span?.line}:${e.span?.col}`).toBe("9:7");
  });
  test("an index beyond the tuple, in a getter passed to map", async () => {
    const e = await failure("f :: [(Int, Str)] -> [Int]\nf ps = map .2 ps", "f");
    expect(e.message).toBe("tuple arity 2 required, index 2 given");
    expect(`${e.span?.line}:${e.span?.col}`).toBe("9:12");
  });
  test("a field the record lacks, and a setter of the wrong type", async () => {
    expect((await failure("f :: Person -> Int\nf p = .weight p", "f")).message).toContain("no field 'weight'");
    expect((await failure('f :: Person -> Person\nf p = .(.age = "old") p', "f")).code).toBe("TypeMismatch");
  });
  test("a bracket on a tuple", async () => {
    const e = await failure("f :: (Int, Int) -> Int\nf t = .[0] t", "f");
    expect(e.message).toContain("takes a list");
  });
  test("a duplicate field in a record literal", async () => {
    const e = await failure('f = {name = "a", age = 1, name = "b", home = ("x", 1)}', "f");
    expect(e.message).toBe("duplicate field in record literal: name");
    expect(`${e.span?.line}:${e.span?.col}`).toBe("8:27");
  });
});

describe("pure accessor commands run in the nexus", () => {
  test("getters, setters, slices, patterns and lambdas need no pool", async () => {
    const body = 'a p = .(.name, .home.1) p\nb p = .(.age = 3) p\nc xs = .[1:].name xs\nd (x, y) = (\\(u, v) -> (v, u)) (x, y)\ne xs = .[-1] xs\nf = {home = ("h", 2), age = 1, name = "n"}';
    const prog = await compileToProgram("/m/main.loc", host(body, "a, b, c, d, e, f"));
    for (const cmd of prog.manifest.commands) expect([cmd.name, cmd.pure !== undefined]).toEqual([cmd.name, true]);
    expect(Object.keys(prog.manifest.pools)).toEqual([]);
  });
});

describe("record literals by field name", () => {
  const two = "record A = A { x :: Int, y :: Str }\nrecord B = B { y :: Str, x :: Int }\n";
  test("two records with the same fields: the signature decides", async () => {
    const out = await report(`${two}mkA :: Int -> A\nmkA n = {y = "a", x = n}\nmkB :: Int -> B\nmkB n = {x = n, y = "b"}`, "mkA, mkB");
    expect(out).toContain("mkA :: Int -> A");
    expect(out).toContain("mkB :: Int -> B");
  });
  test("nothing decides: an error at the literal", async () => {
    const e = await failure(`${two}bad n = {x = n, y = "c"}`, "bad");
    expect(e.code).toBe("AmbiguousRecord");
    expect(`${e.span?.line}:${e.span?.col}`).toBe("10:9");
  });
});
