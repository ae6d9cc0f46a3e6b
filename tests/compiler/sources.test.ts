// Which user files a program's pools load, ship or include: the modules that sourced Python files
// import, the R files they source, and the files that define object classes (in-memory, no g++).
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";

const paths = (files: { path: string }[]) => files.map((f) => f.path).sort();
const text = (files: { path: string; contents: string | Uint8Array }[], path: string) => String(files.find((f) => f.path === path)?.contents);

test("the Python modules that a sourced file imports from its folder ship with it", async () => {
  const program = await compileToProgram(
    "/m/main.loc",
    memoryHost({
      "/m/main.loc": `module main (f)\nsource Py from "json.py" ("f")\nf :: Int -> Int\n`,
      "/m/json.py": "import json, helper as h\nfrom pkg.sub import g\nimport os.path\n    from nosuch import x\ndef f(x): return x\n",
      "/m/helper.py": "from pkg import other\n",
      "/m/pkg/__init__.py": "",
      "/m/pkg/sub.py": "from .deep import y\nfrom . import leaf\n",
      "/m/pkg/deep.py": "y = 1\n",
      "/m/pkg/leaf.py": "",
      "/m/pkg/other.py": "",
      "/m/unused.py": "",
    }),
  );
  expect(paths(program.files).filter((p) => p.startsWith("src/"))).toEqual(
    ["src/0/helper.py", "src/0/json.py", "src/0/pkg/__init__.py", "src/0/pkg/deep.py", "src/0/pkg/leaf.py", "src/0/pkg/other.py", "src/0/pkg/sub.py"],
  );
});

test("the R files that a sourced R file sources from its folder ship, not sourced again by the pool", async () => {
  const program = await compileToProgram(
    "/m/main.loc",
    memoryHost({
      "/m/main.loc": `module main (f)\nsource R from "a.R" ("f")\nf :: Int -> Int\n`,
      "/m/a.R": `source("lib/b.R")\nsource(file = './c.R')\nsource("/abs/x.R")\nf <- function(x) x\n`,
      "/m/lib/b.R": `source("d.R")\n`,
      "/m/c.R": "",
      "/m/d.R": "",
    }),
  );
  expect(paths(program.files).filter((p) => p.startsWith("src/"))).toEqual(["src/r0/a.R", "src/r0/c.R", "src/r0/d.R", "src/r0/lib/b.R"]);
  const pool = text(program.files, "pool.R");
  expect(pool).toContain(`"src/r0/a.R"`);
  expect(pool).not.toContain(`"src/r0/c.R"`);
  expect(pool).toContain(`.morloc$check_sourced(c("f"), c("a.R"), c("/m/main.loc:2:22"))`);
});

const objects = (extra: string) => `module main (f)
object (P a) = P {name :: Str, info :: a}
object Py => (P a) = "PObj"
object Cpp => (P a) = "PObj"
type Cpp => Int = "int64_t"
type Cpp => Str = "std::string"
${extra}
same a :: a -> a
f :: P Int -> P Int
f p = same p
`;

test("an object's class comes from the file whose source statement names it, though none of its functions is called", async () => {
  const files = { "/m/p.py": "", "/m/p.hpp": "", "/m/ops.hpp": "", "/m/ops.py": "" };
  const py = await compileToProgram("/m/main.loc", memoryHost({ ...files, "/m/main.loc": objects(`source Py from "p.py" ("PObj" as P)\nsource Py from "ops.py" ("same")`) }));
  expect(text(py.files, "pool.py")).toContain(`_src.find(["src/0/p.py"], "PObj"`);
  const cpp = await compileToProgram("/m/main.loc", memoryHost({ ...files, "/m/main.loc": objects(`source Cpp from "p.hpp" ("PObj" as P)\nsource Cpp from "ops.hpp" ("same")`) }));
  const main = text(cpp.files, "pool.cpp");
  expect(main.indexOf(`#include "/m/p.hpp"`)).toBeGreaterThan(-1);
  expect(main.indexOf(`#include "/m/p.hpp"`)).toBeLessThan(main.indexOf(`#include "/m/ops.hpp"`));
});

test("a class that no source statement names is looked for in the files of the module that maps it", async () => {
  const files = { "/m/p.py": "", "/m/ops.py": "", "/m/p.hpp": "", "/m/ops.hpp": "" };
  const py = await compileToProgram("/m/main.loc", memoryHost({ ...files, "/m/main.loc": objects(`source Py from "p.py" ("other")\nsource Py from "ops.py" ("same")`) }));
  expect(text(py.files, "pool.py")).toContain(`_src.find(["src/0/p.py", "src/0/ops.py"], "PObj"`);
  // in C++ a header already included (ops.hpp) may be where the class lives: no other is added
  const cpp = await compileToProgram("/m/main.loc", memoryHost({ ...files, "/m/main.loc": objects(`source Cpp from "p.hpp" ("other")\nsource Cpp from "ops.hpp" ("same")`) }));
  expect(text(cpp.files, "pool.cpp")).not.toContain(`#include "/m/p.hpp"`);
});
