// The tree after selection: the typed core tree (src/types/core.ts) with every alternative
// resolved and every call bound to the one implementation (and so the language) that runs it.
// There is no `alt` here, so nothing downstream can meet one. Code generation reads this tree;
// nobody mutates it.

import type { Span } from "../diagnostics";
import type { Label, Lang } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import type { Param } from "../types/core";
import type { Type } from "../types/type";

export type { Param };

/**
 * The expression kinds, with the call kind left open: after selection it is `CallExpr`; code
 * generation replaces it by its own call kinds (src/codegen/plan.ts) and keeps every other kind.
 */
export type Node<C> =
  | { k: "lit"; lit: "int" | "real" | "str" | "bool" | "unit" | "null"; value: string | number | boolean | null; type: Type; span: Span }
  | { k: "list"; elems: Node<C>[]; type: Type; span: Span }
  | { k: "tuple"; elems: Node<C>[]; type: Type; span: Span }
  /** A bound variable; names are unique within a command. */
  | { k: "var"; name: string; type: Type; span: Span }
  | { k: "lam"; params: Param[]; body: Node<C>; type: Type; span: Span }
  /** A record literal; fields are in the order of the record's definition. */
  | { k: "record"; fields: { key: string; value: Node<C> }[]; type: Type; span: Span }
  /** Field access `e@key`. */
  | { k: "access"; expr: Node<C>; key: string; type: Type; span: Span }
  /** A call of a function value (a lambda or a bound function variable). */
  | { k: "apply"; fn: Node<C>; args: Node<C>[]; type: Type; span: Span }
  /** Accessors (src/types/core.ts): tuple element, list element and slice, a body per element. */
  | { k: "index"; expr: Node<C>; index: number; type: Type; span: Span }
  | { k: "at"; expr: Node<C>; index: Node<C>; fn: string; type: Type; span: Span }
  | { k: "slice"; expr: Node<C>; start: Node<C> | null; stop: Node<C> | null; step: Node<C> | null; fn: string; type: Type; span: Span }
  | { k: "each"; expr: Node<C>; param: Param; body: Node<C>; type: Type; span: Span }
  /** `let name = value in body`: value evaluated once, before body. */
  | { k: "let"; name: string; value: Node<C>; body: Node<C>; type: Type; span: Span }
  /** `then` when every condition holds (tested left to right, stopping at the first false), else `else`. */
  | { k: "if"; conds: Node<C>[]; then: Node<C>; else: Node<C>; type: Type; span: Span }
  /** A call of a recursive function of the program (`SelectedCommand.fns`), which lives in `lang`. */
  | { k: "rcall"; fn: string; lang: Lang; args: Node<C>[]; type: Type; span: Span }
  | C;

/** A saturated call of a sourced function: `impl` runs it, in `impl.lang`; `inst` its generics in signature order. */
export type CallExpr = { k: "call"; term: string; impl: SourceDef; inst: Type[]; args: Expr[]; type: Type; span: Span; label?: Label };

export type Expr = Node<CallExpr>;

/** The kinds every stage after selection shares (everything but calls). */
type Shared = Exclude<Node<never>, never>;

/**
 * Rebuilds a node with `f` applied to its direct subtrees; calls go to `call`. One case per shared
 * kind: a new expression kind gets one here, and every later stage maps it for free.
 */
export function mapNode<A extends { k: string }, B>(e: Node<A>, f: (x: Node<A>) => Node<B>, call: (c: A) => Node<B>): Node<B> {
  const n = e as Shared;
  const g = f as unknown as (x: Shared) => Node<B>;
  switch (n.k) {
    case "lit":
    case "var":
      return n;
    case "list":
    case "tuple":
      return { ...n, elems: n.elems.map(g) };
    case "lam":
      return { ...n, body: g(n.body) };
    case "record":
      return { ...n, fields: n.fields.map((x) => ({ key: x.key, value: g(x.value) })) };
    case "access":
    case "index":
      return { ...n, expr: g(n.expr) };
    case "apply":
      return { ...n, fn: g(n.fn), args: n.args.map(g) };
    case "at":
      return { ...n, expr: g(n.expr), index: g(n.index) };
    case "slice":
      return { ...n, expr: g(n.expr), start: n.start && g(n.start), stop: n.stop && g(n.stop), step: n.step && g(n.step) };
    case "each":
      return { ...n, expr: g(n.expr), body: g(n.body) };
    case "let":
      return { ...n, value: g(n.value), body: g(n.body) };
    case "if":
      return { ...n, conds: n.conds.map(g), then: g(n.then), else: g(n.else) };
    case "rcall":
      return { ...n, args: n.args.map(g) };
    default: {
      // every shared kind has its case above (a new kind without one fails to compile here)
      const known: never = n;
      void known;
      return call(e as A);
    }
  }
}

/** One exported command after selection. */
export interface SelectedCommand {
  name: string;
  params: Param[];
  body: Expr;
  /** The command's general type, e.g. [Real] -> Real. */
  type: Type;
  span: Span;
  /** The language that computes the body, or null when the nexus evaluates it (a pure command). */
  lang: Lang | null;
  /** The recursive functions the body calls (src/types/recursion.ts), each in its language. */
  fns: SelectedFn[];
}

/** A recursive function, printed as a function of its language's pool (lambda-lifted: captured variables are parameters). */
export interface SelectedFn {
  name: string;
  params: Param[];
  body: Expr;
  lang: Lang;
  span: Span;
}

/** The direct subtrees of a node, in evaluation order. */
export function children(e: Expr): Expr[] {
  switch (e.k) {
    case "lit":
    case "var":
      return [];
    case "list":
    case "tuple":
      return e.elems;
    case "lam":
      return [e.body];
    case "call":
      return e.args;
    case "apply":
      return [e.fn, ...e.args];
    case "record":
      return e.fields.map((f) => f.value);
    case "access":
    case "index":
      return [e.expr];
    case "at":
      return [e.expr, e.index];
    case "slice":
      return [e.expr, ...[e.start, e.stop, e.step].filter((x): x is Expr => x !== null)];
    case "each":
      return [e.expr, e.body];
    case "let":
      return [e.value, e.body];
    case "if":
      return [...e.conds, e.then, e.else];
    case "rcall":
      return e.args;
  }
}

/** The variables a subtree uses but does not bind, in first-use order. */
export function freeVars(e: Expr, bound: Set<string> = new Set(), out: Map<string, Type> = new Map()): Map<string, Type> {
  if (e.k === "var") {
    if (!bound.has(e.name) && !out.has(e.name)) out.set(e.name, e.type);
  } else if (e.k === "lam") {
    const inner = new Set(bound);
    e.params.forEach((p) => inner.add(p.name));
    freeVars(e.body, inner, out);
  } else if (e.k === "let") {
    freeVars(e.value, bound, out);
    freeVars(e.body, new Set([...bound, e.name]), out);
  } else if (e.k === "each") {
    freeVars(e.expr, bound, out);
    freeVars(e.body, new Set([...bound, e.param.name]), out);
  } else children(e).forEach((c) => freeVars(c, bound, out));
  return out;
}

/** Every call in `e`, children before their parent (the order selection decides them in). */
export function calls(e: Expr, out: CallExpr[] = []): CallExpr[] {
  children(e).forEach((c) => calls(c, out));
  if (e.k === "call") out.push(e);
  return out;
}
