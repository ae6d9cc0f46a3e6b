// Getters, setters, brackets and slices in the type checker: an accessor path applied to a value
// becomes core nodes (`access` for a record field, `index` for a tuple element, `at` and `slice` for
// lists, `each` to map the rest of a path over a slice), and a setter a copy of the record or tuple.
// A step whose value's type is not known yet (`map .0 pairs` checks the getter before `map` fixes
// its argument) waits in a placeholder node that `resolve` fills once the type is known.

import { CompileError, type Span } from "../diagnostics";
import type * as Src from "../frontend/ast";
import type { Core, Param } from "./core";
import type { TypeScope } from "./scope";
import { con, isTupleName, showType, type Type } from "./type";
import type { Subst } from "./unify";

/** What the accessors need from the checker. */
export interface AccessHost {
  s: Subst;
  scope: TypeScope;
  fresh(base: string): string;
  /** The function the accessor sits in, named by run-time errors. */
  fnName(): string;
}

/** Checks an index or slice bound expression where the accessor was written. */
export type CheckExpr = (e: Src.Expr) => Core;

export interface SetEntry {
  path: Src.AccessStep[];
  value: Core;
  span: Span;
}

interface Pending {
  subject: Core;
  node: Core;
  build: (t: Type) => Core;
  /** The error when the type never becomes known. */
  unknown: () => CompileError;
}

export class Accessors {
  private pending: Pending[] = [];

  constructor(private h: AccessHost) {}

  /** `path` applied to `subject`. */
  path(subject: Core, path: Src.AccessStep[], ex: CheckExpr, span: Span): Core {
    let cur = subject;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      if (step.kind === "slice") {
        const sliced = this.slice(cur, step, ex);
        const rest = path.slice(i + 1);
        if (rest.length === 0) return sliced;
        // the rest of the path reads each element of the slice
        const elem = this.elemType(sliced.type);
        const param: Param = { name: this.h.fresh("e"), type: elem };
        const body = this.path({ k: "var", name: param.name, type: elem, span }, rest, ex, span);
        return { k: "each", expr: sliced, param, body, type: con("List", body.type), span };
      }
      cur = this.step(cur, step, ex);
    }
    return cur;
  }

  /** A getter as a function value: `.a.b`, `.[0]`. */
  getter(path: Src.AccessStep[], ex: CheckExpr, span: Span): Core {
    return this.lambda((v) => this.path(v, path, ex, span), span);
  }

  /** `.(.a, .b.0)`: a function returning a tuple. */
  getters(paths: Src.AccessStep[][], ex: CheckExpr, span: Span): Core {
    return this.lambda((v) => this.tupleOf(v, paths, ex, span), span);
  }

  /** The tuple of what each path reads from `subject` (used several times: a variable). */
  tupleOf(subject: Core, paths: Src.AccessStep[][], ex: CheckExpr, span: Span): Core {
    return this.tuple(paths.map((p) => this.path(subject, p, ex, span)), span);
  }

  /** `.(.a = 1)`: a function returning an updated copy. */
  setter(entries: SetEntry[], span: Span): Core {
    return this.lambda((v) => this.update(v, entries, span), span);
  }

  /** A copy of `subject` (used several times: a variable) with each entry's path set to its value. */
  update(subject: Core, entries: SetEntry[], span: Span): Core {
    for (const e of entries) {
      const bad = e.path.find((s) => s.kind === "at" || s.kind === "slice");
      if (bad) throw new CompileError("TypeMismatch", { kind: "setterBracket" }, bad.span);
    }
    const t = this.h.s.zonk(subject.type);
    const keys = entries.map((e) => e.path[0]!).map((s) => (s.kind === "field" ? s.name : null));
    if (t.k === "meta" && keys.every((k) => k !== null)) {
      // the one record with every field set, as a field getter does
      const recs = this.h.scope.recordsWithField(keys[0]!).filter((r) => keys.every((k) => r.fields.some((f) => f.name === k)));
      if (recs.length === 1) this.h.s.unify(t, con(recs[0]!.name, ...recs[0]!.params.map(() => this.h.s.fresh())), span, "the record a setter copies");
    }
    return this.whenKnown(subject, (t) => this.updateKnown(subject, t, entries, span), () =>
      new CompileError("AmbiguousType", { kind: "setter" }, span), span);
  }

  /**
   * Fills the placeholders whose value type is now known; true when one was filled. `final`: the
   * types will not get any more known, so a field read falls back on the one record that has the
   * field, and anything else left is an error.
   */
  resolve(final: boolean): boolean {
    let progress = false;
    for (let again = true; again; ) {
      again = false;
      const waiting = this.pending;
      this.pending = [];
      for (const p of waiting) {
        const t = this.h.s.zonk(p.subject.type);
        if (t.k === "meta") {
          this.pending.push(p);
          continue;
        }
        this.fill(p, t);
        again = progress = true;
      }
    }
    if (final && this.pending.length > 0) throw this.pending[0]!.unknown();
    return progress;
  }

  /** True while some accessor waits for a type. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  private fill(p: Pending, t: Type): void {
    const built = p.build(t);
    this.h.s.unify(p.node.type, built.type, p.node.span, "an accessor");
    for (const k of Object.keys(p.node)) delete (p.node as Record<string, unknown>)[k];
    Object.assign(p.node, built);
  }

  private lambda(body: (v: Core) => Core, span: Span): Core {
    const param: Param = { name: this.h.fresh("r"), type: this.h.s.fresh() };
    const b = body({ k: "var", name: param.name, type: param.type, span });
    return { k: "lam", params: [param], body: b, type: { k: "fun", args: [param.type], ret: b.type }, span };
  }

  private tuple(elems: Core[], span: Span): Core {
    return { k: "tuple", elems, type: con(`Tuple${elems.length}`, ...elems.map((e) => e.type)), span };
  }

  private elemType(list: Type): Type {
    const t = this.h.s.zonk(list);
    return t.k === "con" && t.name === "List" ? t.args[0]! : this.h.s.fresh();
  }

  private int(c: Core, what: string): Core {
    this.h.s.unify(c.type, con("Int"), c.span, what);
    return c;
  }

  private list(cur: Core, span: Span, what: string): Type {
    const elem = this.h.s.fresh();
    const t = this.h.s.zonk(cur.type);
    if (t.k === "con" && (isTupleName(t.name) || this.h.scope.record(t.name)))
      throw new CompileError("TypeMismatch", { kind: "bracketOnNonList", accessor: what, type: showType(t) }, span);
    this.h.s.unify(cur.type, con("List", elem), span, `the list read by ${what}`);
    return elem;
  }

  private slice(cur: Core, step: Extract<Src.AccessStep, { kind: "slice" }>, ex: CheckExpr): Core {
    this.list(cur, step.span, "a slice .[a:b:s]");
    const part = (e: Src.Expr | null) => (e === null ? null : this.int(ex(e), "a slice bound"));
    return { k: "slice", expr: cur, start: part(step.start), stop: part(step.stop), step: part(step.step), fn: this.h.fnName(), type: cur.type, span: step.span };
  }

  private step(cur: Core, step: Src.AccessStep, ex: CheckExpr): Core {
    switch (step.kind) {
      case "at": {
        const elem = this.list(cur, step.span, "an index .[i]");
        const index = this.int(ex(step.index), "a list index");
        return { k: "at", expr: cur, index, fn: this.h.fnName(), type: elem, span: step.span };
      }
      case "slice":
        return this.slice(cur, step, ex);
      case "field": {
        const t = this.h.s.zonk(cur.type);
        if (t.k === "meta") {
          // the one record with this field, as `e@key` does; several: wait for the type
          const recs = this.h.scope.recordsWithField(step.name);
          if (recs.length === 1) this.h.s.unify(t, con(recs[0]!.name, ...recs[0]!.params.map(() => this.h.s.fresh())), step.span, `the record holding '${step.name}'`);
        }
        return this.whenKnown(cur, (k) => this.field(cur, k, step.name, step.span), () => {
          const recs = this.h.scope.recordsWithField(step.name);
          return recs.length === 0
            ? new CompileError("KeyError", { kind: "unknown", key: step.name }, step.span)
            : new CompileError("AmbiguousRecord", { kind: "field", key: step.name, records: recs.map((r) => r.name) }, step.span);
        }, step.span);
      }
      case "index":
        return this.whenKnown(cur, (k) => this.index(cur, k, step.index, step.span), () =>
          new CompileError("AmbiguousType", { kind: "getter", index: step.index }, step.span), step.span);
    }
  }

  /** A node of type `t` that `build` makes once `t` is known (a record literal that several records fit). */
  defer(t: Type, build: (t: Type) => Core, unknown: () => CompileError, span: Span): Core {
    const node = { k: "lit", lit: "unit", value: null, type: t, span } as Core;
    this.pending.push({ subject: node, node, build, unknown });
    return node;
  }

  /** Builds now when the type of `subject` is known, else a placeholder filled by `resolve`. */
  private whenKnown(subject: Core, build: (t: Type) => Core, unknown: () => CompileError, span: Span): Core {
    const t = this.h.s.zonk(subject.type);
    if (t.k !== "meta") return build(t);
    const node = { k: "lit", lit: "unit", value: null, type: this.h.s.fresh(), span } as Core;
    this.pending.push({ subject, node, build, unknown });
    return node;
  }

  private field(cur: Core, t: Type, key: string, span: Span): Core {
    const rec = t.k === "con" ? this.h.scope.record(t.name) : undefined;
    if (!rec || t.k !== "con") throw new CompileError("KeyError", { kind: "noFields", type: showType(t), key }, span);
    const f = this.h.scope.fieldTypes(rec, t.args).find((x) => x.name === key);
    if (!f) throw new CompileError("KeyError", { kind: "noField", record: rec.name, key }, span);
    return { k: "access", expr: cur, key, type: f.type, span };
  }

  private index(cur: Core, t: Type, i: number, span: Span): Core {
    if (t.k === "con" && t.name === "List")
      throw new CompileError("TypeMismatch", { kind: "indexOnList", index: i }, span);
    if (t.k === "con" && isTupleName(t.name)) {
      if (i >= t.args.length) throw new CompileError("TypeMismatch", { kind: "tupleArity", arity: t.args.length, index: i }, span);
      return { k: "index", expr: cur, index: i, type: t.args[i]!, span };
    }
    const rec = t.k === "con" ? this.h.scope.record(t.name) : undefined;
    if (rec && t.k === "con") {
      const fields = this.h.scope.fieldTypes(rec, t.args);
      if (i >= fields.length) throw new CompileError("TypeMismatch", { kind: "recordArity", record: rec.name, count: fields.length, index: i }, span);
      return { k: "access", expr: cur, key: fields[i]!.name, type: fields[i]!.type, span };
    }
    throw new CompileError("TypeMismatch", { kind: "indexOnOther", index: i, type: showType(t) }, span);
  }

  private updateKnown(subject: Core, t: Type, entries: SetEntry[], span: Span): Core {
    const rec = t.k === "con" ? this.h.scope.record(t.name) : undefined;
    const isTuple = t.k === "con" && isTupleName(t.name);
    if (t.k !== "con" || (!rec && !isTuple)) throw new CompileError("TypeMismatch", { kind: "setterTarget", type: showType(t) }, span);
    const slots: { key: string; type: Type }[] = rec ? this.h.scope.fieldTypes(rec, t.args).map((f) => ({ key: f.name, type: f.type })) : t.args.map((a, i) => ({ key: String(i), type: a }));
    const used = new Set<SetEntry>();
    const values = slots.map((slot, pos): Core => {
      const mine = entries.filter((e) => {
        const s = e.path[0]!;
        const hit = s.kind === "field" ? rec !== undefined && s.name === slot.key : s.kind === "index" && s.index === pos;
        if (hit) used.add(e);
        return hit;
      });
      const read = rec ? this.field(subject, t, slot.key, span) : this.index(subject, t, pos, span);
      if (mine.length === 0) return read;
      const whole = mine.find((e) => e.path.length === 1);
      if (whole && mine.length > 1) throw new CompileError("DuplicateField", { kind: "setter", key: rec ? slot.key : undefined, index: pos }, mine[1]!.span);
      if (whole) {
        this.h.s.unify(whole.value.type, slot.type, whole.span, `the value set at ${rec ? `'${slot.key}'` : `.${pos}`}`);
        return whole.value;
      }
      return this.update(read, mine.map((e) => ({ ...e, path: e.path.slice(1) })), span);
    });
    const stray = entries.find((e) => !used.has(e));
    if (stray) {
      const s = stray.path[0]!;
      throw s.kind === "field"
        ? rec
          ? new CompileError("KeyError", { kind: "noField", record: rec.name, key: s.name }, s.span)
          : new CompileError("TypeMismatch", { kind: "tupleField", key: s.name }, s.span)
        : s.kind === "index" && !rec
          ? new CompileError("TypeMismatch", { kind: "tupleArity", arity: slots.length, index: s.index }, s.span)
          : new CompileError("TypeMismatch", { kind: "recordArity", record: rec?.name, count: slots.length, index: s.kind === "index" ? s.index : "?" }, s.span);
    }
    if (rec) return { k: "record", fields: slots.map((s, i) => ({ key: s.key, value: values[i]! })), type: t, span };
    return { k: "tuple", elems: values, type: t, span };
  }
}
