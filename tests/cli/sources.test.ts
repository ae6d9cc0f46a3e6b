// Source paths that cannot work are positioned make-time errors (issue 21 item 12), not a nexus that
// fails at every run: a Python source that is not a .py file, and a path holding a newline.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-sources-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function make(loc: string) {
  writeFileSync(join(work, "main.loc"), loc);
  const p = Bun.spawnSync([morloc, "make", "-o", join(work, "nexus"), "main.loc"], { cwd: work, env: { ...process.env, XDG_CACHE_HOME: join(work, "cache") } });
  return { code: p.exitCode, err: p.stderr.toString() };
}

test("a Python source without the .py extension is refused at its path", () => {
  writeFileSync(join(work, "helpers.txt"), "def f(x):\n    return x\n");
  const r = make('module m (f)\nimport types (Int)\nsource Py from "helpers.txt" ("f")\nf :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("main.loc:3:16");
  expect(r.err).toContain("a Python source must be a .py file");
  expect(existsSync(join(work, "nexus"))).toBe(false);
});

test("a newline in a source path is refused at its path, not an ENOENT in the build folder", () => {
  // written as the escape \n (a raw line break ends a plain string: that is a lexing error)
  const r = make('module m (f)\nimport types (Int)\nsource Py from "a\\nb.py" ("f")\nf :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("main.loc:3:16");
  expect(r.err).toContain("control character");
  expect(r.err).not.toContain("ENOENT");
  const raw = make('module m (f)\nimport types (Int)\nsource Py from "a\nb.py" ("f")\nf :: Int -> Int\n');
  expect(raw.code).toBe(2);
  expect(raw.err).toContain("main.loc:3:16: error: unterminated string literal");
});

test("a Python source with a syntax error is reported at its file, line and column (exit 2)", () => {
  writeFileSync(join(work, "broken.py"), "import os\n\ndef f(x):\n    return max(x,\n");
  const r = make('module m (f)\nimport types (Int)\nsource Py from "broken.py" ("f")\nf :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("broken.py:4:");
  expect(r.err).toContain("'(' was never closed");
  expect(r.err).toContain("return max(x,");
  expect(existsSync(join(work, "nexus"))).toBe(false);
});

test.skipIf(Bun.which("Rscript") === null)("an R source that does not parse is reported at its file, line and column (exit 2)", () => {
  writeFileSync(join(work, "broken.R"), "g <- function(x) {\n  x +* 2\n}\n");
  const r = make('module m (g)\nimport types (Int)\nsource R from "broken.R" ("g")\ng :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("broken.R:2:6");
  expect(r.err).toContain("unexpected '*'");
});

test("a TypeScript source that does not bundle is reported at its file, line and column (exit 2)", () => {
  writeFileSync(join(work, "broken.ts"), "export const f = (x: bigint) =>\n  x +;\n");
  let r = make('module m (f)\nimport types (Int)\nsource TS from "broken.ts" ("f")\nf :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("broken.ts:2:6");
  expect(r.err).toContain("Unexpected ;");
  expect(existsSync(join(work, "nexus"))).toBe(false);
  // an import that resolves nowhere, too
  writeFileSync(join(work, "lost.ts"), 'import { g } from "./gone";\nexport const f = g;\n');
  r = make('module m (f)\nimport types (Int)\nsource TS from "lost.ts" ("f")\nf :: Int -> Int\n');
  expect(r.code).toBe(2);
  expect(r.err).toContain("lost.ts:1:19");
  expect(r.err).toContain('Could not resolve: "./gone"');
});
