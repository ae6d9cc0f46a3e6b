// Operators in each language (language-head.md A.3): operators sourced under another name and the
// language's own (native) ones, keyword operators in backticks (`and`), fixity declarations (left, right, non-associative, and the default
// infixl 9 of an undeclared operator), unary minus, prefix use, left and right sections passed to a
// morloc and to a foreign higher-order function, and class methods that are operators (an Int and a
// Str instance). The chains are generated from a seed; each is printed with only the parentheses its
// fixities need and evaluated here by the same fixities, so the expected output never comes from
// the compiler.

import { LANG_NAME, newModule, type GenModule, type Lang, LANGS } from "./model";

interface Op {
  /** The operator as written in morloc. */
  sym: string;
  assoc: "left" | "right" | "none";
  prec: number;
  /** How it is sourced: a function under another name, or the language's own operator. */
  native: boolean;
  /** The function's name in the source file (named operators). */
  fn?: string;
  eval: (a: bigint, b: bigint) => bigint;
}

const OPS: Op[] = [
  { sym: "|+|", assoc: "left", prec: 6, native: false, fn: "add", eval: (a, b) => a + b },
  { sym: "|-|", assoc: "left", prec: 6, native: false, fn: "sub", eval: (a, b) => a - b },
  { sym: "|*|", assoc: "left", prec: 7, native: false, fn: "mul", eval: (a, b) => a * b },
  // right-associative subtraction: a ^-^ b ^-^ c is a - (b - c)
  { sym: "^-^", assoc: "right", prec: 5, native: false, fn: "rsub", eval: (a, b) => a - b },
  // undeclared: infixl 9, tighter than everything else
  { sym: "<#>", assoc: "left", prec: 9, native: false, fn: "digit", eval: (a, b) => a * 10n + b },
  { sym: "+", assoc: "left", prec: 6, native: true, eval: (a, b) => a + b },
  { sym: "-", assoc: "left", prec: 6, native: true, eval: (a, b) => a - b },
  { sym: "*", assoc: "left", prec: 7, native: true, eval: (a, b) => a * b },
];

/** Source text of the named operators' functions, a higher-order function and the class instances. */
const SOURCES: Record<Lang, string> = {
  py: `def add(a, b):
    return a + b

def sub(a, b):
    return a - b

def mul(a, b):
    return a * b

def rsub(a, b):
    return a - b

def digit(a, b):
    return a * 10 + b

def neg(a):
    return -a

def twice(f, x):
    return f(f(x))

def mix(a, b):
    return a * 2 + b

def cat(a, b):
    return a + "." + b
`,
  cpp: `#pragma once
#include <cstdint>
#include <functional>
#include <string>
inline int64_t add(int64_t a, int64_t b) { return a + b; }
inline int64_t sub(int64_t a, int64_t b) { return a - b; }
inline int64_t mul(int64_t a, int64_t b) { return a * b; }
inline int64_t rsub(int64_t a, int64_t b) { return a - b; }
inline int64_t digit(int64_t a, int64_t b) { return a * 10 + b; }
inline int64_t neg(int64_t a) { return -a; }
inline int64_t twice(std::function<int64_t(int64_t)> f, int64_t x) { return f(f(x)); }
inline int64_t mix(int64_t a, int64_t b) { return a * 2 + b; }
inline std::string cat(const std::string& a, const std::string& b) { return a + "." + b; }
`,
  r: `add <- function(a, b) as.integer(a + b)
sub <- function(a, b) as.integer(a - b)
mul <- function(a, b) as.integer(a * b)
rsub <- function(a, b) as.integer(a - b)
digit <- function(a, b) as.integer(a * 10L + b)
neg <- function(a) as.integer(-a)
twice <- function(f, x) f(f(x))
mix <- function(a, b) as.integer(a * 2L + b)
cat <- function(a, b) paste0(a, ".", b)
`,
  ts: `export const add = (a: bigint, b: bigint): bigint => a + b;
export const sub = (a: bigint, b: bigint): bigint => a - b;
export const mul = (a: bigint, b: bigint): bigint => a * b;
export const rsub = (a: bigint, b: bigint): bigint => a - b;
export const digit = (a: bigint, b: bigint): bigint => a * 10n + b;
export const neg = (a: bigint): bigint => -a;
export async function twice(f: (x: bigint) => bigint | Promise<bigint>, x: bigint): Promise<bigint> {
  return f(await f(x));
}
export const mix = (a: bigint, b: bigint): bigint => a * 2n + b;
export const cat = (a: string, b: string): string => a + "." + b;
`,
};
const EXT: Record<Lang, string> = { py: "py", cpp: "hpp", r: "R", ts: "ts" };

type Tree = { k: "leaf"; text: string; value: bigint; neg?: boolean } | { k: "op"; op: Op; l: Tree; r: Tree };

/** A small deterministic generator (mulberry32), so the cases are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tree(rand: () => number, depth: number, x: bigint, y: bigint): Tree {
  if (depth === 0 || rand() < 0.25) {
    const pick = rand();
    if (pick < 0.3) return { k: "leaf", text: "x", value: x };
    if (pick < 0.6) return { k: "leaf", text: "y", value: y };
    const n = BigInt(1 + Math.floor(rand() * 9));
    return { k: "leaf", text: String(n), value: n };
  }
  const op = OPS[Math.floor(rand() * OPS.length)]!;
  return { k: "op", op, l: tree(rand, depth - 1, x, y), r: tree(rand, depth - 1, x, y) };
}

function evalTree(t: Tree): bigint {
  if (t.k === "leaf") return t.neg ? -t.value : t.value;
  return t.op.eval(evalTree(t.l), evalTree(t.r));
}

/** The text with only the parentheses the fixities need (a non-associative operator always gets them at its own level). */
function print(t: Tree): string {
  if (t.k === "leaf") return t.neg ? `-${t.text}` : t.text;
  const side = (c: Tree, left: boolean): string => {
    const s = print(c);
    if (c.k === "leaf") return s;
    const p = t.op.prec;
    const cp = c.op.prec;
    const bare = cp > p || (cp === p && t.op.assoc === c.op.assoc && t.op.assoc === (left ? "left" : "right"));
    return bare ? s : `(${s})`;
  };
  return `${side(t.l, true)} ${t.op.sym} ${side(t.r, false)}`;
}

/** The leftmost leaf and the operator right above it (unary minus binds to one operand). */
function leftmost(t: Tree, parent: Op | null = null): [Tree, Op | null] {
  return t.k === "leaf" ? [t, parent] : leftmost(t.l, t.op);
}

/** Keeps values small enough for R's 32-bit integers. */
const small = (t: Tree) => {
  const check = (u: Tree): boolean => u.k === "leaf" || (check(u.l) && check(u.r) && evalTreeAbs(u) < 1_000_000n);
  return check(t);
};
const evalTreeAbs = (t: Tree) => {
  const v = evalTree(t);
  return v < 0n ? -v : v;
};

export function operatorModules(): GenModule[] {
  return [...LANGS.map((l) => languageModule(l)), mixedModule()];
}

/**
 * One chain, operators from every language: each named operator is sourced from one language (in
 * turn), so a chain crosses pools wherever its neighbouring operators come from different languages.
 */
function mixedModule(): GenModule {
  const m = newModule("operator", "operator-mixed");
  const named = OPS.filter((o) => !o.native);
  const from = new Map(named.map((o, i) => [o.sym, LANGS[i % LANGS.length]!] as const));
  const rand = rng(97);
  const [x, y] = [4n, 9n];
  const exports: string[] = [];
  const defs: string[] = [];
  for (let tries = 0, made = 0; made < 12 && tries < 1000; tries++) {
    const t = tree(rand, 3, x, y);
    if (t.k === "leaf" || !small(t) || !namedOnly(t)) continue;
    const name = `mixed${made++}`;
    exports.push(name);
    defs.push(`${name} :: Int -> Int -> Int`, `${name} x y = ${print(t)}`);
    const langs = [...new Set(opsOf(t).map((o) => from.get(o.sym)!))].join("+");
    m.cases.push({ name: `${name} (${langs}): ${print(t)}`, command: name, args: [String(x), String(y)], stdout: String(evalTree(t)), exit: 0, stderr: null });
  }
  for (const l of LANGS) m.files[`ops.${EXT[l]}`] = SOURCES[l];
  m.files["main.loc"] = [
    "-- generated by tests/conformance/operators.ts: operators from several languages in one chain",
    `module operators (${exports.join(", ")})`,
    "import types (Int)",
    "infixl 6 |+|, |-|",
    "infixl 7 |*|",
    "infixr 5 ^-^",
    ...named.map((o) => `(${o.sym}) :: Int -> Int -> Int`),
    ...LANGS.map((l) => [l, named.filter((o) => from.get(o.sym) === l)] as const)
      .filter(([, os]) => os.length > 0)
      .map(([l, os]) => `source ${LANG_NAME[l]} from "ops.${EXT[l]}" (${os.map((o) => `"${o.fn}" as (${o.sym})`).join(", ")})`),
    "",
    ...defs,
    "",
  ].join("\n");
  return m;
}

function opsOf(t: Tree): Op[] {
  return t.k === "leaf" ? [] : [t.op, ...opsOf(t.l), ...opsOf(t.r)];
}
const namedOnly = (t: Tree) => opsOf(t).every((o) => !o.native) && new Set(opsOf(t).map((o) => o.sym)).size > 1;

function languageModule(l: Lang): GenModule {
  const L = LANG_NAME[l];
  const m = newModule("operator", `operator-${l}`);
  const file = `ops.${EXT[l]}`;
  const exports: string[] = [];
  const defs: string[] = [];
  const add = (name: string, sig: string, def: string, args: string[], want: string) => {
    exports.push(name);
    defs.push(`${name} :: ${sig}`, def);
    m.cases.push({ name: `${l} ${name}: ${def}`, command: name, args, stdout: want, exit: 0, stderr: null });
  };

  // generated chains over every operator; x and y are the command's arguments
  const rand = rng(20 + l.length * 7 + l.charCodeAt(0));
  const [x, y] = [7n, 3n];
  let made = 0;
  for (let tries = 0; made < 14 && tries < 1000; tries++) {
    const t = tree(rand, 3, x, y);
    if (t.k === "leaf" || !small(t)) continue;
    // a leading unary minus, where binding it to the operand or to the product gives one value
    const [first, parent] = leftmost(t);
    if (made % 3 === 2 && first.k === "leaf" && parent && parent.prec <= 7 && !/^\d/.test(first.text)) first.neg = true;
    add(`chain${made}`, "Int -> Int -> Int", `chain${made} x y = ${print(t)}`, [String(x), String(y)], String(evalTree(t)));
    made++;
  }

  // the fixities against each other, written out by hand
  add("assocL", "Int -> Int", "assocL x = x |-| 2 |-| 1", ["10"], "7");
  add("assocR", "Int -> Int", "assocR x = x ^-^ 2 ^-^ 1", ["10"], "9");
  add("precMix", "Int -> Int", "precMix x = x + 2 |*| 3 - x * 2", ["10"], "-4");
  add("tightest", "Int -> Int", "tightest x = 1 + x <#> 2 * 3", ["4"], "127");
  add("unaryMinus", "Int -> Int", "unaryMinus x = -x + 1", ["5"], "-4");
  add("prefix", "Int -> Int", "prefix x = (|-|) x 1 + (-) x 2", ["10"], "17");
  // sections: a morloc higher-order function, then the language's own (the section is a lambda there)
  add("secRight", "Int -> Int", "secRight x = app (|-| 3) x", ["10"], "7");
  add("secLeft", "Int -> Int", "secLeft x = app (100 |-|) x", ["10"], "90");
  add("secNative", "Int -> Int", "secNative x = app (x -) 4", ["10"], "6");
  add("secTwice", "Int -> Int", `secTwice x = twice (|*| 3) x`, ["2"], "18");
  add("secTwiceL", "Int -> Int", `secTwiceL x = twice (1 ^-^) x`, ["5"], "5");
  add("secTwiceN", "Int -> Int", `secTwiceN x = twice (+ 10) x`, ["1"], "21");
  // a class method that is an operator, at two instances; infixr 5 <+>
  add("clsInt", "Int -> Int", "clsInt x = x <+> 1 <+> 2", ["3"], String(3 * 2 + (1 * 2 + 2)));
  add("clsStr", "Str -> Str", 'clsStr s = s <+> "b" <+> "c"', ['"a"'], '"a.b.c"');

  // keyword operators named in backticks, written infix by the language itself (R has none)
  const keywords: string[] = [];
  if (l === "r") m.excluded.push({ name: "r `and`", reason: "R has no keyword operators: sourcing one is a make-time error" });
  else if (l === "ts") m.excluded.push({ name: "ts `and`", reason: "`and` and `not` are not TypeScript keyword operators: sourcing one is a make-time error" });
  else {
    keywords.push(`source ${L} (\`and\` as both, \`not\` as nay)`, "both :: Bool -> Bool -> Bool", "nay :: Bool -> Bool");
    for (const [a, b] of [[true, true], [true, false], [false, true]])
      add(`kwAnd${a ? "T" : "F"}${b ? "T" : "F"}`, "Bool -> Bool -> Bool", `kwAnd${a ? "T" : "F"}${b ? "T" : "F"} a b = both a (nay (nay b))`, [String(a), String(b)], String(a && b));
  }

  const named = OPS.filter((o) => !o.native);
  const native = OPS.filter((o) => o.native);
  m.files[file] = SOURCES[l];
  m.files["main.loc"] = [
    "-- generated by tests/conformance/operators.ts: operators sourced from one language, fixities, sections, class methods",
    `module operators (${exports.join(", ")})`,
    "import types (Int, Str, Bool)",
    "",
    "infixl 6 |+|, |-|, +, -",
    "infixl 7 |*|, *",
    "infixr 5 ^-^, <+>",
    ...named.map((o) => `(${o.sym}) :: Int -> Int -> Int`),
    `source ${L} from "${file}" (${named.map((o) => `"${o.fn}" as (${o.sym})`).join(", ")}, "neg" as negate, "twice")`,
    ...native.map((o) => `(${o.sym}) :: Int -> Int -> Int`),
    `source ${L} from "${file}" (${native.map((o) => `(${o.sym})`).join(", ")})`,
    "negate :: Int -> Int",
    "twice :: (Int -> Int) -> Int -> Int",
    ...keywords,
    "",
    "app :: (Int -> Int) -> Int -> Int",
    "app f v = f v",
    "",
    "class Semi a where",
    "  (<+>) :: a -> a -> a",
    "instance Semi Int where",
    `  source ${L} from "${file}" ("mix" as (<+>))`,
    "instance Semi Str where",
    `  source ${L} from "${file}" ("cat" as (<+>))`,
    "",
    ...defs,
    "",
  ].join("\n");
  return m;
}
