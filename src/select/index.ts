// Stage 4, select: chooses one implementation (and so one language) for every call of a sourced
// function, minimising cross-language hops with the reference's cost model (language-reference §2.9).
// Takes typed commands; returns the choice per call node and the language of each command's root.

import { CompileError } from "../diagnostics";
import type { Lang } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import { children, withChildren, type Command, type Core } from "../types/core";

type CallNode = Extract<Core, { k: "call" }>;

export interface Selection {
  /** The commands with every alternative (`alt`) replaced by the implementation kept. */
  commands: Command[];
  /** The implementation chosen for each call node (by identity). */
  chosen: Map<CallNode, SourceDef>;
  /** The language that computes each command's body, or null when no language is needed (a pure command). */
  rootLang: Map<Command, Lang | null>;
  /** The pool language of each recursive function (`Command.fns`, by name). */
  fnLang: Map<string, Lang>;
}

/** Cost of running a sourced function in a language. */
const RUN: Record<Lang, number> = { cpp: 0, c: 1, py: 3, r: 4, perl: 5 };
/** Cost of a call that stays within a language. */
const SAME: Record<Lang, number> = { cpp: 1, c: 1, py: 10, r: 100, perl: 10 };
/** Cost of a call into a language from another one. */
const CROSS: Record<Lang, number> = { cpp: 5000, c: 5000, py: 500000, r: 50000000, perl: 500000 };
const SUPPORTED: Lang[] = ["cpp", "py", "r"];

export function select(commands: Command[]): Selection {
  const chosen = new Map<CallNode, SourceDef>();
  const rootLang = new Map<Command, Lang | null>();
  const fnLang = new Map<string, Lang>();
  const kept: Command[] = [];
  for (const input of commands) {
    let cmd = input;
    const memo = new Map<Core, Map<Lang, number>>();
    if (cmd.fns?.length) {
      // Each recursive function lives in the language where its own body costs least; calls
      // to it from elsewhere cross like calls of a sourced function.
      const homeMemo = new Map<Core, Map<Lang, number>>();
      for (const f of cmd.fns) {
        const langs = [...languagesOf(f.body)];
        let best: Lang = langs[0] ?? "py";
        for (const l of langs) if (cost(f.body, l, homeMemo, null) < cost(f.body, best, homeMemo, null)) best = l;
        fnLang.set(f.name, best);
      }
      const fns = cmd.fns.map((f) => ({ ...f, body: record(f.body, fnLang.get(f.name)!, memo, chosen, fnLang) }));
      cmd = { ...cmd, fns };
    }
    const langs = languagesOf(cmd.body);
    visit(cmd.body, (n) => {
      if (n.k === "rcall") langs.add(fnLang.get(n.fn)!);
    });
    if (langs.size === 0) {
      // No sourced function anywhere: alternatives (declarations) all cost nothing; keep the first.
      const body = record(cmd.body, "py", memo, chosen, fnLang);
      const out = { ...cmd, body };
      kept.push(out);
      // The nexus answers literals, containers and parameters itself; anything else that
      // needs no foreign function (field access, lambdas) runs in the cheapest pool to start.
      rootLang.set(out, templateOnly(body) ? null : "py");
      continue;
    }
    let best: Lang | null = null;
    let bestCost = Infinity;
    for (const l of langs) {
      const c = cost(cmd.body, l, memo, fnLang) + CROSS[l];
      if (c < bestCost) [best, bestCost] = [l, c];
    }
    if (best === null || !isFinite(bestCost)) throw noImplementation(cmd.body);
    const out = { ...cmd, body: record(cmd.body, best, memo, chosen, fnLang) };
    kept.push(out);
    rootLang.set(out, best);
  }
  return { commands: kept, chosen, rootLang, fnLang };
}

/** True when the nexus can evaluate the body from a template (manifest `pure`). */
function templateOnly(c: Core): boolean {
  return ["lit", "var", "list", "tuple", "record", "access", "let", "index", "lam", "apply", "if"].includes(c.k) && children(c).every(templateOnly);
}

function usable(cands: SourceDef[]): SourceDef[] {
  return cands.filter((c) => SUPPORTED.includes(c.lang));
}

function languagesOf(c: Core, out = new Set<Lang>()): Set<Lang> {
  visit(c, (n) => {
    if (n.k === "call") usable(n.cands).forEach((s) => out.add(s.lang));
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

/** Walks down again, recording the choices that gave the cheapest cost. */
/**
 * Walks down again along the cheapest choices: records the implementation of every call and
 * returns the tree with each alternative replaced by the option kept (unchanged nodes are reused).
 */
function record(c: Core, ctx: Lang, memo: Map<Core, Map<Lang, number>>, chosen: Map<CallNode, SourceDef>, homes: Map<string, Lang>): Core {
  if (c.k === "alt") {
    let best = c.options[0]!;
    for (const o of c.options) if (cost(o, ctx, memo, homes) < cost(best, ctx, memo, homes)) best = o;
    return record(best, ctx, memo, chosen, homes);
  }
  if (c.k !== "call") {
    // the arguments of a recursive function are computed in its language, as a call's are
    const lang = c.k === "rcall" ? homes.get(c.fn)! : ctx;
    const kids = children(c);
    const kept = kids.map((k) => record(k, lang, memo, chosen, homes));
    return kept.every((k, i) => k === kids[i]) ? c : withChildren(c, kept);
  }
  const cands = usable(c.cands);
  if (cands.length === 0) throw noImplementation(c);
  let best = cands[0]!;
  let bestCost = Infinity;
  for (const s of cands) {
    const k = callCost(c, s, ctx, memo, homes);
    if (k < bestCost) [best, bestCost] = [s, k];
  }
  const args = c.args.map((a) => record(a, best.lang, memo, chosen, homes));
  const node = args.every((a, i) => a === c.args[i]) ? c : (withChildren(c, args) as CallNode);
  chosen.set(node, best);
  return node;
}

function noImplementation(c: Core): CompileError {
  const name = c.k === "call" ? `'${c.term}'` : "this expression";
  const langs = c.k === "call" ? [...new Set(c.cands.map((s) => s.lang))].join(", ") : "";
  return new CompileError("NoImplementation", `no usable implementation of ${name}${langs ? ` (sourced only in: ${langs}; supported: ${SUPPORTED.join(", ")})` : ""}`, c.span);
}
