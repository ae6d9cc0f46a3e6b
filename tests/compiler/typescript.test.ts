// TypeScript as a pool language in the compiler: its names, selection's costs and the plan.
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
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
