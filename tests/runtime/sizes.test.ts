// Values of every size between the nexus and each pool (tests/programs/rt-sizes): a string or a
// [Bool] list goes in as a file argument, through an identity function in Python or C++, and must
// come back on stdout byte for byte. Pool-to-pool directions are in tests/programs/rt-sizes/cases.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { make, REPO, run, settle, workspace } from "./harness";

const ws = workspace("sizes");
const nexus = join(ws.work, "rtsizes");

beforeAll(async () => {
  await make(join(REPO, "tests", "programs", "rt-sizes"), nexus, ws.env);
}, 120_000);
afterAll(() => ws.dispose());

const ABC = "abcdefghijklmnopqrstuvwxyz";
const text = (n: number) => ABC.repeat(Math.ceil(n / 26)).slice(0, n);
const bools = (n: number) => Array.from({ length: n }, (_, i) => i % 3 === 0);

const SIZES = [0, 1, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20];
// blob sizes around the 65 536-byte inline limit: a Str blob is 16 + n bytes, a [Bool] one 64 + n
const STR_SIZES = [...SIZES, 65519, 65520, 65521].sort((a, b) => a - b);
const BOOL_SIZES = [...SIZES, 65471, 65472, 65473].sort((a, b) => a - b);

/** Run `cmd FILE` where FILE holds `json`; the output must be `json` again, and nothing may remain. */
async function roundTrip(cmd: string, json: string, tag: string) {
  const file = join(ws.work, `${cmd}-${tag}.json`);
  writeFileSync(file, json);
  const r = await run(nexus, [cmd, file], ws.env);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  // compare lengths first: a mismatch of megabytes should not be printed whole
  expect(r.out.length).toBe(json.length + 1);
  expect(r.out === json + "\n").toBe(true);
  expect(await settle(r.pid)).toEqual([]);
}

for (const lang of ["py", "cpp"]) {
  describe(`nexus -> ${lang} -> nexus`, () => {
    for (const n of STR_SIZES) {
      test(`a string of ${n} bytes`, () => roundTrip(`${lang}Id`, JSON.stringify(text(n)), String(n)));
    }
    for (const n of BOOL_SIZES) {
      test(`a list of ${n} Bools`, () => roundTrip(`${lang}IdBools`, JSON.stringify(bools(n)), String(n)));
    }
  });
}

describe("100 MB strings with the nexus", () => {
  const n = 100_000_000;
  const big = text(n);
  test("made in Python and C++, printed by the nexus", async () => {
    for (const cmd of ["pyStr", "cppStr"]) {
      const r = await run(nexus, [cmd, String(n)], ws.env);
      expect(r.code).toBe(0);
      expect(r.out.length).toBe(n + 3);
      expect(r.out === JSON.stringify(big) + "\n").toBe(true);
      expect(await settle(r.pid)).toEqual([]);
    }
  }, 60_000);

  test("read by the nexus from a file, checked in Python and C++", async () => {
    const file = join(ws.work, "big.json");
    writeFileSync(file, JSON.stringify(big));
    for (const cmd of ["pyStrLen", "cppStrLen"]) {
      const r = await run(nexus, [cmd, file], ws.env);
      expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: `${n}\n` });
      expect(await settle(r.pid)).toEqual([]);
    }
  }, 60_000);
});
