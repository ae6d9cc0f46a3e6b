// Optionals (language-head A.5): values of `?T` for several element types, null and present, and
// optionals inside lists, tuples and records, through an identity in every language and through
// every ordered two-hop chain; a plain `T` coerced into each language's `?T` identity; and the
// nexus printing a top-level null only with --keep-null.

import { LANGS, LANG_NAME, arg, newModule, ok, pyReal, type GenModule, type Lang } from "./model";

/** The types of this category: the model's, plus `?T` (kept here so model.ts stays as it is). */
type OTy =
  | { k: "int" }
  | { k: "real" }
  | { k: "str" }
  | { k: "bool" }
  | { k: "opt"; e: OTy }
  | { k: "list"; e: OTy }
  | { k: "tuple"; es: OTy[] }
  | { k: "rec"; name: string; fields: [string, OTy][] };

const INT: OTy = { k: "int" };
const REAL: OTy = { k: "real" };
const STR: OTy = { k: "str" };
const BOOL: OTy = { k: "bool" };
const opt = (e: OTy): OTy => ({ k: "opt", e });
const list = (e: OTy): OTy => ({ k: "list", e });
const tuple = (...es: OTy[]): OTy => ({ k: "tuple", es });
const PET: OTy = { k: "rec", name: "Pet", fields: [["name", STR], ["age", opt(INT)], ["tags", opt(list(STR))]] };

function tyText(t: OTy): string {
  switch (t.k) {
    case "int": return "Int";
    case "real": return "Real";
    case "str": return "Str";
    case "bool": return "Bool";
    case "opt": return `?${t.e.k === "opt" ? `(${tyText(t.e)})` : tyText(t.e)}`;
    case "list": return `[${tyText(t.e)}]`;
    case "tuple": return `(${t.es.map(tyText).join(", ")})`;
    case "rec": return t.name;
  }
}

/** Expected one-line JSON (the nexus prints a null anywhere inside a value as `null`). */
function show(t: OTy, v: unknown): string {
  if (t.k === "opt") return v === null ? "null" : show(t.e, v);
  switch (t.k) {
    case "int": return String(v);
    case "real": return pyReal(v as number);
    case "str": return JSON.stringify(v);
    case "bool": return v ? "true" : "false";
    case "list": return `[${(v as unknown[]).map((x) => show(t.e, x)).join(",")}]`;
    case "tuple": return `[${(v as unknown[]).map((x, i) => show(t.es[i]!, x)).join(",")}]`;
    case "rec": {
      const o = v as Record<string, unknown>;
      return `{${t.fields.map(([f, ft]) => `${JSON.stringify(f)}:${show(ft, o[f])}`).join(",")}}`;
    }
  }
}

/** [form id, type, sample values (null and present where the type allows)]. */
const FORMS: [string, OTy, unknown[]][] = [
  ["Int", opt(INT), [null, -7]],
  ["Real", opt(REAL), [null, 2.5]],
  ["Str", opt(STR), [null, "λé x"]],
  ["Bool", opt(BOOL), [null, false]],
  ["List", list(opt(INT)), [[], [null], [3, null, -1, null]]],
  ["RealList", list(opt(REAL)), [[1.5, null, 42]]],
  ["StrList", list(opt(STR)), [["a", null, ""]]],
  ["OfList", opt(list(INT)), [null, [], [4, 5]]],
  ["Tuple", tuple(opt(STR), INT, opt(REAL)), [[null, 1, null], ["b", -2, 0.5]]],
  ["OfTuple", opt(tuple(INT, STR)), [null, [9, "z"]]],
  ["TupleList", list(opt(tuple(INT, opt(STR)))), [[[1, null], null, [2, "q"]]]],
  ["Rec", PET, [{ name: "rex", age: null, tags: null }, { name: "tom", age: 3, tags: ["a", "b"] }]],
  ["OfRec", opt(PET), [null, { name: "kit", age: 1, tags: [] }]],
  ["RecList", list(PET), [[{ name: "a", age: null, tags: ["x"] }, { name: "b", age: 0, tags: null }]]],
  // both levels of ?(?T) share one null
  ["Nested", opt(opt(INT)), [null, 12]],
];

/** Scalar forms whose plain `T` is also passed to the `?T` identity (implicit coercion of an argument). */
const COERCE: [string, OTy, unknown][] = [
  ["Int", INT, 5],
  ["Real", REAL, -0.25],
  ["Str", STR, "hi"],
  ["Bool", BOOL, true],
  ["OfList", list(INT), [1, 2]],
  ["OfRec", PET, { name: "sam", age: 2, tags: null }],
];

const HEADER = `record Pet = Pet {name :: Str, age :: ?Int, tags :: ?[Str]}
record Py => Pet = "dict"
record Cpp => Pet = "struct"
record R => Pet = "list"
`;

export function optionalModules(): GenModule[] {
  // One module per language of the first hop, so the three build in parallel.
  return LANGS.map((first) => {
    const m = newModule("optional", `optional-${first}`);
    const exports: string[] = [];
    const sigs: string[] = [];
    const defs: string[] = [];
    const sourced: Record<Lang, string[]> = { py: [], cpp: [], r: [], ts: [] };
    const declared = new Set<string>();
    const idName = (l: Lang, f: string) => `id${LANG_NAME[l]}${f}`;
    const declare = (l: Lang, f: string, t: OTy) => {
      const n = idName(l, f);
      if (declared.has(n)) return;
      declared.add(n);
      sourced[l].push(`"ident" as ${n}`);
      sigs.push(`${n} :: ${tyText(t)} -> ${tyText(t)}`);
    };
    const addCases = (name: string, t: OTy, values: unknown[]) =>
      values.forEach((v, i) => {
        const want = show(t, v);
        if (want === "null") {
          // a top-level null prints nothing, unless --keep-null is given
          m.cases.push(ok(`${name}#${i}`, name, [arg(v)], ""));
          m.cases.push(ok(`${name}#${i}keep`, name, ["--keep-null", arg(v)], "null"));
        } else m.cases.push(ok(`${name}#${i}`, name, [arg(v)], want));
      });
    for (const [f, t, values] of FORMS) {
      const chains: [string, Lang[]][] = [[`id${f}${LANG_NAME[first]}`, [first]], ...LANGS.map((b): [string, Lang[]] => [`hop${f}${LANG_NAME[first]}${LANG_NAME[b]}`, [first, b]])];
      for (const [name, langs] of chains) {
        langs.forEach((l) => declare(l, f, t));
        // the innermost call is the first hop
        const body = langs.reduce((acc, l) => `${idName(l, f)} (${acc})`, "x").replace(/\(x\)/, "x");
        exports.push(name);
        defs.push(`${name} :: ${tyText(t)} -> ${tyText(t)}`, `${name} x = ${body}`);
        addCases(name, t, values);
      }
    }
    // a plain T where the first language's ?T identity wants its argument; the result is a ?T
    for (const [f, t, v] of COERCE) {
      const name = `coerce${f}${LANG_NAME[first]}`;
      const ot = opt(t);
      declare(first, f, ot);
      exports.push(name);
      defs.push(`${name} :: ${tyText(t)} -> ${tyText(ot)}`, `${name} x = ${idName(first, f)} x`);
      m.cases.push(ok(name, name, [arg(v)], show(t, v)));
    }
    // the Null literal, and literal elements coerced into a list of optionals, crossing into the language
    exports.push(`nulls${LANG_NAME[first]}`, `mixed${LANG_NAME[first]}`);
    declare(first, "List", list(opt(INT)));
    declare(first, "StrList", list(opt(STR)));
    defs.push(`nulls${LANG_NAME[first]} x = ${idName(first, "List")} [Null, x, Null]`);
    defs.push(`mixed${LANG_NAME[first]} x = ${idName(first, "StrList")} [x, Null, "lit"]`);
    m.cases.push(ok(`nulls${LANG_NAME[first]}`, `nulls${LANG_NAME[first]}`, ["8"], "[null,8,null]"));
    m.cases.push(ok(`mixed${LANG_NAME[first]}`, `mixed${LANG_NAME[first]}`, [arg("s")], '["s",null,"lit"]'));

    const src: string[] = [];
    if (sourced.py.length) src.push(`source Py from "ids.py" (${sourced.py.join(", ")})`);
    if (sourced.cpp.length) src.push(`source Cpp from "ids.hpp" (${sourced.cpp.join(", ")})`);
    if (sourced.r.length) src.push(`source R from "ids.R" (${sourced.r.join(", ")})`);
    if (sourced.ts.length) src.push(`source TS from "ids.ts" (${sourced.ts.join(", ")})`);
    m.files["main.loc"] = [
      `-- generated by tests/conformance/optional.ts: optionals through identities and two-hop chains starting in ${first}`,
      `module optional${first} (${exports.join(", ")})`,
      `import types`,
      HEADER,
      ...src,
      ...sigs,
      ...defs,
      "",
    ].join("\n");
    m.files["ids.py"] = "def ident(x):\n    return x\n";
    m.files["ids.hpp"] = "#pragma once\ntemplate <class T> T ident(T x) { return x; }\n";
    m.files["ids.R"] = "ident <- function(x) x\n";
    m.files["ids.ts"] = "export const ident = <T>(x: T): T => x;\n";
    return m;
  });
}
