// Packers: how a type that has no binary form of its own (e.g. `Map k v`) crosses languages.
// A `Packable Unpacked Packed` instance says: `unpack :: Packed -> Unpacked` turns a value into a
// form that can cross, `pack :: Unpacked -> Packed` rebuilds it on the other side. Packers are
// global, as in the reference: every loaded module's instances count, whatever the imports.

import type * as Src from "../frontend/ast";
import type { Resolved, SourceDef } from "../resolve";
import type { TypeScope } from "./scope";
import { con, isTupleName, PRIMITIVES, type Type } from "./type";
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

  /** How `t` crosses, when it is a packed type (a named type with a Packable instance). */
  packing(t: Type): Packing | undefined {
    if (t.k !== "con" || PRIMITIVES.has(t.name) || isTupleName(t.name) || this.scope.record(t.name)) return undefined;
    for (const def of this.byName.get(t.name) ?? []) {
      if (def.packed.kind !== "tcon" || def.packed.args.length !== t.args.length) continue;
      const env = new Map<string, Type>();
      // Bind the instance's variables by matching the packed head's arguments against t's.
      let ok = true;
      def.packed.args.forEach((a, i) => {
        if ((a.kind === "tvar" || (a.kind === "tcon" && /^[a-z]/.test(a.name) && a.args.length === 0)) && !env.has(a.name)) env.set(a.name, t.args[i]!);
        else ok = false;
      });
      if (!ok) continue;
      for (const v of def.vars) if (!env.has(v)) env.set(v, con("Unit"));
      return {
        unpacked: this.scope.toType(def.unpacked, env),
        inst: def.vars.map((v) => env.get(v)!),
        pack: (lang) => def.pack.find((s) => s.lang === lang),
        unpack: (lang) => def.unpack.find((s) => s.lang === lang),
      };
    }
    return undefined;
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
    if (t.k !== "con") return false;
    if (this.packing(t)) return true;
    const rec = this.scope.record(t.name);
    if (rec) return this.scope.fieldTypes(rec, t.args).some((f) => this.needsPacking(f.type));
    return t.args.some((a) => this.needsPacking(a));
  }
}
