// Packers: how a type that has no binary form of its own (e.g. `Map k v`) crosses languages.
// A `Packable Unpacked Packed` instance says: `unpack :: Packed -> Unpacked` turns a value into a
// form that can cross, `pack :: Unpacked -> Packed` rebuilds it on the other side. Packers are
// global, as in the reference: every loaded module's instances count, whatever the imports.

import type * as Src from "../frontend/ast";
import type { Resolved, SourceDef } from "../resolve";
import type { TypeScope } from "./scope";
import { con, isTupleName, PRIMITIVES, showType, type Type } from "./type";
import { typeVars } from "./typevars";

interface PackerDef {
  /** Instance type variables in order of appearance: the C++ template arguments of pack/unpack. */
  vars: string[];
  unpacked: Src.TypeExpr;
  packed: Src.TypeExpr;
  pack: SourceDef[];
  unpack: SourceDef[];
}

/** One packed type at one use: the form it crosses in and the functions that convert. */
export interface Packing {
  /** The type the value crosses as (one unpacking step; may itself hold packed types). */
  unpacked: Type;
  pack: (lang: Src.Lang) => SourceDef | undefined;
  unpack: (lang: Src.Lang) => SourceDef | undefined;
  /** The instance variables of the instance that gives `lang` this function: C++ template arguments. */
  templateArgs: (which: "pack" | "unpack", lang: Src.Lang) => Type[] | undefined;
}

export class Packers {
  private byName = new Map<string, PackerDef[]>();

  constructor(program: Resolved, private scope: TypeScope) {
    const key = (types: Src.TypeExpr[]) => JSON.stringify(types, (k, v) => (k === "span" ? undefined : v));
    const defs = new Map<string, PackerDef>();
    for (const { method, impl } of program.instances) {
      if (impl.cls !== "Packable" || impl.types.length !== 2 || impl.impl.kind !== "source") continue;
      const packed = impl.types[1]!;
      if (packed.kind !== "tcon") continue;
      const k = key(impl.types);
      let def = defs.get(k);
      if (!def) {
        const vars = typeVars(impl.types[0]!);
        for (const v of typeVars(packed)) if (!vars.includes(v)) vars.push(v);
        def = { vars, unpacked: impl.types[0]!, packed, pack: [], unpack: [] };
        defs.set(k, def);
        const list = this.byName.get(packed.name) ?? [];
        list.push(def);
        this.byName.set(packed.name, list);
      }
      if (method === "pack") def.pack.push(impl.impl.src);
      if (method === "unpack") def.unpack.push(impl.impl.src);
    }
  }

  /**
   * How `t` crosses, when it is a packed type (a named type with a Packable instance). Several
   * instances may match (`Map key val` in Python and C++, `Map Str val` in R and in a user's
   * module): the most specific matching instance sets the form, and each language takes its
   * functions from the most specific matching instance that has them in that form.
   */
  packing(t: Type): Packing | undefined {
    if (t.k !== "con" || PRIMITIVES.has(t.name) || isTupleName(t.name) || this.scope.record(t.name)) return undefined;
    const matches: { def: PackerDef; env: Map<string, Type>; unpacked: Type }[] = [];
    for (const def of this.byName.get(t.name) ?? []) {
      const env = this.match(def, t);
      if (env) matches.push({ def, env, unpacked: this.scope.toType(def.unpacked, env) });
    }
    // stable: among instances as specific as each other, the first loaded still comes first
    matches.sort((a, b) => specificity(b.def.packed) - specificity(a.def.packed));
    const first = matches[0];
    if (!first) return undefined;
    const form = showType(first.unpacked);
    const serving = matches.filter((m) => showType(m.unpacked) === form);
    const find = (which: "pack" | "unpack", lang: Src.Lang) => {
      const m = serving.find((m) => m.def[which].some((s) => s.lang === lang));
      return m && { src: m.def[which].find((s) => s.lang === lang)!, inst: m.def.vars.map((v) => m.env.get(v)!) };
    };
    return {
      unpacked: first.unpacked,
      pack: (lang) => find("pack", lang)?.src,
      unpack: (lang) => find("unpack", lang)?.src,
      templateArgs: (which, lang) => find(which, lang)?.inst,
    };
  }

  /** Binds an instance's variables by matching its packed head against `t`; undefined if it does not fit. */
  private match(def: PackerDef, t: Extract<Type, { k: "con" }>): Map<string, Type> | undefined {
    if (def.packed.kind !== "tcon" || def.packed.args.length !== t.args.length) return undefined;
    // The head with a hole for each instance variable; aliases in it are expanded like anywhere.
    const hole = (v: string): Type => ({ k: "var", name: `?${v}` });
    const pattern = this.scope.toType(def.packed, new Map(def.vars.map((v) => [v, hole(v)] as const)));
    const env = new Map<string, Type>();
    const fits = (p: Type, a: Type): boolean => {
      if (p.k === "var" && p.name.startsWith("?")) {
        const bound = env.get(p.name.slice(1));
        if (bound) return showType(bound) === showType(a);
        env.set(p.name.slice(1), a);
        return true;
      }
      if (p.k === "con" && a.k === "con") return p.name === a.name && p.args.length === a.args.length && p.args.every((x, i) => fits(x, a.args[i]!));
      if (p.k === "fun" && a.k === "fun") return p.args.length === a.args.length && p.args.every((x, i) => fits(x, a.args[i]!)) && fits(p.ret, a.ret);
      return false;
    };
    if (!fits(pattern, t)) return undefined;
    for (const v of def.vars) if (!env.has(v)) env.set(v, con("Unit"));
    return env;
  }

  /** The packed heads of the instances for the type `name`, as written (`Map Str val`). */
  heads(name: string): string[] {
    const show = (d: PackerDef) => showType(this.scope.toType(d.packed, new Map(d.vars.map((v) => [v, { k: "var", name: v } as Type] as const))));
    return [...new Set((this.byName.get(name) ?? []).map(show))];
  }

  /** The form a value of type `t` crosses in: every packed type inside replaced by its unpacked form. */
  wire(t: Type): Type {
    if (t.k !== "con") return t;
    const p = this.packing(t);
    if (p) return this.wire(p.unpacked);
    return t.args.length === 0 ? t : con(t.name, ...t.args.map((a) => this.wire(a)));
  }

  /** True when a value of type `t` needs converting before and after it crosses. */
  needsPacking(t: Type): boolean {
    return this.scope.contains(t, (c) => this.packing(c) !== undefined);
  }
}

/** How much of an instance head is fixed: `Map Str val` (2) is more specific than `Map key val` (1). */
function specificity(e: Src.TypeExpr): number {
  switch (e.kind) {
    case "tvar":
      return 0;
    case "tcon":
      return /^[a-z]/.test(e.name) ? 0 : 1 + e.args.reduce((n, a) => n + specificity(a), 0);
    case "tlist":
      return 1 + specificity(e.elem);
    case "ttuple":
      return 1 + e.elems.reduce((n, a) => n + specificity(a), 0);
    case "tfun":
      return 1 + [...e.args, e.ret].reduce((n, a) => n + specificity(a), 0);
    default:
      return 1;
  }
}
