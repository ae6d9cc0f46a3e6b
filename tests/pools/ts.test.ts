// Runs the TypeScript pool runtime's own suite (pools/ts/tests/*.test.ts) under bun test, so
// `npm test` (whose root is tests/) covers the TypeScript library where it lives.
import { expect, test } from "bun:test";
import { resolve } from "node:path";

test("the TypeScript pool runtime's tests pass", () => {
  const root = resolve(import.meta.dir, "../..");
  const r = Bun.spawnSync([process.execPath, "test", "./pools/ts/tests/"], { cwd: root, env: process.env });
  const err = r.stderr.toString();
  if (r.exitCode !== 0) console.error(err);
  expect(err).toMatch(/[1-9]\d* pass/);
  expect(err).toMatch(/ 0 fail/);
  expect(r.exitCode).toBe(0);
}, 120_000);
