// The type scope of a program: general aliases, records and the per-language concrete mappings
// (global, as in the reference: a `type Cpp => Real = "double"` anywhere serves every module).
// Turns written type expressions into general types, and general types into C++ type text.

import type * as Src from "../frontend/ast";
import { CompileError, type Span } from "../diagnostics";
import { con, isTupleName, PRIMITIVES, showType, tupleName, type Type } from "./type";
import type { Packers } from "./packers";
import { isOptional, OPTIONAL } from "./optional";

interface Alias {
  params: string[];
  rhs: Src.TypeExpr;
  span: Span;
}

/** The module that wrote a type definition: its name and every module it imports (transitively). */
export interface TypedefOwner {
  name: string;
  deps: Set<string>;
}

export interface RecordDef {
  name: string;
  /** An object is built by a constructor of the language (a class), not as a plain record. */
  form: "record" | "object" | "table";
  params: string[];
  fields: { name: string; type: Src.TypeExpr }[];
}

export class TypeScope {
  /** Set by the type checker once every instance is known; schemas then follow packers. */
  packers?: Packers;
  private general = new Map<string, Alias>();
  private records = new Map<string, RecordDef>();
  private concrete = new Map<string, Map<string, Alias[]>>();
  /** `object Lang => Name = "Ctor"`: the class that builds an object in a language. */
  private ctors = new Map<string, string>();
  /** `table R => T = "data.frame"`: tables that are data frames in a language. */
  private frames = new Set<string>();

  /** Types imported under another name: alias → the imported type's own name. */
  private renames = new Map<string, string>();

  constructor(typedefs: Src.TypeDef[], owners?: Map<Src.TypeDef, TypedefOwner>, renames: { alias: string; name: string; span: Span }[] = []) {
    for (const r of renames) {
      const prev = this.renames.get(r.alias);
      if (prev !== undefined && prev !== r.name)
        throw new CompileError("ConflictingTypeAliases", { kind: "imported", alias: r.alias, first: prev, second: r.name }, r.span);
      this.renames.set(r.alias, r.name);
    }
    const written: { lang: Src.Lang; td: Src.TypeDef }[] = [];
    for (const td of typedefs) {
      // "struct", "dict", "list" and "data.frame" name the plain record forms, not a user class.
      if (td.form === "object" && td.lang && td.ctorIsConcrete && td.ctor && !["struct", "dict", "list", "data.frame"].includes(td.ctor))
        this.ctors.set(`${td.lang}:${td.name}`, td.ctor);
      if (td.form === "table" && td.lang && td.ctor === "data.frame") this.frames.add(`${td.lang}:${td.name}`);
      if (td.form === "type" && td.rhs) {
        if (td.lang === null) {
          const prev = this.general.get(td.name);
          if (prev && JSON.stringify(stripSpans(prev.rhs)) !== JSON.stringify(stripSpans(td.rhs)))
            throw new CompileError("ConflictingTypeAliases", { kind: "twice", name: td.name }, td.span);
          this.general.set(td.name, { params: td.params, rhs: td.rhs, span: td.span });
        } else written.push({ lang: td.lang, td });
      } else if (td.form !== "type" && td.lang === null && td.fields) {
        // A table is a record of columns: every field T becomes [T].
        const fields = td.form === "table" ? td.fields.map((f) => ({ name: f.name, type: { kind: "tlist", elem: f.type, span: f.span } as Src.TypeExpr })) : td.fields;
        this.records.set(td.name, { name: td.name, form: td.form, params: td.params, fields });
      }
    }
    this.concreteMappings(written, owners);
  }

  /**
   * Keeps one concrete mapping per language, name and arity. The same mapping written twice (say
   * locally and in the types module) is one mapping. A module's own mapping overrides those of the
   * modules it imports (so `type Cpp => Int = "int"` beside `import cppbase` wins, and serves the
   * whole pool); two different mappings of which neither overrides the other cannot both hold.
   */
  private concreteMappings(written: { lang: Src.Lang; td: Src.TypeDef }[], owners?: Map<Src.TypeDef, TypedefOwner>): void {
    const groups = new Map<string, { lang: Src.Lang; td: Src.TypeDef }[]>();
    for (const w of written) {
      // a mapping for one instance (`type TS => (List Real) = "Float64Array"`) stands beside the general one
      const k = `${w.lang}\0${w.td.name}\0${w.td.params.length}${specialized(w.td.params) ? `\0${w.td.params.join(" ")}` : ""}`;
      groups.set(k, [...(groups.get(k) ?? []), w]);
    }
    const form = (td: Src.TypeDef) => JSON.stringify(stripSpans(renamed({ params: td.params, rhs: td.rhs! })));
    for (const group of groups.values()) {
      // A definition is overridden when a different one is written in a module that imports its module.
      const overridden = (w: { td: Src.TypeDef }) => {
        const mine = owners?.get(w.td);
        return mine !== undefined && group.some((o) => {
          const theirs = owners?.get(o.td);
          return theirs !== undefined && theirs.deps.has(mine.name) && form(o.td) !== form(w.td);
        });
      };
      const kept = group.filter((w) => !overridden(w));
      const first = kept[0]!;
      const other = kept.find((w) => form(w.td) !== form(first.td));
      if (other)
        throw new CompileError(
          "ConflictingTypeAliases",
          { kind: "mappings", lang: langName(other.lang), name: other.td.name, other: `${first.td.span.file}:${first.td.span.line}:${first.td.span.col}`,
            owned: owners?.get(first.td)?.name === owners?.get(other.td)?.name },
          other.td.span,
        );
      let m = this.concrete.get(first.lang);
      if (!m) this.concrete.set(first.lang, (m = new Map()));
      m.set(first.td.name, [...(m.get(first.td.name) ?? []), { params: first.td.params, rhs: first.td.rhs!, span: first.td.span }]);
    }
  }

  /** A written type → a general type. `vars` maps type variable names to what they stand for. */
  toType(e: Src.TypeExpr, vars: Map<string, Type>, depth = 0): Type {
    if (depth > 64) throw new CompileError("SelfRecursiveTypeAlias", { kind: "alias" }, e.span);
    switch (e.kind) {
      case "tvar": {
        const v = vars.get(e.name);
        if (!v) throw new CompileError("UnboundTypeVariable", { name: e.name }, e.span);
        return v;
      }
      case "tunit":
        return con("Unit");
      case "tlist":
        return con("List", this.toType(e.elem, vars, depth));
      case "ttuple":
        return con(tupleName(e.elems.length), ...e.elems.map((x) => this.toType(x, vars, depth)));
      case "tfun":
        return { k: "fun", args: e.args.map((x) => this.toType(x, vars, depth)), ret: this.toType(e.ret, vars, depth) };
      case "tconcrete":
        throw new CompileError("ConcreteTypeInSignature", {}, e.span);
      case "tcon": {
        const args = e.args.map((x) => this.toType(x, vars, depth));
        if (/^[a-z]/.test(e.name)) {
          const v = vars.get(e.name);
          if (!v) throw new CompileError("UnboundTypeVariable", { name: e.name }, e.span);
          if (args.length > 0) throw new CompileError("HigherKindedType", { name: e.name }, e.span);
          return v;
        }
        const renamed = this.renames.get(e.name);
        if (renamed !== undefined && !this.general.has(e.name) && !this.records.has(e.name)) return this.toType({ ...e, name: renamed }, vars, depth + 1);
        const alias = this.general.get(e.name);
        if (alias) {
          if (alias.params.length !== args.length)
            throw new CompileError("BadTypeAliasParameters", { name: e.name, want: alias.params.length, given: args.length }, e.span);
          const inner = new Map(alias.params.map((p, i) => [p, args[i]!] as const));
          return this.toType(alias.rhs, inner, depth + 1);
        }
        return con(e.name, ...args);
      }
    }
  }

  /** The class that builds objects of type `name` in `lang`, when it is an object with one. */
  objectCtor(lang: Src.Lang, name: string): string | undefined {
    return this.records.get(name)?.form === "object" ? this.ctors.get(`${lang}:${name}`) : undefined;
  }

  /** True when table `name` is a data frame in `lang` (R). */
  isDataFrame(lang: Src.Lang, name: string): boolean {
    return this.frames.has(`${lang}:${name}`);
  }

  /**
   * True when `t` or a type inside it (a type argument, or a record's field) is a named type that
   * satisfies `pred`. Function types hold nothing that crosses, so they never match.
   */
  contains(t: Type, pred: (t: Extract<Type, { k: "con" }>) => boolean): boolean {
    if (t.k !== "con") return false;
    if (pred(t)) return true;
    const rec = this.records.get(t.name);
    if (rec) return this.fieldTypes(rec, t.args).some((f) => this.contains(f.type, pred));
    return t.args.some((a) => this.contains(a, pred));
  }

  /** The general record definition named `name`, if any. */
  record(name: string): RecordDef | undefined {
    return this.records.get(name);
  }

  /** Every record whose field names are exactly `keys` (record promotion of a literal). */
  recordsWithFields(keys: string[]): RecordDef[] {
    const want = [...keys].sort().join(",");
    return [...this.records.values()].filter((r) => r.fields.map((f) => f.name).sort().join(",") === want);
  }

  /** Every record that has a field `key`. */
  recordsWithField(key: string): RecordDef[] {
    return [...this.records.values()].filter((r) => r.fields.some((f) => f.name === key));
  }

  /** The general types of a record's fields at the given type arguments. */
  fieldTypes(rec: RecordDef, args: Type[]): { name: string; type: Type }[] {
    const env = new Map(rec.params.map((p, i) => [p, args[i] ?? con("Unit")] as const));
    return rec.fields.map((f) => ({ name: f.name, type: this.toType(f.type, env) }));
  }

  /**
   * The text of the concrete type of `t` in `lang` (C++ needs it; Python and R do not).
   * `vars` names rigid type variables (template parameters); `onRecord` hears of each record used.
   */
  concreteText(lang: Src.Lang, t: Type, span: Span | undefined, vars?: Map<string, string>, onRecord?: (name: string) => void): string {
    const render = (t: Type, depth: number): string => {
      if (depth > 64) throw new CompileError("SelfRecursiveTypeAlias", { kind: "mapping", lang, type: showType(t) }, span);
      switch (t.k) {
        case "var":
          if (vars?.has(t.name)) return vars.get(t.name)!;
        // falls through
        case "meta":
          throw new CompileError("CannotInferConcreteType", { kind: "type", lang: langName(lang), type: showType(t) }, span);
        case "fun":
          return `std::function<${render(t.ret, depth)}(${t.args.map((a) => render(a, depth)).join(",")})>`;
        case "con": {
          // `?T` is built in: std::optional in C++ (nested for `?(?T)`, whose codec shares one null);
          // Python and R hold the value or None/NULL
          if (isOptional(t)) return lang === "cpp" ? `std::optional<${render(t.args[0], depth + 1)}>` : render(t.args[0], depth + 1);
          const options = (this.concrete.get(lang)?.get(t.name) ?? []).filter((a) => a.params.length === t.args.length);
          // a mapping for this very instance first (each capitalised parameter names the argument's type)
          const fits = (a: Alias) => a.params.every((p, i) => !isTypeName(p) || (t.args[i]!.k === "con" && t.args[i]!.name === p && t.args[i]!.args.length === 0));
          const alias = options.find((a) => specialized(a.params) && fits(a)) ?? options.find((a) => !specialized(a.params));
          if (!alias) {
            if (this.records.has(t.name)) {
              onRecord?.(t.name);
              const args = t.args.map((a) => render(a, depth + 1));
              return (this.objectCtor(lang, t.name) ?? recordStructName(t.name)) + (args.length ? `<${args.join(", ")}>` : "");
            }
            throw new CompileError(
              "MissingConcreteType",
              { lang: langName(lang), type: showType(t), example: `${t.name}${t.args.length ? " " + t.args.map((_, i) => "abcdefgh"[i]).join(" ") : ""}` },
              span,
            );
          }
          const env = new Map(alias.params.map((p, i) => [p, t.args[i]!] as const));
          if (alias.rhs.kind === "tconcrete") {
            const parts = alias.rhs.args.map((a) => render(this.substitute(a, env), depth + 1));
            return alias.rhs.text.replace(/\$(\d+)/g, (_, n) => parts[Number(n) - 1] ?? `$${n}`);
          }
          return render(this.substitute(alias.rhs, env), depth + 1);
        }
      }
    };
    return render(t, 0);
  }

  /** The text a program's mapping gives the head of `t` in `lang` (`"list"` for `List` in Python), if any. */
  concreteHead(lang: Src.Lang, t: Type): string | undefined {
    if (t.k !== "con") return undefined;
    const alias = (this.concrete.get(lang)?.get(t.name) ?? []).find((a) => a.params.length === t.args.length);
    return alias?.rhs.kind === "tconcrete" ? alias.rhs.text : undefined;
  }

  /**
   * The schema string of a general type (docs/arena.md). With `generic` (a command the nexus
   * answers itself), a type variable is `*`: any JSON, printed back as given.
   */
  schema(t: Type, span: Span | undefined, generic = false): string {
    switch (t.k) {
      case "meta":
      case "var":
        if (generic) return "*";
        throw new CompileError("CannotInferConcreteType", { kind: "pass", type: showType(t) }, span);
      case "fun":
        throw new CompileError("FunctionSerialization", { kind: "pass", type: showType(t) }, span);
      case "con": {
        switch (t.name) {
          case "Unit": return "z";
          case "Bool": return "b";
          case "Int": return "i8";
          case "Real": return "f8";
          case "Str": return "s";
          case "List": return "a" + this.schema(t.args[0]!, span, generic);
          case OPTIONAL: {
            // both levels of `?(?T)` share one wire null
            const inner = this.schema(t.args[0]!, span, generic);
            return inner.startsWith("?") ? inner : "?" + inner;
          }
        }
        const sized = FIXED_WIDTH[t.name];
        if (sized && t.args.length === 0) return sized;
        if (isTupleName(t.name)) return `t${t.args.length}:` + t.args.map((a) => this.schema(a, span, generic)).join("");
        const rec = this.records.get(t.name);
        if (rec) {
          const env = new Map(rec.params.map((p, i) => [p, t.args[i] ?? con("Unit")] as const));
          return `m${rec.fields.length}:` + rec.fields.map((f) => `${Buffer.byteLength(f.name)}:${f.name}${this.schema(this.toType(f.type, env), span, generic)}`).join("");
        }
        const packing = this.packers?.packing(t);
        if (packing) return this.schema(packing.unpacked, span, generic);
        // Instances written for other arguments (`Map Str val`) do not serve this use: say which exist.
        const heads = this.packers?.heads(t.name) ?? [];
        if (heads.length > 0)
          throw new CompileError("SerializationError", { kind: "uncovered", type: showType(t), heads }, span);
        throw new CompileError("SerializationError", { kind: "unknown", type: showType(t), name: t.name }, span);
      }
    }
  }

  isKnownType(name: string): boolean {
    return PRIMITIVES.has(name) || name === OPTIONAL || isTupleName(name) || this.renames.has(name) || this.general.has(name) || this.records.has(name) || [...this.concrete.values()].some((m) => m.has(name));
  }

  private substitute(e: Src.TypeExpr, env: Map<string, Type>): Type {
    return this.toType(e, env);
  }
}

export const langName = (lang: Src.Lang) => ({ py: "Py", cpp: "Cpp", r: "R", ts: "TS", c: "C", perl: "Perl" })[lang];
export const recordStructName = (name: string) => `mlc_record_${name}`;

/** An alias with its parameters renamed by position, so `List a` and `List b` compare equal. */
const isTypeName = (p: string) => /^[A-Z]/.test(p);
/** A concrete mapping's head names a type among its parameters: it maps that one instance. */
const specialized = (params: string[]) => params.some(isTypeName);

function renamed(a: { params: string[]; rhs: Src.TypeExpr }): unknown {
  const names = new Map(a.params.map((p, i) => [p, `$p${i}`] as const));
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(go);
    if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if ((o.kind === "tvar" || o.kind === "tcon") && typeof o.name === "string" && names.has(o.name)) return { ...o, kind: "tvar", name: names.get(o.name) };
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, go(v)]));
    }
    return x;
  };
  return go(a.rhs);
}

function stripSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSpans);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).filter(([k]) => k !== "span").map(([k, v]) => [k, stripSpans(v)]));
  return x;
}

/** The fixed-width number types (language-head.md A.5) and their schemas; libraries map them per language. */
const FIXED_WIDTH: Record<string, string> = {
  I8: "i1", I16: "i2", I32: "i4", I64: "i8", U8: "u1", U16: "u2", U32: "u4", U64: "u8", F32: "f4", F64: "f8",
};
