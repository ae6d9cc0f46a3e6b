// TypeScript as a pool language in the compiler: its names, selection's costs and the plan.
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { BACKENDS } from "../../src/codegen";
import { buildPlan } from "../../src/codegen/plan";
import { ts } from "../../src/codegen/ts";
import { parseModuleText } from "../../src/frontend";
import { resolve } from "../../src/resolve";
import { select } from "../../src/select";
import { etaExpand } from "../../src/types/eta";
import { typecheck } from "../../src/types/infer";

test("TS, ts, TypeScript and typescript all name TypeScript", () => {
  for (const name of ["TS", "ts", "TypeScript", "typescript"]) {
    const p = parseModuleText("/m/main.loc", `module main (f)\ntype ${name} => Real = "number"\nsource ${name} from "f.ts" ("f")\nf :: Real -> Real\n`);
    const items = p.modules[0]!.body as any[];
    expect(items.filter((i) => i.kind === "source" || i.kind === "typedef").map((i) => i.lang)).toEqual(["ts", "ts"]);
  }
});

async function selectedLangs(sources: string): Promise<string[]> {
  const text = `module main (f)\n${sources}\nf :: Real -> Real\n`;
  const host = memoryHost({ "/m/main.loc": text, "/m/f.ts": "", "/m/f.py": "", "/m/f.hpp": "", "/m/f.R": "" });
  const program = await resolve("/m/main.loc", {
    libraryDirs: host.searchPath(),
    parse: parseModuleText,
    readText: async (p) => ((await host.exists(p)) ? host.readFile(p) : undefined),
  });
  const checked = typecheck(program);
  return select(etaExpand(checked.commands)).map((c) => String(c.lang));
}

test("selection puts TS between C++ and Python", async () => {
  const types = `type Cpp => Real = "double"\ntype Py => Real = "float"\ntype TS => Real = "number"\ntype R => Real = "numeric"`;
  expect(await selectedLangs(`${types}\nsource TS from "f.ts" ("f")\nsource Py from "f.py" ("f")\nsource R from "f.R" ("f")`)).toEqual(["ts"]);
  expect(await selectedLangs(`${types}\nsource TS from "f.ts" ("f")\nsource Cpp from "f.hpp" ("f")`)).toEqual(["cpp"]);
});

async function printed(body: string): Promise<string> {
  const text = `module main (run)
type TS => Real = "number"
type TS => Int = "bigint"
type TS => List a = "Array<$1>" a
type Py => Int = "int"
source TS from "f.ts" ("map", "inc", "apply")
source Py from "f.py" ("pinc")
map a b :: (a -> b) -> [a] -> [b]
inc :: Int -> Int
apply :: (Int -> Int) -> Int -> Int
pinc :: Int -> Int
${body}
`;
  const host = memoryHost({ "/m/main.loc": text, "/m/f.ts": "", "/m/f.py": "" });
  const program = await resolve("/m/main.loc", {
    libraryDirs: host.searchPath(),
    parse: parseModuleText,
    readText: async (p) => ((await host.exists(p)) ? host.readFile(p) : undefined),
  });
  const checked = typecheck(program);
  const plan = buildPlan({ module: "main", commands: select(etaExpand(checked.commands)), scope: checked.scope }, BACKENDS);
  const pool = plan.pools.find((p) => p.lang === "ts")!;
  return ts.print(pool, plan)[0]!.contents as string;
}

test("the TS pool imports user files by path, writes Ints as bigints, and awaits only across", async () => {
  const local = await printed("run :: [Int] -> [Int]\nrun xs = map (\\x -> inc (apply inc -3)) xs");
  expect(local).toContain(`import * as _u0 from "/m/f.ts";`);
  expect(local).toContain(`find([{ file: "/m/f.ts", ns: _u0 as any }], "map", "/m/main.loc:6:`);
  expect(local).toContain("(-3n)");
  // a lambda that stays in TypeScript is a plain function; the manifold awaits the map
  expect(local).toMatch(/\(\(x_\d+: any\) => _f1\(_f2\(/);
  expect(local).toContain("(await settle(_f0(");
  const across = await printed("run :: [Int] -> [Int]\nrun xs = map (\\x -> pinc x) xs");
  // a lambda that calls Python is async and awaits the foreign call
  expect(across).toMatch(/\(async \(x_(\d+): any\) => \(await foreignCall\("py", 2, \[x_\1\], \["i8"\], "i8"\)\)\)/);
  expect(across).toContain(`await serve({ 1: [m1, ["ai8"], "ai8", "run"] });`);
});
