// The conformance matrix's data model: generated modules, their cases, and an independent printer
// of expected output (the generator computes what the nexus must print; it never runs the nexus).

export type Lang = "py" | "cpp" | "r" | "ts";
export const LANG_NAME: Record<Lang, string> = { py: "Py", cpp: "Cpp", r: "R", ts: "TS" };

/** Switch R rows on or off in one place (R needs Rscript on the machine). */
export const WITH_R = process.env.MORLOC_CONFORMANCE_R !== "0" && Bun.which("Rscript") !== null;
/** TypeScript rows (the pool runs on the nexus itself, so nothing is needed); MORLOC_CONFORMANCE_TS=0 switches them off. */
export const WITH_TS = process.env.MORLOC_CONFORMANCE_TS !== "0";
export const LANGS: Lang[] = ["py", "cpp", ...(WITH_R ? ["r" as const] : []), ...(WITH_TS ? ["ts" as const] : [])];

export interface Case {
  /** Unique within its category; the exported command is usually this name. */
  name: string;
  /** The nexus's arguments after the command name (JSON literals or file names in the module folder). */
  args: string[];
  command: string;
  stdout: string;
  exit: number;
  /** Text standard error must contain (null: not checked). */
  stderr: string | null;
}

/** A `morloc typecheck -r` check: in the export's block, each pattern matches some line. */
export interface TypecheckCase {
  name: string;
  export: string;
  expect: string[];
}

export interface Excluded {
  name: string;
  reason: string;
}

export interface GenModule {
  category: string;
  /** Folder name under tests/.tmp/conformance/<category>/. */
  name: string;
  files: Record<string, string>;
  cases: Case[];
  typechecks: TypecheckCase[];
  excluded: Excluded[];
}

export function newModule(category: string, name: string): GenModule {
  return { category, name, files: {}, cases: [], typechecks: [], excluded: [] };
}

// ---- types and values -------------------------------------------------------------------------

export type Ty =
  | { k: "int" }
  | { k: "real" }
  | { k: "str" }
  | { k: "bool" }
  | { k: "list"; e: Ty }
  | { k: "tuple"; es: Ty[] }
  | { k: "map"; v: Ty }
  | { k: "rec"; name: string; fields: [string, Ty][]; arg?: Ty };

export const INT: Ty = { k: "int" };
export const REAL: Ty = { k: "real" };
export const STR: Ty = { k: "str" };
export const BOOL: Ty = { k: "bool" };
export const list = (e: Ty): Ty => ({ k: "list", e });
export const tuple = (...es: Ty[]): Ty => ({ k: "tuple", es });
export const map = (v: Ty): Ty => ({ k: "map", v });

/** The morloc text of a type. */
export function tyText(t: Ty): string {
  switch (t.k) {
    case "int": return "Int";
    case "real": return "Real";
    case "str": return "Str";
    case "bool": return "Bool";
    case "list": return `[${tyText(t.e)}]`;
    case "tuple": return `(${t.es.map(tyText).join(", ")})`;
    case "map": return `Map Str ${atom(t.v)}`;
    case "rec": return t.arg ? `${t.name} ${atom(t.arg)}` : t.name;
  }
}
function atom(t: Ty): string {
  const s = tyText(t);
  return (t.k === "map" || (t.k === "rec" && t.arg)) ? `(${s})` : s;
}

/** Does the type contain a Map (a Packable, constructed form)? */
export function hasMap(t: Ty): boolean {
  switch (t.k) {
    case "list": return hasMap(t.e);
    case "tuple": return t.es.some(hasMap);
    case "map": return true;
    case "rec": return t.fields.some(([, f]) => hasMap(f));
    default: return false;
  }
}

/** A Python-repr float: shortest round trip, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyReal(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expText] = x.toExponential().split("e") as [string, string];
  const e = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (e >= -4 && e < 16) {
    if (e >= digits.length - 1) body = digits + "0".repeat(e - digits.length + 1) + ".0";
    else if (e >= 0) body = digits.slice(0, e + 1) + "." + digits.slice(e + 1);
    else body = "0." + "0".repeat(-e - 1) + digits;
  } else {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    body = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return (neg ? "-" : "") + body;
}

/** Expected one-line JSON output of a value of type t (Maps are [keys, values] pairs). */
export function show(t: Ty, v: unknown): string {
  switch (t.k) {
    case "int": return typeof v === "bigint" ? v.toString() : String(v as number);
    case "real": return pyReal(v as number);
    case "str": return JSON.stringify(v);
    case "bool": return v ? "true" : "false";
    case "list": return `[${(v as unknown[]).map((x) => show(t.e, x)).join(",")}]`;
    case "tuple": return `[${(v as unknown[]).map((x, i) => show(t.es[i]!, x)).join(",")}]`;
    case "map": {
      const [ks, vs] = v as [string[], unknown[]];
      return `[${show(list(STR), ks)},[${vs.map((x) => show(t.v, x)).join(",")}]]`;
    }
    case "rec": {
      const o = v as Record<string, unknown>;
      return `{${t.fields.map(([f, ft]) => `${JSON.stringify(f)}:${show(ft, o[f])}`).join(",")}}`;
    }
  }
}

/** The command-line JSON of a value (bigints written as plain integers). */
export function arg(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `@@${x}@@` : x)).replace(/"@@(-?\d+)@@"/g, "$1");
}

export function ok(name: string, command: string, args: string[], stdout: string): Case {
  return { name, command, args, stdout, exit: 0, stderr: null };
}
