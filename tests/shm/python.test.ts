// Runs the Python value and arena unit tests (pools/python/tests) so that `bun test` covers the
// Python implementation of docs/arena.md too.
import { expect, test } from "bun:test";
import { join } from "node:path";

test("python3 -m unittest test_value test_arena", () => {
  const cwd = join(import.meta.dir, "../../pools/python");
  const r = Bun.spawnSync(["python3", "-m", "unittest", "tests.test_value", "tests.test_arena"], { cwd });
  const err = r.stderr.toString();
  if (r.exitCode !== 0) console.error(err);
  expect(err).toMatch(/^OK$/m);
  expect(r.exitCode).toBe(0);
}, 60_000);
