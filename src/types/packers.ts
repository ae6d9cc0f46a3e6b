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
  /** Instantiated instance variables, for C++ template arguments. */
  inst: Type[];
  pack: (lang: Src.Lang) => SourceDef | undefined;
  unpack: (lang: Src.Lang) => SourceDef | undefined;
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
   * instances may match (`Map key val` in Python and C++, `Map Str val` in R): each language takes
   * its functions from the first matching instance that has them; the first one sets the form.
   */
  packing(t: Type): Packing | undefined {
    if (t.k !== "con" || PRIMITIVES.has(t.name) || isTupleName(t.name) || this.scope.record(t.name)) return undefined;
    const matches: { def: PackerDef; env: Map<string, Type> }[] = [];
    for (const def of this.byName.get(t.name) ?? []) {
      const env = this.match(def, t);
      if (env) matches.push({ def, env });
    }
    const first = matches[0];
    if (!first) return undefined;
    return {
      unpacked: this.scope.toType(first.def.unpacked, first.env),
      inst: first.def.vars.map((v) => first.env.get(v)!),
      pack: (lang) => matches.flatMap((m) => m.def.pack).find((s) => s.lang === lang),
      unpack: (lang) => matches.flatMap((m) => m.def.unpack).find((s) => s.lang === lang),
    };
  }

  /** Binds an instance's variables by matching its packed head against `t`; undefined if it does not fit. */
  private match(def: PackerDef, t: Extract<Type, { k: "con" }>): Map<string, Type> | undefined {
    if (def.packed.kind !== "tcon" || def.packed.args.length !== t.args.length) return undefined;
    const env = new Map<string, Type>();
    for (let i = 0; i < def.packed.args.length; i++) {
      const a = def.packed.args[i]!;
      const actual = t.args[i]!;
      if (a.kind === "tvar" || (a.kind === "tcon" && /^[a-z]/.test(a.name) && a.args.length === 0)) {
        const bound = env.get(a.name);
        if (bound && showType(bound) !== showType(actual)) return undefined;
        env.set(a.name, actual);
      } else if (typeVars(a).length === 0) {
        // A concrete argument (R's `Map Str val`): it must be exactly the type used.
        if (showType(this.scope.toType(a, new Map())) !== showType(actual)) return undefined;
      } else return undefined;
    }
    for (const v of def.vars) if (!env.has(v)) env.set(v, con("Unit"));
    return env;
  }

  /** How many type arguments the packed type `name` takes (from its first Packable instance). */
  arity(name: string): number {
    const def = this.byName.get(name)?.[0];
    return def && def.packed.kind === "tcon" ? def.packed.args.length : 0;
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
