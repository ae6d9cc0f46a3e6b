// Property test: mutated programs (tokens deleted, duplicated, swapped; truncation; garbage) either parse
// or fail with a positioned CompileError, never another exception, and never slowly.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { CompileError, CompileErrors } from "../../src/diagnostics";
import { tokenize } from "../../src/frontend/tokens";
import { CASES } from "./corpus/cases";

const SEED_PROGRAMS = [
  `module sos (sumOfSquares, squares)
source Cpp from "core.hpp" ("map", "fold", "add" as plus)
source Py from "square.py" ("square")
type Cpp => List a = "std::vector<$1>" a
map a b :: (a -> b) -> [a] -> [b]
sumOfSquares xs = fold plus 0.0 (map square xs)
  where
    helper = \\x -> {a = x, b = (1, [2, -3.5e2])}@a
`,
  `class Packable a b where
  pack a b :: a -> b
instance Packable (Str) JsonObj where
  unpack x = x
record (P a) = P {name :: Str, info :: a}
f :: Foo a => a -> Int where
    Foo a
g = paste "a" . paste "b" . h
k = (5 :: Int, True, ())
`,
];

/** Every construct of the corpus is a seed too. */
const SEEDS = [...SEED_PROGRAMS, ...CASES.map((c) => c.src)];

/** CPU milliseconds since `c0`: unlike the wall clock, not inflated by other processes on a shared machine. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(src: string, rand: () => number): string {
  let toks: ReturnType<typeof tokenize> = [];
  try {
    toks = tokenize("seed.loc", src);
  } catch {
    // An earlier mutation broke the lexing: only character-level mutations below.
  }
  const pick = () => toks[Math.floor(rand() * toks.length)]!;
  const kind = toks.length === 0 ? 3 + Math.floor(rand() * 3) : Math.floor(rand() * 6);
  if (kind === 0) {
    const t = pick();
    return src.slice(0, t.start) + src.slice(t.end);
  }
  if (kind === 1) {
    const t = pick();
    return src.slice(0, t.end) + " " + t.text + src.slice(t.end);
  }
  if (kind === 2) {
    let a = pick();
    let b = pick();
    if (a.start > b.start) [a, b] = [b, a];
    if (a === b) return src;
    return src.slice(0, a.start) + b.text + src.slice(a.end, b.start) + a.text + src.slice(b.end);
  }
  if (kind === 3) return src.slice(0, Math.floor(rand() * src.length));
  if (kind === 4) {
    const at = Math.floor(rand() * src.length);
    const junk = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => "(){}[]\\-=:.,@\"'{-x1 \n\t"[Math.floor(rand() * 24)]).join("");
    return src.slice(0, at) + junk + src.slice(at);
  }
  const at = Math.floor(rand() * src.length);
  const bytes = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => String.fromCharCode(Math.floor(rand() * 0x3000)));
  return src.slice(0, at) + bytes.join("") + src.slice(at);
}

/** Parses `src`; anything but success or positioned CompileErrors fails the test. Returns true on error. */
function check(src: string, what: string): boolean {
  try {
    const p = parseModuleText("m.loc", src);
    expect(p.modules.length).toBeGreaterThan(0);
    return false;
  } catch (e) {
    if (!(e instanceof CompileError) && !(e instanceof CompileErrors)) {
      throw new Error(`${what} threw ${String(e)} for ${JSON.stringify(src.slice(0, 2000))}`);
    }
    for (const err of e instanceof CompileErrors ? e.errors : [e]) {
      expect(err.span).toBeDefined();
      expect(err.span!.line).toBeGreaterThanOrEqual(1);
      expect(err.span!.col).toBeGreaterThanOrEqual(1);
      expect(err.span!.start).toBeLessThanOrEqual(src.length);
    }
    return true;
  }
}

const MUTATIONS = 2000;

test(`${MUTATIONS} mutations: success or a positioned CompileError, quickly`, () => {
  const rand = rng(42);
  let failures = 0;
  let worst = 0;
  const c00 = process.cpuUsage();
  for (let i = 0; i < MUTATIONS; i++) {
    let src = SEEDS[i % SEEDS.length]!;
    // One to three mutations on top of each other.
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) src = mutate(src, rand);
    const c0 = process.cpuUsage();
    if (check(src, `mutation ${i}`)) failures++;
    worst = Math.max(worst, cpuMs(c0));
  }
  expect(failures).toBeGreaterThan(MUTATIONS / 4); // the mutations really break things
  expect(worst).toBeLessThan(1000);
  expect(cpuMs(c00)).toBeLessThan(45_000);
}, 60_000);

test("every truncation of a seed program ends in a result or a positioned error", () => {
  const src = SEED_PROGRAMS[0]!;
  for (let n = 0; n <= src.length; n += 3) check(src.slice(0, n), `truncation at ${n}`);
});

test("pure garbage and huge inputs end in a CompileError quickly", () => {
  const rand = rng(7);
  const inputs = [
    Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join(""),
    "x".repeat(1_000_000),
    "x = " + "[1, ".repeat(10) + '"' + "y".repeat(1_000_000) + '"' + "]".repeat(10),
    "f x = " + "g ".repeat(300_000) + "-- a 1 MB single line",
    "x = " + "(".repeat(10000) + "1" + ")".repeat(10000),
    "x = " + "[".repeat(10000) + "]".repeat(10000),
    new TextDecoder("latin1").decode(Uint8Array.from({ length: 65536 }, () => Math.floor(rand() * 256))),
    "x = " + "f ".repeat(500_000),
    "(".repeat(10000),
    "\uFFFF\uD800",
    "",
  ];
  for (const src of inputs) {
    const c0 = process.cpuUsage();
    check(src, `input of ${src.length} chars`);
    expect(cpuMs(c0)).toBeLessThan(3000);
  }
});
