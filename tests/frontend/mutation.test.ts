// Property test: mutated programs (tokens deleted, duplicated, swapped; truncation; garbage) either parse
// or fail with a positioned CompileError, never another exception, and never slowly.
import { expect, test } from "bun:test";
import { parseModuleText } from "../../src/frontend/index";
import { CompileError, CompileErrors } from "../../src/diagnostics";
import { tokenize } from "../../src/frontend/tokens";

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

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(src: string, rand: () => number): string {
  const toks = tokenize("seed.loc", src);
  const pick = () => toks[Math.floor(rand() * toks.length)]!;
  const kind = Math.floor(rand() * 6);
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

test("300 mutations: success or a positioned CompileError, quickly", () => {
  const rand = rng(42);
  let failures = 0;
  let worst = 0;
  for (let i = 0; i < 300; i++) {
    const src = mutate(SEED_PROGRAMS[i % SEED_PROGRAMS.length]!, rand);
    const t0 = performance.now();
    try {
      const p = parseModuleText("m.loc", src);
      expect(p.modules.length).toBeGreaterThan(0);
    } catch (e) {
      if (!(e instanceof CompileError) && !(e instanceof CompileErrors)) {
        throw new Error(`mutation ${i} threw ${String(e)} for ${JSON.stringify(src)}`);
      }
      for (const err of e instanceof CompileErrors ? e.errors : [e]) {
        expect(err.span).toBeDefined();
        expect(err.span!.line).toBeGreaterThanOrEqual(1);
        expect(err.span!.col).toBeGreaterThanOrEqual(1);
        expect(err.span!.start).toBeLessThanOrEqual(src.length);
      }
      failures++;
    }
    worst = Math.max(worst, performance.now() - t0);
  }
  expect(failures).toBeGreaterThan(50); // the mutations really break things
  expect(worst).toBeLessThan(1000);
});

test("pure garbage and huge inputs end in a CompileError quickly", () => {
  const rand = rng(7);
  const inputs = [
    Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join(""),
    "x".repeat(1_000_000),
    "x = " + "f ".repeat(500_000),
    "(".repeat(10000),
    "\uFFFF\uD800",
    "",
  ];
  for (const src of inputs) {
    const t0 = performance.now();
    try {
      parseModuleText("g.loc", src);
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).span).toBeDefined();
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  }
});
