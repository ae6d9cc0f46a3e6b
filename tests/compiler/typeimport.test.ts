// Types imported and exported like terms (reference §1.5, §3.3–3.5), and which concrete mapping
// holds when several modules give one: a module's own overrides the ones it imports; two imported
// ones that differ conflict. In-memory modules; the C++ pool text shows the mapping used.
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import { CompileError } from "../../src/diagnostics";

const base = `module base (*)
type Cpp => Int = "int64_t"
type Cpp => List a = "std::vector<$1>" a
type Cpp => Map k v = "std::map<$1,$2>" k v
type Cpp => Tuple2 a b = "std::tuple<$1,$2>" a b
type Py => Int = "int"
type Py => Map k v = "dict" k v
instance Packable ([k], [v]) (Map k v) where
  source Cpp from "base.hpp" ("packMap" as pack, "unpackMap" as unpack)
  source Py from "base.py" ("packMap" as pack, "unpackMap" as unpack)
source Cpp from "base.hpp" ("inc")
inc :: Int -> Int
`;

function files(main: string, extra: Record<string, string> = {}) {
  return memoryHost({ "/m/main.loc": main, "/m/base.loc": base, "/m/base.hpp": "", "/m/base.py": "", "/m/f.hpp": "", ...extra });
}

async function cpp(main: string, extra?: Record<string, string>): Promise<string> {
  const out = await compileToProgram("/m/main.loc", files(main, extra));
  const file = out.files.find((f) => f.path === out.cppMain);
  return typeof file?.contents === "string" ? file.contents : "";
}

async function failure(main: string, extra?: Record<string, string>): Promise<CompileError> {
  try {
    await compileToProgram("/m/main.loc", files(main, extra));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

test("a type imported by name brings its concrete mappings and its packer", async () => {
  const text = await cpp(`module main (f)\nimport base (Map, Int, inc)\nsource Cpp from "f.hpp" ("bump")\nbump :: Map Int Int -> Map Int Int\nf :: Map Int Int -> Map Int Int\nf m = bump m\n`);
  expect(text).toContain("std::map<int64_t,int64_t>");
  expect(text).toContain("struct Codec<std::map<int64_t,int64_t>>");
  expect(text).toContain("packMap");
});

test("a type re-exported by a module that imports it can be imported from there", async () => {
  const text = await cpp(
    `module main (f)\nimport hub (Map, g)\nf :: Map Int Int -> Map Int Int\nf m = g m\n`,
    { "/m/hub.loc": `module hub (g, Map)\nimport base\nsource Cpp from "f.hpp" ("g")\ng :: Map Int Int -> Map Int Int\n` },
  );
  expect(text).toContain("std::map<int64_t,int64_t>");
});

test("records are exported and imported by name", async () => {
  const text = await cpp(
    `module main (f)\nimport recs (Pt, shift)\nf :: Pt -> Pt\nf p = shift p\n`,
    { "/m/recs.loc": `module recs (Pt, shift)\nimport base (Int)\nrecord Pt = Pt {x :: Int, y :: Int}\nrecord Cpp => Pt = "struct"\nsource Cpp from "f.hpp" ("shift")\nshift :: Pt -> Pt\n` },
  );
  expect(text).toContain("struct mlc_record_Pt {");
});

test("importing a type the module neither defines nor exports is an error at the import item", async () => {
  const e = await failure(`module main (f)\nimport hub (g, Secret)\nf :: Int -> Int\nf x = g x\n`, {
    "/m/hub.loc": `module hub (g)\nimport base (Int)\ntype Cpp => Secret = "int"\nsource Cpp from "f.hpp" ("g")\ng :: Int -> Int\n`,
  });
  expect(e.code).toBe("ImportExportError");
  expect(e.message).toContain("[Secret]");
  expect([e.span!.file, e.span!.line, e.span!.col]).toEqual(["/m/main.loc", 2, 16]);
});

test("a module's own concrete type overrides the one it imports, for the whole pool", async () => {
  const text = await cpp(`module main (f)\nimport base (inc)\ntype Cpp => Int = "int"\nf :: [Int] -> Int\nf xs = inc 1\n`);
  expect(text).toContain("std::vector<int>");
  expect(text).not.toContain("int64_t");
});

test("an imported module's override holds beside a module that imports the overridden one", async () => {
  // narrow imports base and overrides its Int; main imports both narrow and base
  const text = await cpp(`module main (f)\nimport base (inc)\nimport narrow (twice)\nf :: Int -> Int\nf x = twice (inc x)\n`, {
    "/m/narrow.loc": `module narrow (twice)\nimport base (Int)\ntype Cpp => Int = "int"\nsource Cpp from "f.hpp" ("twice")\ntwice :: Int -> Int\n`,
  });
  expect(text).toContain("static int m");
});

test("two different mappings from two imported modules conflict", async () => {
  const e = await failure(`module main (f)\nimport a (g)\nimport b (h)\nf :: Int -> Int\nf x = g (h x)\n`, {
    "/m/a.loc": `module a (g)\ntype Cpp => Int = "int"\nsource Cpp from "f.hpp" ("g")\ng :: Int -> Int\n`,
    "/m/b.loc": `module b (h)\ntype Cpp => Int = "long"\nsource Cpp from "f.hpp" ("h")\nh :: Int -> Int\n`,
  });
  expect(e.code).toBe("ConflictingTypeAliases");
  expect(e.message).toBe("two different Cpp types are given for Int");
  expect([e.span!.file, e.span!.line]).toEqual(["/m/b.loc", 2]);
  expect(e.hint).toContain("/m/a.loc:2:1");
});

test("the importing module settles a conflict between its imports with its own mapping", async () => {
  const text = await cpp(`module main (f)\nimport a (g)\nimport b (h)\ntype Cpp => Int = "short"\nf :: Int -> Int\nf x = g (h x)\n`, {
    "/m/a.loc": `module a (g)\ntype Cpp => Int = "int"\nsource Cpp from "f.hpp" ("g")\ng :: Int -> Int\n`,
    "/m/b.loc": `module b (h)\ntype Cpp => Int = "long"\nsource Cpp from "f.hpp" ("h")\nh :: Int -> Int\n`,
  });
  expect(text).toContain("static short m");
});

test("a plain record's C++ codec comes after the codec of its Map field", async () => {
  const text = await cpp(`module main (f)\nimport base (Map, Int)\nrecord E = E {m :: Map Int Int}\nrecord Cpp => E = "struct"\nsource Cpp from "f.hpp" ("g")\ng :: E -> E\nf :: E -> E\nf e = g e\n`);
  const mapCodec = text.indexOf("struct Codec<std::map<int64_t,int64_t>>");
  const recCodec = text.indexOf("struct Codec<mlc_record_E>");
  expect(mapCodec).toBeGreaterThan(0);
  expect(recCodec).toBeGreaterThan(mapCodec);
  expect(text.indexOf("struct mlc_record_E {")).toBeLessThan(text.indexOf('#include "/m/f.hpp"'));
});

test("a type imported under another name stands for the imported type", async () => {
  const text = await cpp(`module main (f)\nimport base (Map as Dict, Int)\nsource Cpp from "f.hpp" ("bump")\nbump :: Dict Int Int -> Dict Int Int\nf :: Dict Int Int -> Dict Int Int\nf m = bump m\n`);
  expect(text).toContain("std::map<int64_t,int64_t>");
  expect(text).toContain("struct Codec<std::map<int64_t,int64_t>>");
});

test("a packed type without parameters whose packed form is a record comes after the record's codec", async () => {
  const text = await cpp(`module main (f)\nimport base (Int)\nrecord Pt = Pt {x :: Int}\nrecord Cpp => Pt = "struct"\ntype Cpp => Wrapped = "Wrapped"\ninstance Packable (Pt) Wrapped where\n  source Cpp from "f.hpp" ("wrap" as pack, "unwrap" as unpack)\nsource Cpp from "f.hpp" ("g")\ng :: Wrapped -> Wrapped\nf :: Wrapped -> Wrapped\nf w = g w\n`);
  const recCodec = text.indexOf("struct Codec<mlc_record_Pt>");
  expect(recCodec).toBeGreaterThan(0);
  expect(text.indexOf("struct Codec<Wrapped>")).toBeGreaterThan(recCodec);
});
