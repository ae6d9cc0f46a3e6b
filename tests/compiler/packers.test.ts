// Packable instances written for one key type (`Map Str val`): which instance serves a use, and the
// positioned error when none does. In-memory modules, no g++: the generated C++ text is read.
import { describe, expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import { CompileError } from "../../src/diagnostics";

const head = `
type Cpp => Int = "int64_t"
type Cpp => Str = "std::string"
type Cpp => List a = "std::vector<$1>" a
type Cpp => Tuple2 a b = "std::tuple<$1,$2>" a b
type Cpp => Map a b = "std::map<$1,$2>" a b
source Cpp from "m.hpp" ("insert")
insert a b :: Map a b -> a -> b -> Map a b
`;

function host(body: string, exports: string) {
  return memoryHost({ "/m/main.loc": `module main (${exports})\n${head}\n${body}\n`, "/m/m.hpp": "", "/m/g.hpp": "", "/m/s.hpp": "" });
}

async function cppText(body: string, exports: string): Promise<string> {
  const p = await compileToProgram("/m/main.loc", host(body, exports));
  return String(p.files.find((f) => f.path === "pool.cpp")!.contents);
}

async function failure(body: string, exports: string): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", host(body, exports));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

const strOnly = `
instance Packable ([Str], [val]) (Map Str val) where
  source Cpp from "s.hpp" ("packS" as pack, "unpackS" as unpack)
`;
const general = `
instance Packable ([key], [val]) (Map key val) where
  source Cpp from "g.hpp" ("packG" as pack, "unpackG" as unpack)
`;

describe("Packable instances for a specific key type", () => {
  test("a generic signature used at Map Str Int finds the instance written for Str keys", async () => {
    const cpp = await cppText(`${strOnly}\ngo :: Map Str Int -> Str -> Int -> Map Str Int\ngo m k v = insert m k v`, "go");
    expect(cpp).toContain("struct Codec<std::map<std::string,int64_t>>");
    expect(cpp).toContain("unpackS<int64_t>(v)");
    expect(cpp).toContain("packS<int64_t>(");
  });

  test("the more specific instance wins over a general one, whatever the order", async () => {
    for (const both of [strOnly + general, general + strOnly]) {
      const cpp = await cppText(`${both}\ngo :: Map Str Int -> Str -> Int -> Map Str Int\ngo m k v = insert m k v\nhi :: Map Int Int -> Int -> Int -> Map Int Int\nhi m k v = insert m k v`, "go, hi");
      expect(cpp).toContain("unpackS<int64_t>(v)");
      // integer keys are only covered by the general instance
      expect(cpp).toContain("unpackG<int64_t, int64_t>(v)");
      expect(cpp).not.toContain("unpackG<std::string");
    }
  });

  test("a use that no instance covers is a positioned compile error", async () => {
    const e = await failure(`${strOnly}\ngo :: Map Int Int -> Int -> Int -> Map Int Int\ngo m k v = insert m k v`, "go");
    expect(e.code).toBe("SerializationError");
    expect(e.message).toBe("no Packable instance covers Map Int Int: the instances given are for Map Str val");
    expect(e.span?.file).toBe("/m/main.loc");
    expect(e.span?.line).toBeGreaterThan(1);
  });

  test("a type that has packers in another language only names the missing C++ function", async () => {
    const pyOnly = `
type Py => Map a b = "dict" a b
instance Packable ([key], [val]) (Map key val) where
  source Py from "p.py" ("packP" as pack, "unpackP" as unpack)
`;
    const e = await failure(`${strOnly}${pyOnly}\ngo :: Map Int Int -> Int -> Int -> Map Int Int\ngo m k v = insert m k v`, "go");
    expect(e.code).toBe("SerializationError");
    expect(e.message).toContain("no C++ pack function is given for Map Int Int");
    expect(e.span?.line).toBeGreaterThan(1);
  });
});
