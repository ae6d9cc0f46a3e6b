// Serial forms: every type form to depth 2 built from simple (S: a tuple, a list), constructed
// (C: Map Str _ through the library's Packable) and record (R: Person _) forms, plus a table and an
// object, each through an identity in every language and through every ordered two-hop chain.

import {
  BOOL, INT, LANGS, LANG_NAME, REAL, STR, arg, hasMap, list, map, newModule, ok, show, tuple, tyText,
  type GenModule, type Lang, type Ty,
} from "./model";

const person = (a: Ty): Ty => ({ k: "rec", name: "Person", fields: [["name", STR], ["info", a]], arg: a });
const TABLE: Ty = { k: "rec", name: "Ages", fields: [["who", list(STR)], ["years", list(INT)]] };
const OBJECT: Ty = { k: "rec", name: "Thing", fields: [["label", STR], ["n", INT]] };

const S1 = tuple(STR, INT, BOOL);
const S2 = list(REAL);
const simple = [S1, S2];
const wrapS = (x: Ty): Ty[] => [list(x), tuple(STR, x, BOOL)];

/** [form id, type]: S, C, R and the nine depth-2 combinations, then the table and the object. */
export const FORMS: [string, Ty][] = [
  ...simple.map((t, i): [string, Ty] => [`S${i + 1}`, t]),
  ["C", map(INT)],
  ["R", person(INT)],
  ...simple.flatMap((s, i) => wrapS(s).map((t, j): [string, Ty] => [`S${j + 1}ofS${i + 1}`, t])),
  ...wrapS(map(INT)).map((t, j): [string, Ty] => [`S${j + 1}ofC`, t]),
  ...wrapS(person(INT)).map((t, j): [string, Ty] => [`S${j + 1}ofR`, t]),
  ...simple.map((s, i): [string, Ty] => [`CofS${i + 1}`, map(s)]),
  ["CofC", map(map(INT))],
  ["CofR", map(person(INT))],
  ...simple.map((s, i): [string, Ty] => [`RofS${i + 1}`, person(s)]),
  ["RofC", person(map(INT))],
  ["RofR", person(person(INT))],
  ["T", TABLE],
  ["O", OBJECT],
];

/** A deterministic sample value of a type (non-ASCII text and negative numbers included). */
export function sample(t: Ty, seed = 0): unknown {
  switch (t.k) {
    case "int": return [41, -7, 0, 9][seed % 4];
    case "real": return [1.5, -2.25, 0.1, 42][seed % 4];
    case "str": return ["ann", "λé", "", "b c"][seed % 4];
    case "bool": return seed % 2 === 0;
    case "list": return [0, 1, 2].slice(0, 1 + (seed % 3) + 1).map((i) => sample(t.e, seed + i + 1));
    case "tuple": return t.es.map((e, i) => sample(e, seed + i));
    // keys sorted: C++ std::map orders its keys, Python and R keep insertion order
    case "map": return [["a", "b"], [sample(t.v, seed + 1), sample(t.v, seed + 2)]];
    case "rec": return Object.fromEntries(t.fields.map(([f, ft], i) => [f, sample(ft, seed + i + 1)]));
  }
}

const HEADER = `record (Person a) = Person {name :: Str, info :: a}
record Py => (Person a) = "dict"
record Cpp => (Person a) = "struct"
table (Ages) = Ages {who :: Str, years :: Int}
table Py => Ages = "dict"
table Cpp => Ages = "struct"
object (Thing) = Thing {label :: Str, n :: Int}
object Py => Thing = "PyThing"
object Cpp => Thing = "CppThing"
object R => Thing = "RThing"
object TS => Thing = "TsThing"
source Py from "ids.py" ("PyThing")
${LANGS.includes("r") ? `source R from "ids.R" ("RThing")` : ""}
${LANGS.includes("ts") ? `source TS from "ids.ts" ("TsThing")` : ""}
`;

/** Forms a language cannot carry, with the reason (printed in the summary). */
export function unsupported(lang: Lang, t: Ty): string | null {
  return null;
}

function crossing(langs: Lang[], t: Ty): string | null {
  return null;
}

export function serialModules(): GenModule[] {
  // One module per language of the first hop, so the three build in parallel.
  return LANGS.map((first) => {
    const m = newModule("serial", `serial-${first}`);
    const exports: string[] = [];
    const sigs: string[] = [];
    const defs: string[] = [];
    const sourced: Record<Lang, string[]> = { py: [], cpp: [], r: [], ts: [] };
    const declared = new Set<string>();
    const idName = (l: Lang, f: string) => `id${LANG_NAME[l]}${f}`;
    const declare = (l: Lang, f: string, t: Ty) => {
      const n = idName(l, f);
      if (declared.has(n)) return;
      declared.add(n);
      sourced[l].push(`"ident" as ${n}`);
      sigs.push(`${n} :: ${tyText(t)} -> ${tyText(t)}`);
    };
    for (const [f, t] of FORMS) {
      const v = sample(t, f.length);
      const want = show(t, v);
      const skip1 = unsupported(first, t);
      const chains: [string, Lang[]][] = [[`id${f}${LANG_NAME[first]}`, [first]], ...LANGS.map((b): [string, Lang[]] => [`hop${f}${LANG_NAME[first]}${LANG_NAME[b]}`, [first, b]])];
      for (const [name, langs] of chains) {
        const why = skip1 ?? langs.map((l) => unsupported(l, t)).find((x) => x !== null) ?? crossing(langs, t);
        if (why) {
          m.excluded.push({ name, reason: why });
          continue;
        }
        langs.forEach((l) => declare(l, f, t));
        // the innermost call is the first hop
        const body = langs.reduce((acc, l) => `${idName(l, f)} (${acc})`, "x").replace(/\(x\)/, "x");
        exports.push(name);
        defs.push(`${name} :: ${tyText(t)} -> ${tyText(t)}`, `${name} x = ${body}`);
        m.cases.push(ok(name, name, [arg(v)], want));
      }
    }
    const src: string[] = [];
    if (sourced.py.length) src.push(`source Py from "ids.py" (${sourced.py.join(", ")})`);
    if (sourced.cpp.length) src.push(`source Cpp from "ids.hpp" (${sourced.cpp.join(", ")})`);
    if (sourced.r.length) src.push(`source R from "ids.R" (${sourced.r.join(", ")})`);
    if (sourced.ts.length) src.push(`source TS from "ids.ts" (${sourced.ts.join(", ")})`);
    m.files["main.loc"] = [
      `-- generated by tests/conformance/serial.ts: identities and two-hop chains starting in ${first}`,
      `module serial${first} (${exports.join(", ")})`,
      `import types (Map)`,
      `import pybase (keys as pkeys)`,
      `import cppbase (keys as ckeys)`,
      // the modules whose Packable instances carry Map across (packers come from loaded modules)
      ...(LANGS.includes("r") ? [`import rbase (id as rid)`] : []),
      ...(LANGS.includes("ts") ? [`import tsbase (id as tid)`] : []),
      HEADER,
      ...src,
      ...sigs,
      ...defs,
      "",
    ].join("\n");
    m.files["ids.py"] = `def ident(x):
    return x

class PyThing:
    def __init__(self, label, n):
        self.label = label
        self.n = n
`;
    m.files["ids.hpp"] = `#pragma once
template <class T> T ident(T x) { return x; }
class CppThing {
  public:
    std::string label;
    int64_t n;
    CppThing() = default;
    CppThing(std::string l, int64_t k) : label(std::move(l)), n(k) {}
};
`;
    m.files["ids.ts"] = `export const ident = <T>(x: T): T => x;
export class TsThing {
  constructor(public label: string, public n: bigint) {}
}
`;
    m.files["ids.R"] = "ident <- function(x) x\nRThing <- function(label, n) list(label = label, n = n)\n";
    return m;
  });
}
