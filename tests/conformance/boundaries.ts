// Data boundaries: strings and lists at the sizes around the packet, socket-buffer and arena
// limits, in each direction (nexus -> pool -> nexus, and every ordered pair of pools); non-ASCII
// text; integers at the 64-bit limits; floats whose printed form changes notation.

import { BOOL, INT, LANGS, LANG_NAME, REAL, STR, list, tuple, newModule, pyReal, show, type GenModule, type Lang } from "./model";

export const SIZES = [0, 1, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20];
const TEXT = "wörld λ 𝄞 中文 € ñ";
// the 64-bit limits, the 32-bit edge (R's own integers) and the first integer a double cannot hold
const INT_LIMITS = ["9223372036854775807", "-9223372036854775808", "2147483648", "-2147483649", "9007199254740993"];
const FLOATS = [1e16, 1e-5, 0.1, 42.0];

const SRC: Record<Lang, string> = {
  py: `def mkStr(n):
    return ("abcdefghij" * (n // 10 + 1))[:n]

def lenStr(s):
    return len(s.encode("utf-8"))

def mkList(n):
    return [i % 3 == 0 for i in range(n)]

def countList(xs):
    return sum(1 for x in xs if x)

def ident(x):
    return x
`,
  cpp: `#pragma once
#include <cstdint>
#include <string>
#include <vector>
inline std::string mkStr(int64_t n) {
    std::string s;
    for (int64_t i = 0; i < n; i++) s += char('a' + i % 10);
    return s;
}
inline int64_t lenStr(const std::string& s) { return (int64_t)s.size(); }
inline std::vector<bool> mkList(int64_t n) {
    std::vector<bool> xs;
    for (int64_t i = 0; i < n; i++) xs.push_back(i % 3 == 0);
    return xs;
}
inline int64_t countList(const std::vector<bool>& xs) {
    int64_t k = 0;
    for (bool x : xs) k += x ? 1 : 0;
    return k;
}
template <class T> T ident(T x) { return x; }
`,
  r: `mkStr <- function(n) substr(strrep("abcdefghij", n %/% 10 + 1), 1, n)
lenStr <- function(s) nchar(s, type = "bytes")
mkList <- function(n) seq_len(n) %% 3 == 1
countList <- function(xs) sum(xs)
ident <- function(x) x
`,
  ts: `export const mkStr = (n: bigint): string => "abcdefghij".repeat(Number(n) / 10 + 1).slice(0, Number(n));
export const lenStr = (s: string): bigint => BigInt(new TextEncoder().encode(s).length);
export const mkList = (n: bigint): boolean[] => Array.from({ length: Number(n) }, (_, i) => i % 3 === 0);
export const countList = (xs: boolean[]): bigint => BigInt(xs.filter((x) => x).length);
export const ident = <T>(x: T): T => x;
`,
};

// R holds an Int beyond 32 bits as a double: a value it cannot hold exactly (2^53+1, 2^63-1) is
// refused with a clear error (exit 1) rather than rounded; -2^63 is exact and passes.
const rInexact = (v: string, langs: Lang[]): boolean => {
  if (!langs.includes("r")) return false;
  const b = BigInt(v);
  return BigInt(Number(b)) !== b || Number(b) >= 2 ** 63;
};
const R_INEXACT = "cannot be held exactly by R";

const strOf = (n: number) => "abcdefghij".repeat(Math.floor(n / 10) + 1).slice(0, n);
const listOf = (n: number) => Array.from({ length: n }, (_, i) => i % 3 === 0);

export function boundaryModules(): GenModule[] {
  const m = newModule("boundaries", "boundaries");
  const exports: string[] = [];
  const defs: string[] = [];
  const sigs: string[] = [];
  const files: Record<string, string> = {};
  const N = (f: string, l: Lang) => `${f}${LANG_NAME[l]}`;
  // exports are commands taking the size or value; the cases below call them
  const add = (name: string, def: string) => {
    exports.push(name);
    defs.push(def);
  };
  const pairs = LANGS.flatMap((a) => LANGS.filter((b) => b !== a).map((b): [Lang, Lang] => [a, b]));

  for (const l of LANGS) {
    const L = LANG_NAME[l];
    sigs.push(
      `source ${L} from "${FILE[l]}" ("mkStr" as mkStr${L}, "lenStr" as lenStr${L}, "mkList" as mkList${L}, "countList" as countList${L}, "ident" as echoStr${L}, "ident" as echoList${L}, "ident" as echoInt${L}, "ident" as echoReal${L})`,
      `mkStr${L} :: Int -> Str`, `lenStr${L} :: Str -> Int`, `mkList${L} :: Int -> [Bool]`, `countList${L} :: [Bool] -> Int`,
      `echoStr${L} :: Str -> Str`, `echoList${L} :: [Bool] -> [Bool]`, `echoInt${L} :: Int -> Int`, `echoReal${L} :: Real -> Real`,
    );
    // a string and a list in one call: nexus -> pool -> nexus
    add(`echoSL${L}`, `echoSL${L} s xs = (echoStr${L} s, echoList${L} xs)`);
    add(`echoT${L}`, `echoT${L} s = echoStr${L} s`);
    add(`echoI${L}`, `echoI${L} x = echoInt${L} x`);
    add(`echoR${L}`, `echoR${L} x = echoReal${L} x`);
    add(`bytes${L}`, `bytes${L} s = lenStr${L} s`);
  }
  for (const [a, b] of pairs) {
    const A = LANG_NAME[a];
    const B = LANG_NAME[b];
    // a string and a list made in A, measured in B
    add(`size${A}To${B}`, `size${A}To${B} n = (lenStr${B} (mkStr${A} n), countList${B} (mkList${A} n))`);
    add(`text${A}To${B}`, `text${A}To${B} s = echoStr${B} (echoStr${A} s)`);
    add(`int${A}To${B}`, `int${A}To${B} x = echoInt${B} (echoInt${A} x)`);
    add(`real${A}To${B}`, `real${A}To${B} x = echoReal${B} (echoReal${A} x)`);
  }
  const call = (name: string, command: string, args: string[], stdout: string) =>
    m.cases.push({ name, command, args, stdout, exit: 0, stderr: null });
  for (const n of SIZES) {
    files[`s${n}.json`] = JSON.stringify(strOf(n));
    files[`l${n}.json`] = JSON.stringify(listOf(n));
    for (const l of LANGS) {
      const L = LANG_NAME[l];
      call(`echo${L}@${n}`, `echoSL${L}`, [`s${n}.json`, `l${n}.json`], show(tuple(STR, list(BOOL)), [strOf(n), listOf(n)]));
    }
    for (const [a, b] of pairs) {
      const [A, B] = [LANG_NAME[a], LANG_NAME[b]];
      call(`size${A}To${B}@${n}`, `size${A}To${B}`, [String(n)], `[${n},${Math.ceil(n / 3)}]`);
    }
  }
  for (const l of LANGS) {
    const L = LANG_NAME[l];
    call(`text${L}`, `echoT${L}`, [JSON.stringify(TEXT)], show(STR, TEXT));
    call(`textBytes${L}`, `bytes${L}`, [JSON.stringify(TEXT)], String(Buffer.byteLength(TEXT)));
    for (const v of INT_LIMITS) {
      if (rInexact(v, [l])) m.cases.push({ name: `int${L}@${v}`, command: `echoI${L}`, args: [v], stdout: "", exit: 1, stderr: R_INEXACT });
      else call(`int${L}@${v}`, `echoI${L}`, [v], show(INT, BigInt(v)));
    }
    for (const v of FLOATS) call(`real${L}@${pyReal(v)}`, `echoR${L}`, [String(v)], show(REAL, v));
  }
  for (const [a, b] of pairs) {
    const [A, B] = [LANG_NAME[a], LANG_NAME[b]];
    call(`text${A}To${B}`, `text${A}To${B}`, [JSON.stringify(TEXT)], show(STR, TEXT));
    for (const v of INT_LIMITS) {
      if (rInexact(v, [a, b])) m.cases.push({ name: `int${A}To${B}@${v}`, command: `int${A}To${B}`, args: [v], stdout: "", exit: 1, stderr: R_INEXACT });
      else call(`int${A}To${B}@${v}`, `int${A}To${B}`, [v], show(INT, BigInt(v)));
    }
    for (const v of FLOATS) call(`real${A}To${B}@${pyReal(v)}`, `real${A}To${B}`, [String(v)], show(REAL, v));
  }
  m.files["main.loc"] = [
    "-- generated by tests/conformance/boundaries.ts: sizes, non-ASCII text, integer limits, float printing",
    `module boundaries (${exports.join(", ")})`,
    "import types (Int, Real, Str, Bool, List)",
    ...sigs,
    "",
    ...defs,
    "",
  ].join("\n");
  for (const l of LANGS) m.files[FILE[l]] = SRC[l];
  Object.assign(m.files, files);
  return [m];
}

const FILE: Record<Lang, string> = { py: "b.py", cpp: "b.hpp", r: "b.R", ts: "b.ts" };
