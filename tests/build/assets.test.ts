// The compiler's runtime assets: what a checkout provides, and the bundled library unpacked into a
// real folder (module search needs one) when the assets are embedded in dist/morloc.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundledLibraryDir, hashFiles, readAsset, repoAssets, under, type Assets } from "../../src/build/assets";

const work = mkdtempSync(join(tmpdir(), "morloc-assets-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("a checkout provides the Python package, the C++ headers and the nexus runtime", async () => {
  const a = await repoAssets();
  expect(a.origin).toBe("repo");
  expect(under(a, "pools/python/morloc/").map((f) => f.path)).toContain("pools/python/morloc/pool.py");
  expect(under(a, "pools/cpp/morloc/").length).toBeGreaterThan(0);
  expect(a.files.some((f) => f.path.includes("__pycache__"))).toBe(false);
  const rt = new TextDecoder().decode(await readAsset(a, "nexus-runtime.js"));
  expect(rt).toContain("nexusMain");
}, 30000);

test("an embedded library is unpacked once into a folder named by its hash", async () => {
  mkdirSync(join(work, "src/base"), { recursive: true });
  writeFileSync(join(work, "src/base/main.loc"), "module base (id)\nid x = x\n");
  const files = [{ path: "lib/base/main.loc", file: join(work, "src/base/main.loc") }];
  const assets: Assets = { origin: "embedded", files, libHash: await hashFiles(files) };
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = join(work, "cache");
  try {
    const dir = await bundledLibraryDir(assets);
    expect(dir).toBe(join(work, "cache/morloc/lib", assets.libHash));
    expect(readFileSync(join(dir!, "base/main.loc"), "utf8")).toContain("module base");
    expect(await bundledLibraryDir(assets)).toBe(dir);
    expect(await bundledLibraryDir({ ...assets, files: [] })).toBeNull();
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
});
