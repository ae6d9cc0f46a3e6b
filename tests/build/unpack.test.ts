// The one-time unpacking of a nexus payload (src/nexus/payload.ts): concurrent first runs all get a
// complete folder, and a folder damaged by hand (no manifest) is replaced, never deleted under a
// run that has just completed it.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Payload, unpackPayload } from "../../src/nexus/payload";

const work = mkdtempSync(join(tmpdir(), "morloc-unpack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function payload(hash: string): Payload {
  const files = Array.from({ length: 20 }, (_, i) => {
    const file = join(work, `${hash}-src-${i}`);
    writeFileSync(file, `file ${i} `.repeat(2000));
    return { path: i % 2 ? `sub/f${i}` : `f${i}`, file, executable: i === 0 };
  });
  return { hash, manifest: JSON.stringify({ module: hash }), files };
}

function complete(dir: string, p: Payload): boolean {
  return existsSync(join(dir, "manifest.json")) && p.files.every((f) => existsSync(join(dir, f.path)));
}

test("concurrent first unpacks all return a complete folder, and no temporary folder is left", async () => {
  const root = join(work, "race");
  const p = payload("race");
  for (let round = 0; round < 5; round++) {
    rmSync(root, { recursive: true, force: true });
    const dirs = await Promise.all(Array.from({ length: 12 }, () => unpackPayload(p, root)));
    for (const d of dirs) expect(complete(d, p)).toBe(true);
    expect(readdirSync(root)).toEqual(["race"]);
  }
});

test("a folder without its manifest is replaced by a complete one", async () => {
  const root = join(work, "damaged");
  const p = payload("dmg");
  mkdirSync(join(root, "dmg"), { recursive: true, mode: 0o700 });
  writeFileSync(join(root, "dmg", "junk"), "left by hand");
  const dir = await unpackPayload(p, root);
  expect(complete(dir, p)).toBe(true);
  expect(existsSync(join(dir, "junk"))).toBe(false);
  expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).module).toBe("dmg");
  expect(readdirSync(root)).toEqual(["dmg"]);
});
