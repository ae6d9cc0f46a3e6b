// End to end through dist/morloc: the rows of rows.ts become one generated module per language
// (importing from cppbase or pybase only what the rows use), built once each, and every row runs
// as one command of that nexus. Run `npm run build` after changing lib/: dist/morloc embeds it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseModuleText } from "../../src/frontend/index";
import { cppRows, pyRows, rRows, tsRows, type Row } from "./rows";

const repo = resolve(import.meta.dir, "..", "..");
const morloc = join(repo, "dist", "morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-lib-"));
const env = { ...process.env, XDG_CACHE_HOME: join(work, "cache") };

/** The names a library module exports (its explicit export list). */
function exportsOf(mod: string): Set<string> {
  const file = join(repo, "lib", mod, "main.loc");
  const m = parseModuleText(file, readFileSync(file, "utf8")).modules[0] as any;
  return new Set((m.exports as { name: string }[]).map((e) => e.name));
}

/** The module text for a table: imports exactly the library names the declarations mention. */
export function moduleText(lib: string, rows: Row[]): string {
  const offered = exportsOf(lib);
  const used = new Set<string>();
  for (const r of rows) for (const w of r.decl.replace(/"[^"]*"/g, "").match(/[a-z][A-Za-z0-9']*/g) ?? []) {
    if (offered.has(w)) used.add(w);
  }
  const lines = [`module t (${rows.map((r) => r.name).join(", ")})`, `import ${lib} (${[...used].sort().join(", ")})`, ""];
  for (const r of rows) lines.push(`${r.name} :: ${r.sig}`, `${r.name} ${r.decl}`, "");
  return lines.join("\n");
}

async function run(cmd: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(cmd, { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

/** Newest modification time among the library files. */
function newestLibFile(dir = join(repo, "lib")): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestLibFile(p) : s.mtimeMs);
  }
  return t;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

test("dist/morloc is built and embeds the current lib/ (else run `npm run build`)", () => {
  expect(existsSync(morloc)).toBe(true);
  expect(statSync(morloc).mtimeMs).toBeGreaterThanOrEqual(newestLibFile());
});

const tables: [string, Row[]][] = [["cppbase", cppRows], ["pybase", pyRows], ["rbase", rRows], ["tsbase", tsRows]];
// Both modules build at once (g++ dominates); each describe block waits for its own.
const builds = new Map<string, Promise<string>>();
beforeAll(() => {
  for (const [lib, rows] of tables) {
    const dir = join(work, lib);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.loc"), moduleText(lib, rows));
    writeFileSync(join(dir, "map.json"), '{"x": "1"}');
    builds.set(lib, run([morloc, "make", "-o", join(dir, "nexus"), "main.loc"], dir).then((r) =>
      r.code === 0 ? "" : `morloc make failed for the ${lib} table (exit ${r.code}):\n${r.out}${r.err}\n--- module:\n${moduleText(lib, rows)}`));
  }
});

for (const [lib, rows] of tables) {
  describe(`${lib} table`, () => {
    const nexus = join(work, lib, "nexus");
    test("builds", async () => {
      expect(await builds.get(lib)!).toBe("");
    }, 120_000);
    for (const row of rows) {
      test(`${row.name} ${row.args.join(" ")}`, async () => {
        if ((await builds.get(lib)!) !== "") throw new Error(`the ${lib} table did not build`);
        const r = await run([nexus, row.name, ...row.args], join(work, lib));
        if (typeof row.out === "string") {
          expect({ code: r.code, out: r.out.trim(), err: r.err }).toEqual({ code: 0, out: row.out, err: "" });
        } else {
          expect(r.code).not.toBe(0);
          expect(r.err).toMatch(row.out.fails);
        }
      }, 20_000);
    }
  });
}
