// The R back end (src/codegen/r.ts) on small programs compiled in memory: what pool.R says, which
// files ship, and the manifest entry that starts the pool.
import { expect, test } from "bun:test";
import { compileToProgram } from "../../src/compile";
import { memoryHost } from "../../src/build/host";
import { rString } from "../../src/codegen/r";

async function compile(loc: string, files: Record<string, string> = {}) {
  const host = memoryHost({ "/p/main.loc": loc, ...files });
  return compileToProgram("/p/main.loc", host);
}

const poolR = (p: Awaited<ReturnType<typeof compile>>) => p.files.find((f) => f.path === "pool.R")!.contents as string;

test("an R-only program: manifolds, sourced file shipped, builtins by name, literals", async () => {
  const p = await compile(
    `module m (f, g)
source R from "lib.R" ("addTo", "if" as cond)
source R ("paste0")
addTo :: Int -> [Int] -> [Int]
cond :: Bool -> Str
paste0 :: Str -> Str -> Str
f xs = addTo 5 (addTo 3000000000 xs)
g b = paste0 (cond b) "λq"
`,
    { "/p/lib.R": "addTo <- function(k, xs) xs + k\n" },
  );
  expect(p.manifest.pools.r).toEqual(["Rscript", "{dir}/pool.R"]);
  expect(p.files.find((f) => f.path === "src/r0/lib.R")?.contents).toContain("addTo <- function");
  const text = poolR(p);
  expect(text).toContain('.morloc$source_user(.mlc_here, "src/r0/lib.R")');
  expect(text).toContain("addTo(5L, addTo(3000000000, xs");
  expect(text).toContain("`if`(b");
  expect(text).toContain('paste0(`if`(b');
  expect(text).toContain('"\\U{3bb}q"');
  expect(text).toMatch(/\.morloc\$serve\(list\(\n {2}list\(id = 1L, fn = \.m1, args = c\("ai8"\), ret = "ai8", name = "f"\),/);
});

test("a C++ map over an R function: the R manifold is called through foreign_call from C++", async () => {
  const p = await compile(
    `module m (h)
source Cpp from "map.hpp" ("map")
source R from "lib.R" ("inc", "rsum")
type Cpp => Real = "double"
type Cpp => List a = "std::vector<$1>" a
map a b :: (a -> b) -> [a] -> [b]
inc :: Real -> Real
rsum :: [Real] -> Real
h xs = rsum (map inc xs)
`,
    { "/p/lib.R": "inc <- function(x) x + 1\nrsum <- function(xs) sum(xs)\n", "/p/map.hpp": "#pragma once\n" },
  );
  const text = poolR(p);
  expect(Object.keys(p.manifest.pools).sort()).toEqual(["cpp", "r"]);
  expect(text).toMatch(/rsum\(\.morloc\$foreign_call\("cpp", \d+L, list\(xs\w*\), c\("af8"\), "af8"\)\)/);
  expect(text).toMatch(/\.m\d+ <- function\(\w+\) \{\n {2}inc\(\w+\)\n\}/);
});

test("R string literals are ASCII with escapes", () => {
  expect(rString('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
  expect(rString("é😀")).toBe('"\\U{e9}\\U{1f600}"');
});
