// Stage 4, select: chooses one implementation (and so one language) for every call of a sourced
// function, minimising cross-language hops with the reference's cost model (language-reference §2.9).
// Takes typed commands; returns the frozen post-selection tree (./ast.ts) of each command, whose
// calls carry their implementation and whose root carries its language.

import { CompileError } from "../diagnostics";
import type { Lang } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import { children, type Command, type Core } from "../types/core";
import { children as childrenOf, type Expr, type SelectedCommand } from "./ast";

export type { Expr, SelectedCommand } from "./ast";
import { isStrcat } from "../types/interp";

type CallNode = Extract<Core, { k: "call" }>;

/** Cost of running a sourced function in a language. */
const RUN: Record<Lang, number> = { cpp: 0, c: 1, ts: 2, py: 3, r: 4, perl: 5 };
/** Cost of a call that stays within a language. */
const SAME: Record<Lang, number> = { cpp: 1, c: 1, ts: 5, py: 10, r: 100, perl: 10 };
/** Cost of a call into a language from another one. */
const CROSS: Record<Lang, number> = { cpp: 5000, c: 5000, ts: 50000, py: 500000, r: 50000000, perl: 500000 };
const SUPPORTED: Lang[] = ["cpp", "ts", "py", "r"];

export function select(commands: Command[]): SelectedCommand[] {
  const kept: SelectedCommand[] = [];
  for (const cmd of commands) {
    const memo = new Map<Core, Map<Lang, number>>();
    // Each recursive function lives in the language where its own body costs least; calls to it
    // from elsewhere cross like calls of a sourced function.
    const homes = new Map<string, Lang>();
    const homeMemo = new Map<Core, Map<Lang, number>>();
    for (const f of cmd.fns ?? []) {
      const langs = [...languagesOf(f.body)];
      let best: Lang = langs[0] ?? "py";
      for (const l of langs) if (cost(f.body, l, homeMemo, null) < cost(f.body, best, homeMemo, null)) best = l;
      homes.set(f.name, best);
    }
    const fns = (cmd.fns ?? []).map((f) => ({ name: f.name, params: f.params, lang: homes.get(f.name)!, body: record(f.body, homes.get(f.name)!, memo, homes), span: f.span }));
    const langs = languagesOf(cmd.body);
    visit(cmd.body, (n) => {
      if (n.k === "rcall") langs.add(homes.get(n.fn)!);
    });
    if (langs.size === 0) {
      // No sourced function anywhere: alternatives (declarations) all cost nothing; keep the first.
      const body = record(cmd.body, "py", memo, homes);
      // The nexus answers literals, containers, parameters, lets and lambdas itself; anything else
      // that needs no foreign function runs in the cheapest pool to start.
      kept.push({ ...cmd, body, lang: templateOnly(body) ? null : "py", fns });
      continue;
    }
    let best: Lang | null = null;
    let bestCost = Infinity;
    for (const l of langs) {
      const c = cost(cmd.body, l, memo, homes) + CROSS[l];
      if (c < bestCost) [best, bestCost] = [l, c];
    }
    if (best === null || !isFinite(bestCost)) throw noImplementation(cmd.body);
    kept.push({ ...cmd, body: record(cmd.body, best, memo, homes), lang: best, fns });
  }
  return kept;
}

/** True when the nexus can evaluate the body from a template (manifest `pure`). */
function templateOnly(e: Expr): boolean {
  return (["lit", "var", "list", "tuple", "record", "access", "index", "at", "slice", "each", "lam", "apply", "let", "if"].includes(e.k) || isStrcat(e)) && childrenOf(e).every(templateOnly);
}

function usable(cands: SourceDef[]): SourceDef[] {
  return cands.filter((c) => SUPPORTED.includes(c.lang));
}

function languagesOf(c: Core, out = new Set<Lang>()): Set<Lang> {
  // the internal concatenation (interpolation) runs anywhere, the nexus included: it calls for no pool
  visit(c, (n) => {
    if (n.k === "call" && !isStrcat(n)) usable(n.cands).forEach((s) => out.add(s.lang));
  });
  return out;
}

function visit(c: Core, f: (c: Core) => void): void {
  f(c);
  children(c).forEach((x) => visit(x, f));
}

/**
 * The cheapest cost of computing `c` for a caller in language `ctx`. `homes` gives the language
 * of each recursive function; null while those are being chosen (a call to one then costs its
 * arguments only).
 */
function cost(c: Core, ctx: Lang, memo: Map<Core, Map<Lang, number>>, homes: Map<string, Lang> | null): number {
  let m = memo.get(c);
  if (!m) memo.set(c, (m = new Map()));
  const known = m.get(ctx);
  if (known !== undefined) return known;
  const home = c.k === "rcall" ? homes?.get(c.fn) : undefined;
  const r =
    c.k === "call"
      ? Math.min(...usable(c.cands).map((s) => callCost(c, s, ctx, memo, homes)))
      : c.k === "alt"
        ? Math.min(...c.options.map((o) => cost(o, ctx, memo, homes)))
        : home
          ? (home === ctx ? SAME[ctx] : CROSS[home]) + c.args.reduce((s, e) => s + cost(e, home, memo, homes), 0)
          : children(c).reduce((s, e) => s + cost(e, ctx, memo, homes), 0);
  m.set(ctx, r);
  return r;
}

function callCost(c: CallNode, s: SourceDef, ctx: Lang, memo: Map<Core, Map<Lang, number>>, homes: Map<string, Lang> | null): number {
  const edge = s.lang === ctx ? SAME[ctx] : CROSS[s.lang];
  return RUN[s.lang] + edge + c.args.reduce((sum, a) => sum + cost(a, s.lang, memo, homes), 0);
}

/**
 * Walks down again along the cheapest choices and builds the selected tree: each alternative is
 * replaced by the option kept, each call carries the implementation chosen for it.
 */
function record(c: Core, ctx: Lang, memo: Map<Core, Map<Lang, number>>, homes: Map<string, Lang>): Expr {
  const down = (x: Core, l = ctx) => record(x, l, memo, homes);
  switch (c.k) {
    case "alt": {
      let best = c.options[0]!;
      for (const o of c.options) if (cost(o, ctx, memo, homes) < cost(best, ctx, memo, homes)) best = o;
      return down(best);
    }
    case "call": {
      const cands = usable(c.cands);
      if (cands.length === 0) throw noImplementation(c);
      let best = cands[0]!;
      let bestCost = Infinity;
      for (const s of cands) {
        const k = callCost(c, s, ctx, memo, homes);
        if (k < bestCost) [best, bestCost] = [s, k];
      }
      return { k: "call", term: c.term, impl: best, inst: c.inst, args: c.args.map((a) => down(a, best.lang)), type: c.type, span: c.span, ...(c.label ? { label: c.label } : {}) };
    }
    case "lit":
    case "var":
      return c;
    case "list":
    case "tuple":
      return { ...c, elems: c.elems.map((e) => down(e)) };
    case "lam":
      return { ...c, body: down(c.body) };
    case "apply":
      return { ...c, fn: down(c.fn), args: c.args.map((a) => down(a)) };
    case "record":
      return { ...c, fields: c.fields.map((f) => ({ key: f.key, value: down(f.value) })) };
    case "access":
    case "index":
      return { ...c, expr: down(c.expr) };
    case "at":
      return { ...c, expr: down(c.expr), index: down(c.index) };
    case "slice": {
      const part = (x: Core | null) => (x === null ? null : down(x));
      return { ...c, expr: down(c.expr), start: part(c.start), stop: part(c.stop), step: part(c.step) };
    }
    case "each":
      return { ...c, expr: down(c.expr), body: down(c.body) };
    case "let":
      return { ...c, value: down(c.value), body: down(c.body) };
    case "if":
      return { ...c, conds: c.conds.map((x) => down(x)), then: down(c.then), else: down(c.else) };
    case "rcall": {
      // the arguments of a recursive function are computed in its language, as a call's are
      const lang = homes.get(c.fn)!;
      return { ...c, lang, args: c.args.map((a) => down(a, lang)) };
    }
  }
}

function noImplementation(c: Core): CompileError {
  const name = c.k === "call" ? `'${c.term}'` : "this expression";
  const langs = c.k === "call" ? [...new Set(c.cands.map((s) => s.lang))].join(", ") : "";
  return new CompileError("NoImplementation", { kind: "unusable", name, langs, supported: [...SUPPORTED] }, c.span);
}
