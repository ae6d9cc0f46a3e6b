// The cross-language conformance matrix (issue 8): generated modules, one describe block per
// category. All modules are built first (two at a time), each category's cases then run three at
// a time, and every case is reported as its own test; a summary of counts and exclusions ends it.
// Rerun a failing case with the `rerun:` line of its message (the module stays under
// tests/.tmp/conformance/<category>/<module>/), or the whole matrix with `bun tests/conformance/run.ts`.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CATEGORIES } from "./categories";
import { LANGS, type GenModule } from "./model";
import { build, checkTypecheck, copyCompiler, lock, pool, repo, runCase, typecheckOutput, unlock, writeModule } from "./run";

const categories = CATEGORIES.map(([name, gen]) => ({ name, modules: gen() }));
const built = new Map<GenModule, string>();
const started = Date.now();
const counts: { name: string; ran: number; passed: number; excluded: number }[] = [];

beforeAll(async () => {
  if (!existsSync(join(repo, "dist", "morloc"))) throw new Error("dist/morloc is missing: run `npm run build`");
  await lock();
  copyCompiler();
  const all = categories.flatMap((c) => c.modules);
  all.forEach(writeModule);
  const results = await pool(all, 2, build);
  all.forEach((m, i) => built.set(m, results[i]!));
}, 1_800_000);

for (const cat of categories) {
  const total = cat.modules.reduce((n, m) => n + m.cases.length + m.typechecks.length, 0);
  const excluded = cat.modules.reduce((n, m) => n + m.excluded.length, 0);
  describe(`conformance ${cat.name} (${total} cases)`, () => {
    const results = new Map<string, string | null>();
    const row = { name: cat.name, ran: 0, passed: 0, excluded };
    counts.push(row);
    beforeAll(async () => {
      for (const m of cat.modules) {
        const failure = built.get(m) ?? "not built";
        if (failure) {
          for (const c of m.cases) results.set(`${m.name}/${c.name}`, `case ${cat.name}/${c.name}: ${failure}`);
          for (const t of m.typechecks) results.set(`${m.name}/${t.name}`, `${cat.name}/${t.name}: ${failure}`);
          continue;
        }
        const out = await pool(m.cases, 3, (c) => runCase(m, c));
        m.cases.forEach((c, i) => results.set(`${m.name}/${c.name}`, out[i]!));
        if (m.typechecks.length > 0) {
          const tc = await typecheckOutput(m);
          for (const t of m.typechecks) results.set(`${m.name}/${t.name}`, checkTypecheck(m, t, tc));
        }
      }
    }, 900_000);

    for (const m of cat.modules) {
      for (const c of [...m.cases, ...m.typechecks]) {
        test(`${m.name}: ${c.name}`, () => {
          const r = results.get(`${m.name}/${c.name}`);
          row.ran++;
          if (r === null) row.passed++;
          // on failure the message names the case, its rerun command, expected and actual output
          expect(r ?? "passed").toBe("passed");
        });
      }
    }
  });
}

afterAll(() => {
  unlock();
  const lines = [`conformance matrix (languages: ${LANGS.join(", ")}; ${((Date.now() - started) / 1000).toFixed(0)} s):`];
  for (const c of counts) lines.push(`  ${c.name}: ${c.ran} ran, ${c.passed} passed, ${c.excluded} excluded`);
  const ran = counts.reduce((n, c) => n + c.ran, 0);
  const passed = counts.reduce((n, c) => n + c.passed, 0);
  lines.push(`  total: ${ran} ran, ${passed} passed`);
  const reasons = new Map<string, string[]>();
  for (const cat of categories)
    for (const m of cat.modules)
      for (const e of m.excluded) reasons.set(e.reason, [...(reasons.get(e.reason) ?? []), `${cat.name}/${e.name}`]);
  for (const [reason, names] of reasons) lines.push(`  excluded ${names.length}: ${reason}\n    ${names.join(", ")}`);
  console.log(lines.join("\n"));
});

test("the matrix has at least 400 cases", () => {
  const total = categories.reduce((n, c) => n + c.modules.reduce((k, m) => k + m.cases.length + m.typechecks.length, 0), 0);
  expect(total).toBeGreaterThanOrEqual(400);
});
