// Local npm dependencies of a user's TypeScript (src/build/tsdeps.ts): a package that the nearest
// package.json names as file:/link: resolves to its folder's entry with no install; others are left to Bun.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localDependencies, localDependency } from "../../src/build/tsdeps";

const work = mkdtempSync(join(tmpdir(), "morloc-tsdeps-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(path: string, text: string) {
  mkdirSync(join(work, path, ".."), { recursive: true });
  writeFileSync(join(work, path), text);
}

file("package.json", JSON.stringify({ dependencies: { a: "file:./pkgs/a", "@s/b": "link:pkgs/b", c: "^1.0.0" } }));
file("pkgs/a/package.json", JSON.stringify({ name: "a", exports: { ".": { import: "./esm.js", require: "./cjs.js" }, "./extra": "./more/extra.js" } }));
file("pkgs/a/esm.js", "export const a = 'a-esm';\n");
file("pkgs/a/more/extra.js", "export const extra = 'extra';\n");
file("pkgs/b/package.json", JSON.stringify({ name: "@s/b", main: "lib/main" }));
file("pkgs/b/lib/main.ts", "export const b = 'b-main';\n");
file("pkgs/b/util.ts", "export const u = 'b-util';\n");

test("a file: or link: dependency names its folder; a registry one and an unnamed one do not", () => {
  const importer = join(work, "src", "x.ts");
  expect(localDependency(importer, "a")).toBe(join(work, "pkgs", "a"));
  expect(localDependency(importer, "@s/b")).toBe(join(work, "pkgs", "b"));
  expect(localDependency(importer, "c")).toBeNull();
  expect(localDependency(importer, "d")).toBeNull();
});

test("bundles exports, main without extension and subpaths; a registry package not installed stays a resolve error", async () => {
  file("src/x.ts", 'import { a } from "a";\nimport { extra } from "a/extra";\nimport { b } from "@s/b";\nimport { u } from "@s/b/util";\nexport const all = [a, extra, b, u].join(",");\n');
  const r = await Bun.build({ entrypoints: [join(work, "src", "x.ts")], target: "bun", outdir: join(work, "out"), plugins: [localDependencies] });
  expect(r.success).toBe(true);
  const mod = await import(join(work, "out", "x.js"));
  expect(mod.all).toBe("a-esm,extra,b-main,b-util");

  file("src/y.ts", 'import { c } from "c";\nexport const y = c;\n');
  const bad = await Bun.build({ entrypoints: [join(work, "src", "y.ts")], target: "bun", outdir: join(work, "out2"), plugins: [localDependencies] }).catch((e) => e);
  const logs = bad instanceof AggregateError ? bad.errors : bad.logs;
  expect(String(logs.map(String))).toContain('Could not resolve: "c"');
});
