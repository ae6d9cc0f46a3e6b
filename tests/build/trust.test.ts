// The trust rule for morloc's caches (src/trust.ts, docs/architecture.md "Trusted folders"): made
// 0700, never used when another user owns them, group/others can write them, or they are symbolic
// links. The cases with another user run as root, with a second user the test creates.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkTrusted, privateFolder, UntrustedPath } from "../../src/trust";

const work = mkdtempSync(join(tmpdir(), "morloc-trust-"));
chmodSync(work, 0o755); // so the other user can reach what the tests give them
afterAll(() => rmSync(work, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;

/** The uid of a second user, made for the test when root (useradd), else null. */
function otherUser(): number | null {
  if (!isRoot) return null;
  const name = "morloc-probe";
  if (Bun.spawnSync(["id", "-u", name]).exitCode !== 0) Bun.spawnSync(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name]);
  const id = Bun.spawnSync(["id", "-u", name]);
  return id.exitCode === 0 ? Number(id.stdout.toString().trim()) : 65534;
}
const other = otherUser();

describe("privateFolder", () => {
  test("makes each missing folder with mode 0700", () => {
    const base = join(work, "home1");
    const p = privateFolder(join(base, "morloc", "nexus"), base);
    expect(statSync(p).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, "morloc")).mode & 0o777).toBe(0o700);
  });

  test("refuses a folder that group or others can write", () => {
    const base = join(work, "home2");
    mkdirSync(join(base, "morloc"), { recursive: true });
    chmodSync(join(base, "morloc"), 0o777);
    expect(() => privateFolder(join(base, "morloc", "cpp"), base)).toThrow(/group or others can write it/);
  });

  test("never follows a symbolic link, even to a good folder", () => {
    const base = join(work, "home3");
    mkdirSync(join(base, "morloc"), { recursive: true });
    mkdirSync(join(work, "elsewhere"), { mode: 0o700 });
    symlinkSync(join(work, "elsewhere"), join(base, "morloc", "nexus"));
    expect(() => privateFolder(join(base, "morloc", "nexus"), base)).toThrow(/symbolic link/);
    expect(() => checkTrusted(join(base, "morloc", "nexus"), "folder")).toThrow(UntrustedPath);
  });

  test.skipIf(other === null)("refuses a folder another user made first", () => {
    const base = join(work, "home4");
    mkdirSync(join(base, "morloc", "nexus"), { recursive: true, mode: 0o700 });
    chownSync(join(base, "morloc"), other!, other!);
    expect(() => privateFolder(join(base, "morloc", "nexus"), base)).toThrow(/belongs to another user/);
  });
});

describe.skipIf(other === null)("a nexus and morloc make with caches planted by another user", () => {
  const morloc = resolve(import.meta.dir, "../../dist/morloc");
  const mod = join(work, "mod");
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, "main.loc"), 'module m (inc, dbl)\nimport types (Int)\nsource Py from "inc.py" ("inc")\nsource Cpp from "dbl.hpp" ("dbl")\ninc :: Int -> Int\ndbl :: Int -> Int\n');
  writeFileSync(join(mod, "inc.py"), "def inc(x):\n    return x + 1\n");
  writeFileSync(join(mod, "dbl.hpp"), "#pragma once\ninline int64_t dbl(int64_t x) { return 2 * x; }\n");

  test("a planted C++ compile cache is skipped with a warning; the pool is compiled afresh", () => {
    const cache = join(work, "cache-make");
    mkdirSync(join(cache, "morloc", "cpp"), { recursive: true });
    chownSync(join(cache, "morloc", "cpp"), other!, other!);
    const p = Bun.spawnSync([morloc, "make", "-o", join(work, "nx1"), "main.loc"], { cwd: mod, env: { ...process.env, XDG_CACHE_HOME: cache } });
    expect(p.exitCode).toBe(0);
    expect(p.stderr.toString()).toContain("not using the C++ pool cache");
    const run = Bun.spawnSync([join(work, "nx1"), "dbl", "21"], { env: { ...process.env, XDG_CACHE_HOME: join(work, "cache-run1") } });
    expect(run.stdout.toString()).toBe("42\n");
  }, 120_000);

  test("a nexus refuses an unpack folder another user owns, or a symbolic link, with exit 3 naming it", () => {
    const nexus = join(work, "nx1");
    const owned = join(work, "cache-owned");
    mkdirSync(join(owned, "morloc", "nexus"), { recursive: true, mode: 0o755 });
    chownSync(join(owned, "morloc", "nexus"), other!, other!);
    const a = Bun.spawnSync([nexus, "inc", "1"], { env: { ...process.env, XDG_CACHE_HOME: owned } });
    expect(a.exitCode).toBe(3);
    expect(a.stderr.toString()).toContain(join(owned, "morloc", "nexus"));
    expect(a.stderr.toString()).toContain("another user");

    const linked = join(work, "cache-link");
    mkdirSync(join(linked, "morloc"), { recursive: true });
    mkdirSync(join(work, "planted"), { mode: 0o777 });
    chownSync(join(work, "planted"), other!, other!);
    symlinkSync(join(work, "planted"), join(linked, "morloc", "nexus"));
    const b = Bun.spawnSync([nexus, "inc", "1"], { env: { ...process.env, XDG_CACHE_HOME: linked } });
    expect(b.exitCode).toBe(3);
    expect(b.stderr.toString()).toContain("symbolic link");
    expect(existsSync(join(work, "planted", "manifest.json"))).toBe(false);

    // and a clean cache works, and is private
    const fresh = join(work, "cache-fresh");
    const c = Bun.spawnSync([nexus, "inc", "1"], { env: { ...process.env, XDG_CACHE_HOME: fresh } });
    expect(c.stdout.toString()).toBe("2\n");
    expect(statSync(join(fresh, "morloc", "nexus")).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(work, "mod", "inc.py"), "utf8")).toContain("x + 1");
  }, 60_000);

  test("an unpack folder <hash>/ that another user made first, or that others can write, is never run from", () => {
    const nexus = join(work, "nx1");
    // learn the folder name from a clean first run
    const clean = join(work, "cache-hash");
    expect(Bun.spawnSync([nexus, "inc", "1"], { env: { ...process.env, XDG_CACHE_HOME: clean } }).stdout.toString()).toBe("2\n");
    const hash = readdirSync(join(clean, "morloc", "nexus")).find((n) => !n.startsWith("."))!;
    // the same folder, planted: every file copied, pool.py edited to leave a mark, then
    // (a) owned by another user and world-writable, (b) ours but world-writable
    const plant = (name: string, owner: number | null) => {
      const root = join(work, name, "morloc", "nexus");
      mkdirSync(root, { recursive: true, mode: 0o700 });
      const dir = join(root, hash);
      cpSync(join(clean, "morloc", "nexus", hash), dir, { recursive: true });
      const mark = join(work, `${name}-ran`);
      writeFileSync(join(dir, "pool.py"), `open(${JSON.stringify(mark)}, "w").write("planted code ran")\n` + readFileSync(join(dir, "pool.py"), "utf8"));
      chmodSync(dir, 0o777);
      if (owner !== null) chownSync(dir, owner, owner);
      return { cache: join(work, name), dir, mark };
    };
    for (const [name, owner, why] of [["cache-hash-other", other!, "another user"], ["cache-hash-open", null, "group or others can write it"]] as const) {
      const p = plant(name, owner);
      const r = Bun.spawnSync([nexus, "inc", "1"], { env: { ...process.env, XDG_CACHE_HOME: p.cache } });
      expect(r.exitCode).toBe(3);
      expect(r.stderr.toString()).toContain(p.dir);
      expect(r.stderr.toString()).toContain(why);
      expect(existsSync(p.mark)).toBe(false);
    }
  }, 60_000);
});
