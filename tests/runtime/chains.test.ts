// Errors crossing chains of hops (tests/programs/rt-errors): the user sees the original message
// exactly once, then one line per hop naming the language, manifold and function, in this shape.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { make, REPO, run, settle, workspace } from "./harness";

const ws = workspace("chains");
const nexus = join(ws.work, "rterrors");

beforeAll(async () => {
  await make(join(REPO, "tests", "programs", "rt-errors"), nexus, ws.env);
}, 60_000);
afterAll(() => ws.dispose());

// manifold numbers are the compiler's business: compare with them replaced by N
const shape = (err: string) => err.replace(/manifold \d+/g, "manifold N");

const cases: [string, string, string[]][] = [
  ["pyFails", "-5", ["ValueError: py refuses -5", "  raised in py manifold N (pyFails)"]],
  ["cppFails", "-5", ["std::runtime_error: cpp refuses -5", "  raised in cpp manifold N (cppFails)"]],
  ["pcpcBoom", "-5", [
    "std::runtime_error: cpp refuses -5",
    "  raised in cpp manifold N (cppBoom)",
    "  called from py manifold N (pyApply)",
    "  called from cpp manifold N (cppApply)",
    "  called from py manifold N (pcpcBoom)",
  ]],
  ["cpcpBoom", "-5", [
    "ValueError: py refuses -5",
    "  raised in py manifold N (pyBoom)",
    "  called from cpp manifold N (cppApply)",
    "  called from py manifold N (pyApply)",
    "  called from cpp manifold N (cpcpBoom)",
  ]],
  ["pcpBoomPy", "-5", [
    "ValueError: py refuses -5",
    "  raised in py manifold N (pyBoom)",
    "  called from cpp manifold N (cppApply)",
    "  called from py manifold N (pcpBoomPy)",
  ]],
  ["cpcBoomCpp", "-5", [
    "std::runtime_error: cpp refuses -5",
    "  raised in cpp manifold N (cppBoom)",
    "  called from py manifold N (pyApply)",
    "  called from cpp manifold N (cpcBoomCpp)",
  ]],
];

for (const [cmd, arg, lines] of cases) {
  test(`${cmd}: the error and its chain, once, exit 1`, async () => {
    const r = await run(nexus, [cmd, "--", arg], ws.env);
    expect({ code: r.code, out: r.out, err: shape(r.err) }).toEqual({
      code: 1,
      out: "",
      err: `rterrors: ${cmd} failed:\n${lines.join("\n")}\n`,
    });
    expect(await settle(r.pid)).toEqual([]);
  });
}
