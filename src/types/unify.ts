// Unification of general types with an explicit substitution. n-ary function types unify with
// curried ones by splitting the longer argument list, so `a -> b -> c` meets `a -> (b -> c)`.

import { CompileError, type Span } from "../diagnostics";
import { showType, type Type } from "./type";

export class Subst {
  private solved = new Map<number, Type>();
  private next = 0;

  /** Tries a unification; on failure, undoes whatever it solved and returns false. */
  attempt(a: Type, b: Type): boolean {
    const saved = new Map(this.solved);
    try {
      this.unify(a, b, undefined, "");
      return true;
    } catch {
      this.solved = saved;
      return false;
    }
  }

  fresh(): Type {
    return { k: "meta", id: this.next++ };
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
        `type mismatch in ${what}: expected ${showType(zb, names)}, found ${showType(za, names)}${detail ? ` (${detail})` : ""}`,
        span,
      );
    };
    const go = (x: Type, y: Type): void => {
      x = this.walk(x);
      y = this.walk(y);
      if (x.k === "meta" && y.k === "meta" && x.id === y.id) return;
      if (x.k === "meta") return this.bind(x.id, y, fail);
      if (y.k === "meta") return this.bind(y.id, x, fail);
      if (x.k === "var" && y.k === "var" && x.name === y.name) return;
      if (x.k === "con" && y.k === "con") {
        if (x.name !== y.name || x.args.length !== y.args.length) return fail();
        x.args.forEach((xa, i) => go(xa, y.args[i]!));
        return;
      }
      if (x.k === "fun" && y.k === "fun") {
        const n = Math.min(x.args.length, y.args.length);
        for (let i = 0; i < n; i++) go(x.args[i]!, y.args[i]!);
        const rest = (f: { args: Type[]; ret: Type }): Type => (f.args.length > n ? { k: "fun", args: f.args.slice(n), ret: f.ret } : f.ret);
        return go(rest(x), rest(y));
      }
      fail();
    };
    go(a, b);
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
