// Unification of general types with an explicit substitution. n-ary function types unify with
// curried ones by splitting the longer argument list, so `a -> b -> c` meets `a -> (b -> c)`.

import { CompileError, type Span } from "../diagnostics";
import { isOptional } from "./optional";
import { showType, type Type } from "./type";

/** The general types an integer literal may take. */
const NUMBER_TYPES = new Set(["Int", "Real", "I8", "I16", "I32", "I64", "U8", "U16", "U32", "U64", "F32", "F64"]);
/** Those an integer literal takes as a float. */
export const FLOAT_TYPES = new Set(["Real", "F32", "F64"]);

export class Subst {
  private solved = new Map<number, Type>();
  private next = 0;
  /** Metas of integer literals: they may only become a number type (an Int literal promotes to Real). */
  private numeric = new Set<number>();
  /** Metas of float literals: they may only become a float type (`half 3.0` with `half :: F32 -> F32`). */
  private fractional = new Set<number>();

  /** Set while matching instance heads: there `Int` does not match `?Int`. */
  private exact = false;

  /** Tries an exact unification (no optional coercion); on failure, undoes whatever it solved and returns false. */
  attempt(a: Type, b: Type): boolean {
    const saved = new Map(this.solved);
    const savedNumeric = new Set(this.numeric);
    const savedFractional = new Set(this.fractional);
    this.exact = true;
    try {
      this.unify(a, b, undefined, "");
      return true;
    } catch {
      this.solved = saved;
      this.numeric = savedNumeric;
      this.fractional = savedFractional;
      return false;
    } finally {
      this.exact = false;
    }
  }

  fresh(): Type {
    return { k: "meta", id: this.next++ };
  }

  /** The type of an integer literal: Int unless the context makes it a Real. */
  freshNumeric(): Type {
    const t = this.fresh() as { k: "meta"; id: number };
    this.numeric.add(t.id);
    return t;
  }

  /** The type of a float literal: Real unless the context makes it another float type. */
  freshFractional(): Type {
    const t = this.fresh() as { k: "meta"; id: number };
    this.fractional.add(t.id);
    return t;
  }

  /** Float literals whose type nothing fixed become Real, integer literals Int. */
  defaultNumerics(): void {
    for (const id of this.fractional) if (this.walk({ k: "meta", id }).k === "meta") this.unify({ k: "meta", id }, { k: "con", name: "Real", args: [] }, undefined, "");
    for (const id of this.numeric) if (this.walk({ k: "meta", id }).k === "meta") this.unify({ k: "meta", id }, { k: "con", name: "Int", args: [] }, undefined, "");
  }

  /** Follows solved metas all the way down. */
  zonk(t: Type): Type {
    switch (t.k) {
      case "meta": {
        const s = this.solved.get(t.id);
        if (!s) return t;
        const z = this.zonk(s);
        this.solved.set(t.id, z);
        return z;
      }
      case "var":
        return t;
      case "con":
        return t.args.length === 0 ? t : { k: "con", name: t.name, args: t.args.map((a) => this.zonk(a)) };
      case "fun":
        return { k: "fun", args: t.args.map((a) => this.zonk(a)), ret: this.zonk(t.ret) };
    }
  }

  unify(a: Type, b: Type, span: Span | undefined, what: string): void {
    const fail = (detail?: string) => {
      const names = new Map<number, string>();
      const za = this.zonk(a);
      const zb = this.zonk(b);
      throw new CompileError(
        "TypeMismatch",
        { what, expected: showType(zb, names), found: showType(za, names), detail },
        span,
      );
    };
    // `x` is the type a value has, `y` the type its place wants: a `T` fits where a `?T` is wanted
    // (language-head A.5), never the other way. Function arguments turn the direction around.
    const go = (x: Type, y: Type): void => {
      x = this.flatOptional(x);
      y = this.flatOptional(y);
      if (x.k === "meta" && y.k === "meta" && x.id === y.id) return;
      // `a` where `?a` is wanted (`wrap :: a -> ?a; wrap x = x`) is a coercion, not an infinite type
      if (x.k === "meta" && isOptional(y) && !this.exact && this.occurs(x.id, y)) return go(x, y.args[0]);
      if (x.k === "meta") return this.bind(x.id, y, fail);
      if (y.k === "meta") return this.bind(y.id, x, fail);
      if (isOptional(y) && !isOptional(x) && !this.exact) return go(x, y.args[0]);
      if (isOptional(x) && !isOptional(y)) {
        const names = new Map<number, string>();
        return fail(`a ${showType(this.zonk(x), names)} value may be Null; nothing turns it into ${showType(this.zonk(y), names)} implicitly`);
      }
      if (x.k === "var" && y.k === "var" && x.name === y.name) return;
      if (x.k === "con" && y.k === "con") {
        if (x.name !== y.name || x.args.length !== y.args.length) return fail();
        x.args.forEach((xa, i) => go(xa, y.args[i]!));
        return;
      }
      if (x.k === "fun" && y.k === "fun") {
        const n = Math.min(x.args.length, y.args.length);
        for (let i = 0; i < n; i++) go(y.args[i]!, x.args[i]!);
        const rest = (f: { args: Type[]; ret: Type }): Type => (f.args.length > n ? { k: "fun", args: f.args.slice(n), ret: f.ret } : f.ret);
        return go(rest(x), rest(y));
      }
      fail();
    };
    go(a, b);
  }

  /** Walks `t`, and `?(?T)` down to `?T`: both levels share one null. */
  private flatOptional(t: Type): Type {
    t = this.walk(t);
    while (isOptional(t)) {
      const inner = this.walk(t.args[0]);
      if (!isOptional(inner)) break;
      t = inner;
    }
    return t;
  }

  private walk(t: Type): Type {
    while (t.k === "meta") {
      const s = this.solved.get(t.id);
      if (!s) return t;
      t = s;
    }
    return t;
  }

  private bind(id: number, t: Type, fail: (d?: string) => never): void {
    if (this.occurs(id, t)) fail("the type would be infinite");
    if (this.numeric.has(id)) {
      // an integer literal where an optional number is wanted is that number (the checker strips
      // the `?` off literal types once every type is known)
      let w = this.walk(t);
      while (isOptional(w)) w = this.walk(w.args[0]);
      if (w.k === "meta") this.numeric.add(w.id);
      else if (w.k !== "con" || !NUMBER_TYPES.has(w.name) || w.args.length > 0) fail("an integer literal is a number");
    }
    if (this.fractional.has(id)) {
      let w = this.walk(t);
      while (isOptional(w)) w = this.walk(w.args[0]);
      if (w.k === "meta") this.fractional.add(w.id);
      else if (w.k !== "con" || !FLOAT_TYPES.has(w.name) || w.args.length > 0) fail("a float literal is a Real");
    }
    this.solved.set(id, t);
  }

  private occurs(id: number, t: Type): boolean {
    t = this.walk(t);
    switch (t.k) {
      case "meta":
        return t.id === id;
      case "var":
        return false;
      case "con":
        return t.args.some((a) => this.occurs(id, a));
      case "fun":
        return t.args.some((a) => this.occurs(id, a)) || this.occurs(id, t.ret);
    }
  }
}
