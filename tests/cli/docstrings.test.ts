// Make-time errors of `--'` docstring directives (language-head.md B.1): each is positioned at the
// directive's line and stops `morloc make` with status 2.

import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = join(resolve(import.meta.dir, "../.."), "dist", "morloc");

function make(body: string): { code: number; err: string } {
  const dir = mkdtempSync(join(tmpdir(), "morloc-doc-"));
  try {
    writeFileSync(join(dir, "f.py"), "def f(x, y):\n    return x\n");
    writeFileSync(join(dir, "main.loc"), `module m (f)\nimport types\nsource Py from "f.py" ("f")\n${body}\n`);
    const p = Bun.spawnSync([morloc, "make", "-o", join(dir, "nexus"), "main.loc"], { cwd: dir });
    return { code: p.exitCode ?? -1, err: p.stderr.toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases: [string, string, string][] = [
  ["a default of the wrong type", `f\n  --' arg: -n/--num\n  --' default: "x"\n  :: Int\n  -> Int\n  -> Int`, "main.loc:6:7: error: the default of"],
  ["a default that is not JSON", `f\n  --' arg: --num\n  --' default: abc\n  :: Int\n  -> Int\n  -> Int`, "default value is not valid JSON"],
  ["an option without a default", `f\n  --' arg: -n\n  :: Int\n  -> Int\n  -> Int`, "optional argument -n must be given a default value"],
  ["a positional with a default", `f\n  --' default: 1\n  :: Int\n  -> Int\n  -> Int`, "positional arguments are required and cannot take defaults"],
  ["an argument key in the preamble", `--' arg: -n\nf :: Int -> Int -> Int`, "docstring directive 'arg' cannot be used to describe a function"],
  ["two options with one long name", `f\n  --' arg: --v\n  --' default: 1\n  :: Int\n  --' arg: --v\n  --' default: 2\n  -> Int\n  -> Int`, "option long name '--v' is declared by arg:, arg:"],
  ["a digit as short option", `f\n  --' arg: -5\n  --' default: 1\n  :: Int\n  -> Int\n  -> Int`, "digits are forbidden because they collide with negative number arguments"],
  ["arg on a Bool", `f\n  --' arg: -b\n  --' default: true\n  :: Bool\n  -> Int\n  -> Int`, "'arg' cannot be used on a Bool parameter"],
  ["a no-op flag", `f\n  --' true: -b\n  --' default: true\n  :: Bool\n  -> Int\n  -> Int`, "is a no-op"],
  ["many on a non-list", `f\n  --' many: true\n  :: Int\n  -> Int\n  -> Int`, "'many' needs a list parameter"],
  ["many not last", `f\n  --' many: true\n  :: [Int]\n  -> Int\n  -> Int`, "'many' is allowed only on the last positional argument"],
  ["a directive above no parameter", `f :: Int -> Int -> Int\n--' @arg -x`, "main.loc:5:5: error: docstring directive 'arg' is not above a parameter"],
  ["stdin on a non-Str", `f\n  --' stdin: true\n  :: Int\n  -> Int\n  -> Int`, "'stdin' needs a Str parameter"],
];

for (const [what, body, message] of cases) {
  test(`make-time docstring error: ${what}`, () => {
    const r = make(body);
    expect(r.err).toContain(message);
    expect(r.code).toBe(2);
  }, 60_000);
}

test("a well-typed default compiles, in both spellings", () => {
  const r = make(`f\n  --' @arg -n/--num\n  --' @default 3\n  :: Int\n  --' arg: --y\n  --' default: 4\n  -> Int\n  -> Int`);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
}, 60_000);
