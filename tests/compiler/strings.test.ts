// Interpolated strings in the type checker, selection and generation (in-memory modules).
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import { CompileError } from "../../src/diagnostics";

const prelude = `
type Py => Str = "str"
type Cpp => Str = "std::string"
type R => Str = "character"
type Py => Int = "int"
type Cpp => Int = "int64_t"
type R => Int = "integer"
source Py from "f.py" ("show", "pyid")
source Cpp from "f.hpp" ("cppid")
source R from "f.R" ("rid")
show :: Int -> Str
pyid :: Str -> Str
cppid :: Str -> Str
rid :: Str -> Str
`;

function host(body: string) {
  return memoryHost({ "/m/main.loc": `module main (*)\n${prelude}\n${body}\n`, "/m/f.py": "def show(x): return str(x)\ndef pyid(s): return s\n", "/m/f.hpp": "", "/m/f.R": "rid <- function(s) s\n" });
}

async function failure(body: string): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

async function files(body: string): Promise<Map<string, string>> {
  const g = await compileToProgram("/m/main.loc", host(body));
  return new Map(g.files.map((f: { path: string; contents: string | Uint8Array }) => [f.path, String(f.contents)]));
}

test("a hole that is not a Str is a type error at the hole", async () => {
  const e = await failure("f :: Int -> Str\nf n = \"n=#{n}!\"");
  expect(e.code).toBe("TypeMismatch");
  expect(e.message).toContain("an interpolated hole");
  expect(e.message).toContain("expected Str, found Int");
  expect([e.span!.line, e.span!.col]).toEqual([prelude.split("\n").length + 3, 12]);
});

test("a hole holding a call of the right type is accepted", async () => {
  await compileToProgram("/m/main.loc", host("f :: Int -> Str\nf n = \"n=#{show n}!\""));
});

test("a NUL literal placed in R is refused at make time, at the literal", async () => {
  const e = await failure('f :: Str\nf = rid "a\\0b"');
  expect(e.message).toContain("R does not support embedded NUL bytes");
  expect([e.span!.line, e.span!.col]).toEqual([prelude.split("\n").length + 3, 9]);
});

test("each language prints the concatenation and a NUL-holding literal its own way", async () => {
  const py = await files('f :: Str -> Str\nf s = pyid "<#{pyid s}\\0>"');
  expect([...py.values()].join("\n")).toMatch(/\+ "\\u0000>"\)/);
  const cpp = await files('f :: Str -> Str\nf s = cppid "<#{cppid s}\\0>"');
  expect([...cpp.values()].join("\n")).toContain('std::string("\\000>", 2)');
  const r = await files('f :: Str -> Str\nf s = rid "<#{rid s}>"');
  expect([...r.values()].join("\n")).toContain('paste0(paste0("<", rid(s_0)), ">")');
});

test("a keyword operator cannot be sourced from R (it has none), at the source item", async () => {
  const e = await failure("source R (`and` as both)\nboth :: Str -> Str -> Str\nf :: Str -> Str\nf s = both s s");
  expect(e.message).toContain("R has no keyword operators");
});

test("only TypeScript's own keyword operators can be sourced from TypeScript, at the source item", async () => {
  const e = await failure("source TS (`and` as both)\nboth :: Str -> Str -> Str\nf :: Str -> Str\nf s = both s s");
  expect(e.message).toContain("`and` is not a TypeScript keyword operator");
  expect(e.span!.col).toBe(12);
});
