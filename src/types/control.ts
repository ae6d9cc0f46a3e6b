// Type checking of the control forms: `let` bindings, guard chains and refutable `|` clauses.
// Each becomes plain core: `let` nodes (evaluated once, in order), `if` nodes, tuple `index` and
// record `access` projections, and literal tests through the `==` in scope.

import type * as Src from "../frontend/ast";
import { CompileError, type Span } from "../diagnostics";
import type { Core, Param } from "./core";
import { con, tupleName, type Type } from "./type";
import type { Subst } from "./unify";

/** What these forms need from the checker (src/types/infer.ts). */
export interface Checking<Env extends { names: Map<string, unknown> }> {
  s: Subst;
  fresh(base: string): string;
  expr(e: Src.Expr, env: Env): Core;
  variable(name: string, env: Env, span: Span): Core;
  apply(fn: Core, args: Core[], span: Span): Core;
  fieldType(t: Type, key: string, span: Span): Type;
  /** The env with `name` bound to a morloc function (inlined at each use, closing over `env`). */
  bindLocal(env: Env, name: string, decl: Src.Declaration): Env;
  /** The env with `name` bound to a core variable. */
  bindVar(env: Env, name: string, unique: string, type: Type): Env;
  /** True when `name` means something in `env` (a local or a term of the module). */
  isDefined(env: Env, name: string): boolean;
}

const BOOL = con("Bool");

/** `let b1; b2 in body`: nested core lets, each binding in scope of the ones after it. */
export function checkLet<Env extends { names: Map<string, unknown> }>(c: Checking<Env>, e: Extract<Src.Expr, { kind: "let" }>, env: Env): Core {
  const lets: { name: string; value: Core }[] = [];
  let scope = env;
  for (const b of e.bindings) {
    // A function binding (or a lambda) is a local function: inlined at each use, so it stays
    // polymorphic; evaluating it has no effect, so nothing is lost by not sharing it.
    if (b.pattern.kind === "pvar" && (b.params.length > 0 || b.body.kind === "lambda")) {
      scope = c.bindLocal(scope, b.pattern.name, { kind: "decl", name: b.pattern.name, params: b.params, body: b.body, where: [], span: b.span });
      continue;
    }
    const value = c.expr(b.body, scope); // not recursive: the value sees the names before it
    const binds: [string, Core][] = [];
    if (b.pattern.kind === "plit" || !irrefutable(b.pattern))
      throw new CompileError("RefutablePattern", {}, b.pattern.span);
    const top = c.fresh(b.pattern.kind === "pvar" ? b.pattern.name : "p");
    lets.push({ name: top, value });
    const subject: Core = { k: "var", name: top, type: value.type, span: b.span };
    if (b.pattern.kind === "pvar") scope = c.bindVar(scope, b.pattern.name, top, value.type);
    else {
      match(c, b.pattern, subject, [], binds, scope);
      for (const [name, proj] of binds) {
        const unique = c.fresh(name);
        lets.push({ name: unique, value: proj });
        scope = c.bindVar(scope, name, unique, proj.type);
      }
    }
  }
  let body = c.expr(e.body, scope);
  for (let i = lets.length - 1; i >= 0; i--) body = { k: "let", name: lets[i]!.name, value: lets[i]!.value, body, type: body.type, span: e.span };
  return body;
}

/** `? c1 = e1 ? c2 = e2 : d`: nested ifs; conditions are Bool, every branch has one type. */
export function checkGuard<Env extends { names: Map<string, unknown> }>(c: Checking<Env>, e: Extract<Src.Expr, { kind: "guard" }>, env: Env): Core {
  const arms = e.arms.map((a) => {
    const cond = c.expr(a.cond, env);
    c.s.unify(cond.type, BOOL, a.cond.span, "a guard condition");
    return { cond, value: c.expr(a.value, env), span: a.span };
  });
  let out = c.expr(e.otherwise, env);
  for (let i = arms.length - 1; i >= 0; i--) {
    const a = arms[i]!;
    c.s.unify(a.value.type, out.type, a.value.span, "a guarded value (every branch of a guard has one type)");
    out = { k: "if", conds: [a.cond], then: a.value, else: out, type: out.type, span: a.span };
  }
  return out;
}

/**
 * The body of `f | p1 p2 = e1 | ...` over the parameters `params`: the clauses are tried in
 * order; each tests its literals with `==` and binds its variables around its body.
 */
export function checkClauses<Env extends { names: Map<string, unknown> }>(c: Checking<Env>, d: Src.Declaration, params: Param[], env: Env): Core {
  const clauses = d.clauses!;
  const rows = clauses.map((cl) => cl.patterns);
  const lastTests = rows[rows.length - 1]!.some((p) => !irrefutable(p));
  if (lastTests && !covers(rows))
    throw new CompileError("NonExhaustive", { name: d.name }, clauses[clauses.length - 1]!.span);
  const arms: { tests: Core[]; body: Core; span: Span }[] = [];
  for (const cl of clauses) {
    const tests: Core[] = [];
    const binds: [string, Core][] = [];
    cl.patterns.forEach((p, i) => match(c, p, { k: "var", name: params[i]!.name, type: params[i]!.type, span: p.span }, tests, binds, env));
    let scope = env;
    const lets: { name: string; value: Core }[] = [];
    for (const [name, proj] of binds) {
      if (proj.k === "var") {
        scope = c.bindVar(scope, name, proj.name, proj.type);
        continue;
      }
      const unique = c.fresh(name);
      lets.push({ name: unique, value: proj });
      scope = c.bindVar(scope, name, unique, proj.type);
    }
    let body = c.expr(cl.body, scope);
    for (let i = lets.length - 1; i >= 0; i--) body = { k: "let", name: lets[i]!.name, value: lets[i]!.value, body, type: body.type, span: cl.span };
    arms.push({ tests, body, span: cl.span });
    if (tests.length === 0) break; // a catch-all: later clauses are never tried
  }
  // The last clause tried needs no test: it is a catch-all, or the clauses cover every Bool.
  let out = arms[arms.length - 1]!.body;
  for (let i = arms.length - 2; i >= 0; i--) {
    const a = arms[i]!;
    c.s.unify(a.body.type, out.type, a.span, `a clause of '${d.name}' (every clause has one type)`);
    out = a.tests.length === 0 ? a.body : { k: "if", conds: a.tests, then: a.body, else: out, type: out.type, span: a.span };
  }
  return out;
}

/** The arity every clause of `d` binds; clauses of different arity are an error. */
export function clauseArity(d: Src.Declaration): number {
  const clauses = d.clauses!;
  const n = clauses[0]!.patterns.length;
  const odd = clauses.find((cl) => cl.patterns.length !== n);
  if (odd) throw new CompileError("ClauseArity", { name: d.name, first: n, given: odd.patterns.length }, odd.span);
  return n;
}

/**
 * Matches `subject` against pattern `p`: pushes the Bool tests a value must pass and the
 * variables it binds (with the projection that reads each one).
 */
function match<Env extends { names: Map<string, unknown> }>(c: Checking<Env>, p: Src.Pattern, subject: Core, tests: Core[], binds: [string, Core][], env: Env): void {
  switch (p.kind) {
    case "pwild":
      return;
    case "pvar":
      if (binds.some(([n]) => n === p.name)) throw new CompileError("DuplicateBinder", { name: p.name }, p.span);
      binds.push([p.name, subject]);
      return;
    case "pas":
      if (binds.some(([n]) => n === p.name)) throw new CompileError("DuplicateBinder", { name: p.name }, p.span);
      binds.push([p.name, subject]);
      return match(c, p.pattern, subject, tests, binds, env);
    case "ptuple": {
      const elems = p.elems.map(() => c.s.fresh());
      c.s.unify(subject.type, con(tupleName(elems.length), ...elems), p.span, `a tuple pattern of ${elems.length} elements`);
      p.elems.forEach((q, i) => match(c, q, { k: "index", expr: subject, index: i, type: elems[i]!, span: q.span }, tests, binds, env));
      return;
    }
    case "precord":
      for (const f of p.fields) {
        const type = c.fieldType(subject.type, f.key, f.span);
        match(c, f.pattern, { k: "access", expr: subject, key: f.key, type, span: f.span }, tests, binds, env);
      }
      return;
    case "plit": {
      const lit = c.expr(p.value, env);
      c.s.unify(lit.type, subject.type, p.span, "a literal pattern");
      if (p.value.kind === "bool") {
        // a Bool is its own test: no `==` needed
        const not = (v: boolean): Core => ({ k: "lit", lit: "bool", value: v, type: BOOL, span: p.span });
        tests.push(p.value.value ? subject : { k: "if", conds: [subject], then: not(false), else: not(true), type: BOOL, span: p.span });
        return;
      }
      if (!c.isDefined(env, "==")) throw new CompileError("UnboundVariable", { kind: "literalEq" }, p.span);
      const test = c.apply(c.variable("==", env, p.span), [subject, lit], p.span);
      c.s.unify(test.type, BOOL, p.span, "the `==` test of a literal pattern");
      tests.push(test);
      return;
    }
  }
}

/** True when a pattern matches every value of its type. */
export function irrefutable(p: Src.Pattern): boolean {
  switch (p.kind) {
    case "pvar":
    case "pwild":
      return true;
    case "ptuple":
      return p.elems.every(irrefutable);
    case "pas":
      return irrefutable(p.pattern);
    case "precord":
      return p.fields.every((f) => irrefutable(f.pattern));
    case "plit":
      return p.value.kind === "unit";
  }
}

/** True when the rows of patterns match every argument list: a catch-all row, or both Bools covered. */
function covers(rows: Src.Pattern[][]): boolean {
  if (rows.length === 0) return false;
  if (rows.some((r) => r.every(irrefutable))) return true;
  const isBool = (p: Src.Pattern, v?: boolean) => p.kind === "plit" && p.value.kind === "bool" && (v === undefined || p.value.value === v);
  const col = rows[0]!.findIndex((_, i) => rows.some((r) => isBool(r[i]!)));
  if (col < 0) return false;
  return [true, false].every((v) => covers(rows.filter((r) => irrefutable(r[col]!) || isBool(r[col]!, v)).map((r) => r.filter((_, i) => i !== col))));
}
