// The typed core tree: one per exported command, after the type checker has inlined every
// morloc declaration and saturated every call of a sourced function (eta expansion).
// Selection reads it and builds the post-selection tree (src/select/ast.ts); nobody mutates it.

import type { Span } from "../diagnostics";
import type { Label } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import type { Type } from "./type";

export type Core =
  | { k: "lit"; lit: "int" | "real" | "str" | "bool" | "unit" | "null"; value: string | number | boolean | null; type: Type; span: Span }
  | { k: "list"; elems: Core[]; type: Type; span: Span }
  | { k: "tuple"; elems: Core[]; type: Type; span: Span }
  /** A bound variable; names are unique within a command. */
  | { k: "var"; name: string; type: Type; span: Span }
  | { k: "lam"; params: Param[]; body: Core; type: Type; span: Span }
  /** A saturated call of a sourced function; `cands` are its implementations, `inst` its generics in signature order. */
  | { k: "call"; term: string; cands: SourceDef[]; inst: Type[]; args: Core[]; type: Type; span: Span; label?: Label }
  /** A record literal; fields are in the order of the record's definition. */
  | { k: "record"; fields: { key: string; value: Core }[]; type: Type; span: Span }
  /** Field access `e@key`. */
  | { k: "access"; expr: Core; key: string; type: Type; span: Span }
  /** Several implementations of one term (sources, declarations); selection keeps one. */
  | { k: "alt"; options: Core[]; type: Type; span: Span }
  /** A call of a function value (a lambda or a bound function variable). */
  | { k: "apply"; fn: Core; args: Core[]; type: Type; span: Span }
  /** Element `index` (from 0) of a tuple: the getter `.0`. */
  | { k: "index"; expr: Core; index: number; type: Type; span: Span }
  /**
   * Element `index` of a list, `.[i]`: Python semantics (a negative index counts from the end);
   * out of range is a run-time error that names `fn`, the function holding the accessor.
   */
  | { k: "at"; expr: Core; index: Core; fn: string; type: Type; span: Span }
  /** A Python slice of a list, `.[start:stop:step]`; absent parts take Python's defaults; a zero step is an error naming `fn`. */
  | { k: "slice"; expr: Core; start: Core | null; stop: Core | null; step: Core | null; fn: string; type: Type; span: Span }
  /** `body` computed for each element `param` of the list `expr` (an accessor after a slice: `.[1:3].x`). */
  | { k: "each"; expr: Core; param: Param; body: Core; type: Type; span: Span }
  /** `let name = value in body`: value evaluated once, before body; `name` is unique in the command. */
  | { k: "let"; name: string; value: Core; body: Core; type: Type; span: Span }
  /** `then` when every condition holds (tested left to right, stopping at the first false), else `else`. */
  | { k: "if"; conds: Core[]; then: Core; else: Core; type: Type; span: Span }
  /** A saturated call of one of the command's recursive functions (`Command.fns`), captured variables included. */
  | { k: "rcall"; fn: string; args: Core[]; type: Type; span: Span };

/**
 * A recursive morloc function, kept as a named function of its pool instead of being inlined.
 * Lambda-lifted: `params` are its own parameters followed by the variables it captured.
 */
export interface RecFn {
  name: string;
  params: Param[];
  body: Core;
  span: Span;
}

export interface Param {
  name: string;
  type: Type;
}

/** One exported command: its parameters and the body that computes its result. */
export interface Command {
  name: string;
  params: Param[];
  body: Core;
  /** The command's general type, e.g. [Real] -> Real. */
  type: Type;
  span: Span;
  /** The recursive functions its body calls (with `rcall`), directly or through each other. */
  fns?: RecFn[];
}

/** The variables a subtree uses but does not bind, in first-use order. */
export function freeVars(c: Core, bound: Set<string> = new Set(), out: Map<string, Type> = new Map()): Map<string, Type> {
  switch (c.k) {
    case "var":
      if (!bound.has(c.name) && !out.has(c.name)) out.set(c.name, c.type);
      break;
    case "lit":
      break;
    case "list":
    case "tuple":
      c.elems.forEach((e) => freeVars(e, bound, out));
      break;
    case "lam": {
      const inner = new Set(bound);
      c.params.forEach((p) => inner.add(p.name));
      freeVars(c.body, inner, out);
      break;
    }
    case "call":
      c.args.forEach((a) => freeVars(a, bound, out));
      break;
    case "apply":
      freeVars(c.fn, bound, out);
      c.args.forEach((a) => freeVars(a, bound, out));
      break;
    case "record":
      c.fields.forEach((f) => freeVars(f.value, bound, out));
      break;
    case "access":
    case "index":
      freeVars(c.expr, bound, out);
      break;
    case "at":
    case "slice":
      children(c).forEach((e) => freeVars(e, bound, out));
      break;
    case "each": {
      freeVars(c.expr, bound, out);
      freeVars(c.body, new Set([...bound, c.param.name]), out);
      break;
    }
    case "alt":
      c.options.forEach((o) => freeVars(o, bound, out));
      break;
    case "let": {
      freeVars(c.value, bound, out);
      const inner = new Set(bound);
      inner.add(c.name);
      freeVars(c.body, inner, out);
      break;
    }
    case "if":
    case "rcall":
      children(c).forEach((e) => freeVars(e, bound, out));
      break;
  }
  return out;
}

/** The direct subtrees of a node, in evaluation order. */
export function children(c: Core): Core[] {
  switch (c.k) {
    case "lit":
    case "var":
      return [];
    case "list":
    case "tuple":
      return c.elems;
    case "lam":
      return [c.body];
    case "call":
      return c.args;
    case "apply":
      return [c.fn, ...c.args];
    case "record":
      return c.fields.map((f) => f.value);
    case "access":
    case "index":
      return [c.expr];
    case "at":
      return [c.expr, c.index];
    case "slice":
      return [c.expr, ...[c.start, c.stop, c.step].filter((x): x is Core => x !== null)];
    case "each":
      return [c.expr, c.body];
    case "alt":
      return c.options;
    case "let":
      return [c.value, c.body];
    case "if":
      return [...c.conds, c.then, c.else];
    case "rcall":
      return c.args;
  }
}

/** A copy of `c` with new direct subtrees (in the order `children` gives them). */
export function withChildren(c: Core, kids: Core[]): Core {
  switch (c.k) {
    case "lit":
    case "var":
      return c;
    case "list":
    case "tuple":
      return { ...c, elems: kids };
    case "lam":
      return { ...c, body: kids[0]! };
    case "call":
      return { ...c, args: kids };
    case "apply":
      return { ...c, fn: kids[0]!, args: kids.slice(1) };
    case "record":
      return { ...c, fields: c.fields.map((f, i) => ({ key: f.key, value: kids[i]! })) };
    case "access":
    case "index":
      return { ...c, expr: kids[0]! };
    case "at":
      return { ...c, expr: kids[0]!, index: kids[1]! };
    case "slice": {
      let i = 1;
      const next = (x: Core | null) => (x === null ? null : kids[i++]!);
      return { ...c, expr: kids[0]!, start: next(c.start), stop: next(c.stop), step: next(c.step) };
    }
    case "each":
      return { ...c, expr: kids[0]!, body: kids[1]! };
    case "alt":
      return { ...c, options: kids };
    case "let":
      return { ...c, value: kids[0]!, body: kids[1]! };
    case "if":
      return { ...c, conds: kids.slice(0, c.conds.length), then: kids[c.conds.length]!, else: kids[c.conds.length + 1]! };
    case "rcall":
      return { ...c, args: kids };
  }
}
