// `morloc install` and `morloc list`: an installed module is listed and importable; the bundled
// library is listed without any install step.
import { expect, test } from "bun:test";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const morloc = resolve(import.meta.dir, "../../dist/morloc");

test("install a module folder, list it beside the bundled library, import it", () => {
  const home = mkdtempSync(join(tmpdir(), "morloc-list-"));
  try {
    const env = { ...process.env, XDG_DATA_HOME: join(home, "data") };
    const mod = join(home, "greet");
    mkdirSync(mod);
    writeFileSync(join(mod, "main.loc"), 'module greet (hello)\nhello :: Str\nhello = "hi"\n');
    const inst = Bun.spawnSync([morloc, "install", mod], { env });
    expect(inst.exitCode).toBe(0);
    const list = Bun.spawnSync([morloc, "list"], { env }).stdout.toString();
    expect(list).toMatch(/^greet\s+installed\s/m);
    for (const m of ["prelude", "types", "conventions", "base", "pybase", "cppbase", "rbase", "math"]) expect(list).toMatch(new RegExp(`^${m}\\s+bundled\\s`, "m"));
    const user = join(home, "user");
    mkdirSync(user);
    writeFileSync(join(user, "main.loc"), "module main (hello)\nimport greet (hello)\n");
    const tc = Bun.spawnSync([morloc, "typecheck", "main.loc"], { env, cwd: user });
    expect(tc.stderr.toString()).toBe("");
    expect(tc.stdout.toString()).toContain("hello :: Str");
    const bad = Bun.spawnSync([morloc, "install", user + "/nothing"], { env });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr.toString()).toContain("not a folder");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
