// Per-language source text for the small Int functions and higher-order functions the generated
// modules call: one table, rendered as a Python file, a C++ header, an R file and a TypeScript file.

import { LANG_NAME, type Lang } from "./model";

/** A function on Ints: its parameter names and its body in each language (R integers are 32-bit). */
export interface Fn {
  name: string;
  params: string[];
  sig: string;
  py: string;
  cpp: string;
  r: string;
  /** TypeScript: Ints are bigints. */
  ts: string;
}

export const INT_FNS: Fn[] = [
  { name: "add", params: ["a", "b"], sig: "Int -> Int -> Int", py: "a + b", cpp: "a + b", r: "as.integer(a + b)", ts: "a + b" },
  { name: "mul", params: ["a", "b"], sig: "Int -> Int -> Int", py: "a * b", cpp: "a * b", r: "as.integer(a * b)", ts: "a * b" },
  { name: "neg", params: ["a"], sig: "Int -> Int", py: "-a", cpp: "-a", r: "as.integer(-a)", ts: "-a" },
  // a step that is not commutative, so folds and zips in the wrong order show
  { name: "step", params: ["b", "x"], sig: "Int -> Int -> Int", py: "b * 10 + x", cpp: "b * 10 + x", r: "as.integer(b * 10L + x)", ts: "b * 10n + x" },
  { name: "answer", params: [], sig: "() -> Int", py: "42", cpp: "42", r: "42L", ts: "42n" },
];

/** Higher-order functions, written by hand in each language (R has no bundled library). */
export const HOFS = {
  py: `def hmap(f, xs):
    return [f(x) for x in xs]

def hfold(f, b, xs):
    for x in xs:
        b = f(b, x)
    return b

def hzip(f, xs, ys):
    return [f(x, y) for x, y in zip(xs, ys)]
`,
  cpp: `template <class A, class B>
std::vector<B> hmap(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
template <class A, class B>
B hfold(std::function<B(B, A)> f, B b, const std::vector<A>& xs) {
    for (const auto& x : xs) b = f(b, x);
    return b;
}
template <class A, class B, class C>
std::vector<C> hzip(std::function<C(A, B)> f, const std::vector<A>& xs, const std::vector<B>& ys) {
    std::vector<C> out;
    for (size_t i = 0; i < xs.size() && i < ys.size(); i++) out.push_back(f(xs[i], ys[i]));
    return out;
}
`,
  r: `hmap <- function(f, xs) lapply(xs, f)
hfold <- function(f, b, xs) Reduce(f, xs, b)
hzip <- function(f, xs, ys) mapply(f, xs, ys, SIMPLIFY = FALSE, USE.NAMES = FALSE)
`,
  // f may call another pool (then it returns a promise): each result is awaited
  ts: `export async function hmap(f: (x: any) => any, xs: any[]): Promise<any[]> {
  const out: any[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}
export async function hfold(f: (b: any, x: any) => any, b: any, xs: any[]): Promise<any> {
  for (const x of xs) b = await f(b, x);
  return b;
}
export async function hzip(f: (x: any, y: any) => any, xs: any[], ys: any[]): Promise<any[]> {
  const out: any[] = [];
  for (let i = 0; i < xs.length && i < ys.length; i++) out.push(await f(xs[i], ys[i]));
  return out;
}
`,
};

export const HOF_SIGS = [
  "hmap a b :: (a -> b) -> [a] -> [b]",
  "hfold a b :: (b -> a -> b) -> b -> [a] -> b",
  "hzip a b c :: (a -> b -> c) -> [a] -> [b] -> [c]",
];

/** The suffixed morloc name of a per-language function: add + py -> addPy. */
export const nm = (f: string, l: Lang) => `${f}${LANG_NAME[l]}`;

/** Source file text defining `fns` (and extra text) in language l. */
export function render(l: Lang, fns: Fn[], extra = ""): string {
  const out: string[] = [];
  if (l === "py") for (const f of fns) out.push(`def ${f.name}(${f.params.join(", ")}):\n    return ${f.py}\n`);
  if (l === "cpp") {
    out.push("#pragma once\n#include <cstdint>\n#include <functional>\n#include <stdexcept>\n#include <string>\n#include <vector>\n");
    for (const f of fns) out.push(`inline int64_t ${f.name}(${f.params.map((p) => `int64_t ${p}`).join(", ")}) { return ${f.cpp}; }\n`);
  }
  if (l === "r") for (const f of fns) out.push(`${f.name} <- function(${f.params.join(", ")}) ${f.r}\n`);
  if (l === "ts") for (const f of fns) out.push(`export function ${f.name}(${f.params.map((p) => `${p}: bigint`).join(", ")}): any {\n  return ${f.ts};\n}\n`);
  return out.join("") + extra;
}

export const FILE: Record<Lang, string> = { py: "fns.py", cpp: "fns.hpp", r: "fns.R", ts: "fns.ts" };

/** `source` lines and signatures for the functions (suffixed by language) and the HOFs. */
export function declareAll(langs: Lang[], fns: Fn[], withHofs: boolean): string[] {
  const lines: string[] = [];
  for (const l of langs) {
    const names = [...fns.map((f) => f.name), ...(withHofs ? ["hmap", "hfold", "hzip"] : [])];
    lines.push(`source ${LANG_NAME[l]} from "${FILE[l]}" (${names.map((n) => `"${n}" as ${nm(n, l)}`).join(", ")})`);
    for (const f of fns) lines.push(`${nm(f.name, l)} :: ${f.sig}`);
    if (withHofs) for (const s of HOF_SIGS) lines.push(s.replace(/^(\w+)/, (n) => nm(n, l)));
  }
  return lines;
}
