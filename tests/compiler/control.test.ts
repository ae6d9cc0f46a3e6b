// let, guards, refutable `|` clauses and recursion on in-memory modules: the core they check to,
// and the positioned errors for what is rejected (language-head.md A.4).
import { describe, expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram, typecheckReport } from "../../src/compile";
import { CompileError } from "../../src/diagnostics";

const prelude = `
type Py => Int = "int"
type Py => Bool = "bool"
type Py => Str = "str"
type Py => Tuple2 a b = "tuple" a b
type Py => List a = "list" a
source Py from "f.py" ("sub" as (-), "eq" as (==), "lt" as (<), "show")
infixl 6 -
infix 4 ==, <
(-) :: Int -> Int -> Int
(==) :: Int -> Int -> Bool
(<) :: Int -> Int -> Bool
show :: Int -> Str
`;

function host(body: string, exports: string, withEq = true) {
  const pre = withEq ? prelude : prelude.replace('"eq" as (==), ', "").replace("(==) :: Int -> Int -> Bool\n", "");
  return memoryHost({ "/m/main.loc": `module main (${exports})\n${pre}\n${body}\n`, "/m/f.py": "" });
}

async function failure(body: string, exports: string, withEq = true): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body, exports, withEq));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

/** The line of `body` (1-based) as a line of main.loc. */
const lineOf = (body: string, text: string) => body.split("\n").findIndex((l) => l.includes(text)) + 2 + prelude.split("\n").length;

describe("types of the control forms", () => {
  test("guards, let and clauses check to their types", async () => {
    const body = [
      "grade :: Int -> Str",
      "grade n ? n < 5 = \"low\" : show n",
      "twice x = let y = x - 1\n              z = (y, y)\n          in z",
      "first | (a, _) = a",
      "sign | 0 = \"zero\" | n ? n < 0 = \"neg\" : \"pos\"",
      "down n ? n == 0 = 0 : down (n - 1)",
    ].join("\n");
    const out = await typecheckReport("/m/main.loc", host(body, "grade, twice, sign, down"));
    expect(out).toContain("grade :: Int -> Str");
    expect(out).toContain("twice :: Int -> (Int, Int)");
    expect(out).toContain("sign :: Int -> Str");
    expect(out).toContain("down :: Int -> Int");
  });
  test("a guard condition must be a Bool", async () => {
    const e = await failure("f :: Int -> Int\nf n ? n = 1 : 2", "f");
    expect(e.code).toBe("TypeMismatch");
  });
  test("every branch of a guard has one type", async () => {
    const e = await failure("f :: Int -> Int\nf n ? n < 1 = \"a\" : 2", "f");
    expect(e.code).toBe("TypeMismatch");
  });
});

describe("recursion", () => {
  test("recursive functions are kept as named functions, lifted over what they capture", async () => {
    const p = await compileToProgram("/m/main.loc", host("f :: Int -> Int -> Int\nf n k = go n where\n  go i ? i == 0 = k : go (i - 1)", "f"));
    const files = p.files.map((x) => String(x.contents)).join("\n");
    expect(files).toMatch(/def rf_f__go_\d+\(i_\d+, k_\d+\):/);
    expect(files).toContain("while True:");
  });
  const illegal: [string, string, string][] = [
    ["a value defined as itself", "x :: Int\nx = x", "x = x"],
    ["two values defined through each other", "a :: Int\na = b\nb :: Int\nb = a", "b = a"],
    ["three values, guarded", "a :: Int\na ? 1 < 2 = b : 1\nb :: Int\nb = c\nc :: Int\nc = a", "c = a"],
    ["tuples defined through each other", "p :: (Int, Int)\np = (1, snd q)\nq :: (Int, Int)\nq = (fst p, 2)\nfst | (x, _) = x\nsnd | (_, y) = y", "q = (fst p, 2)"],
    ["a record whose field needs the record", "r :: P\nr = {x = 1, y = r@x}\nrecord P = P {x :: Int, y :: Int}\nrecord Py => P = \"dict\"", "r = {x"],
    ["a where value defined as itself", "f :: Int -> Int\nf n = v where\n  v = v", "v = v"],
  ];
  for (const [what, body, at] of illegal)
    test(`${what} is rejected at make time, positioned`, async () => {
      const start = Date.now();
      const e = await failure(body, body.split("\n")[0]!.split(" ")[0]!);
      expect(e.code).toBe("RecursiveValue");
      expect(e.message).toContain("is defined in terms of itself");
      expect(e.span?.line).toBe(lineOf(body, at));
      expect(Date.now() - start).toBeLessThan(5000);
    });
});

describe("refutable clauses", () => {
  test("clauses of different arity", async () => {
    const body = "f :: Int -> Int -> Int\nf\n  | 0 y = y\n  | x = x";
    const e = await failure(body, "f");
    expect(e.code).toBe("ClauseArity");
    expect(e.message).toBe("all `|` clauses of 'f' must bind the same number of arguments");
    expect(e.span?.line).toBe(lineOf(body, "| x = x"));
  });
  test("clauses without a catch-all", async () => {
    const body = "f :: Int -> Str\nf\n  | 0 = \"a\"\n  | 1 = \"b\"";
    const e = await failure(body, "f");
    expect(e.code).toBe("NonExhaustive");
    expect(e.message).toContain("are not exhaustive; add a final catch-all clause");
    expect(e.span?.line).toBe(lineOf(body, "| 1 ="));
  });
  test("True and False together need no catch-all; one alone does", async () => {
    await compileToProgram("/m/main.loc", host("f :: Bool -> Int\nf\n  | True = 1\n  | False = 0", "f"));
    const e = await failure("f :: Bool -> Int\nf\n  | True = 1", "f");
    expect(e.code).toBe("NonExhaustive");
  });
  test("a literal pattern needs == in scope", async () => {
    const e = await failure("f :: Int -> Int\nf\n  | 0 = 1\n  | n = n", "f", false);
    expect(e.message).toBe("a literal pattern is tested with `==`, which is not in scope");
  });
  test("a variable bound twice in one clause", async () => {
    const e = await failure("f :: (Int, Int) -> Int\nf\n  | (x, x) = x", "f");
    expect(e.message).toBe("duplicate binder in pattern: x");
  });
});

describe("where blocks", () => {
  test("a where binding may not shadow a parameter", async () => {
    const e = await failure("f :: Int -> Int\nf x = x where\n  x = 1", "f");
    expect(e.message).toBe("where-clause binding shadows function parameter: x");
  });
  test("a name bound twice in one where block", async () => {
    const e = await failure("f :: Int -> Int\nf x = y where\n  y = 1\n  y = 2", "f");
    expect(e.message).toBe("duplicate binding in where-clause: y");
  });
});
