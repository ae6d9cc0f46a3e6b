// The output-path rule of `morloc make -o` (docs/architecture.md, "The output path"): a regular file
// or nothing, never the input or a source of the module; anything else is refused with exit 2 and
// left as it was.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-output-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LOC = 'module m (inc)\nsource Py from "inc.py" ("inc")\ninc :: Int -> Int\n';
writeFileSync(join(work, "main.loc"), LOC);
writeFileSync(join(work, "inc.py"), "def inc(x):\n    return x + 1\n");

function make(out: string) {
  const p = Bun.spawnSync([morloc, "make", "-o", out, "main.loc"], { cwd: work, env: { ...process.env, XDG_CACHE_HOME: join(work, "cache") } });
  return { code: p.exitCode, err: p.stderr.toString() };
}

test("-o naming the module's own input is refused, and the input is kept", () => {
  const r = make("main.loc");
  expect(r.code).toBe(2);
  expect(r.err).toContain("will not write the nexus to main.loc");
  expect(readFileSync(join(work, "main.loc"), "utf8")).toBe(LOC);
});

test("-o naming a sourced file, even through another path, is refused", () => {
  const r = make("./sub/../inc.py");
  expect(r.code).toBe(2);
  expect(r.err).toContain("a file of the module");
  expect(readFileSync(join(work, "inc.py"), "utf8")).toContain("def inc");
});

test("-o naming a device, a folder or a symbolic link is refused", () => {
  const devNull = make("/dev/null");
  expect(devNull.code).toBe(2);
  expect(devNull.err).toContain("not a regular file");
  expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  mkdirSync(join(work, "dir"));
  expect(make("dir").code).toBe(2);
  symlinkSync(join(work, "main.loc"), join(work, "link"));
  const link = make("link");
  expect(link.code).toBe(2);
  expect(link.err).toContain("symbolic link");
  expect(readFileSync(join(work, "main.loc"), "utf8")).toBe(LOC);
});

test("-o over an earlier nexus (a regular file) replaces it", () => {
  writeFileSync(join(work, "old-nexus"), "old");
  expect(make("old-nexus").code).toBe(0);
  expect(readFileSync(join(work, "old-nexus")).length).toBeGreaterThan(1000);
  expect(existsSync(join(work, "fresh-nexus"))).toBe(false);
  expect(make("fresh-nexus").code).toBe(0);
}, 60_000);
