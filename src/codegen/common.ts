// What every back end shares: cutting each command's core tree into manifolds (one function per
// language segment), and the context the back ends read while printing. A call whose chosen
// language differs from its caller's becomes a manifold of its own, called through the pools.

import { CompileError } from "../diagnostics";
import type { Lang } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import type { Selection } from "../select";
import { children, freeVars, type Command, type Core, type Param, type RecFn } from "../types/core";
import type { TypeScope } from "../types/scope";
import { showType, type Type } from "../types/type";
import type { TypeFiles } from "./typefiles";

export type CallNode = Extract<Core, { k: "call" }>;

export interface Manifold {
  id: number;
  lang: Lang;
  params: Param[];
  body: Core;
  ret: Type;
  /** What the user calls this piece of code, for error chains: the called function or the command. */
  name: string;
}

export type RCallNode = Extract<Core, { k: "rcall" }>;

export interface GenContext {
  scope: TypeScope;
  chosen: Map<CallNode, SourceDef>;
  /** The manifold that computes a call node (of a sourced or a recursive function) that crosses into another language. */
  foreign: Map<CallNode | RCallNode, Manifold>;
  /** The language of each recursive function. */
  fnLang: Map<string, Lang>;
  /** The user files that define object classes (absent: look in the called functions' files only). */
  typeFiles?: TypeFiles;
}

export interface Segmented {
  manifolds: Manifold[];
  /** The recursive functions, each printed as a function of its language's pool. */
  fns: { fn: RecFn; lang: Lang }[];
  /** The manifold that answers each command (absent for pure commands). */
  root: Map<Command, Manifold>;
  /** Every pool a command's call graph can reach. */
  needs: Map<Command, Lang[]>;
  ctx: GenContext;
}

export function segment(commands: Command[], selection: Selection, scope: TypeScope): Segmented {
  const manifolds: Manifold[] = [];
  const root = new Map<Command, Manifold>();
  const needs = new Map<Command, Lang[]>();
  const foreign = new Map<CallNode | RCallNode, Manifold>();
  const ctx: GenContext = { scope, chosen: selection.chosen, foreign, fnLang: selection.fnLang };
  const fns: { fn: RecFn; lang: Lang }[] = [];

  const make = (lang: Lang, params: Param[], body: Core, name: string): Manifold => {
    for (const p of params)
      if (p.type.k === "fun")
        throw new CompileError("FunctionSerialization", `the function ${p.name.replace(/_\d+$/, "")} :: ${showType(p.type)} would have to cross from one language to another, which is not supported`, body.span);
    const m: Manifold = { id: manifolds.length + 1, lang, params, body, ret: body.type, name };
    manifolds.push(m);
    return m;
  };

  /** Visits `c` as code of language `lang`, cutting out foreign calls; returns the languages reached. */
  const walk = (c: Core, lang: Lang, reached: Set<Lang>): void => {
    if (c.k === "rcall") {
      // a recursive function of another language is called like a foreign function
      const home = selection.fnLang.get(c.fn)!;
      if (home !== lang && !foreign.has(c)) {
        foreign.set(c, make(home, [...freeVars(c)].map(([name, type]) => ({ name, type })), c, c.fn.replace(/^.*__/, "").replace(/_\d+$/, "")));
        reached.add(home);
      }
      return c.args.forEach((a) => walk(a, home, reached));
    }
    if (c.k !== "call") return children(c).forEach((e) => walk(e, lang, reached));
    const src = selection.chosen.get(c)!;
    if (src.lang !== lang && !foreign.has(c)) {
      foreign.set(c, make(src.lang, [...freeVars(c)].map(([name, type]) => ({ name, type })), c, c.term));
      reached.add(src.lang);
    }
    c.args.forEach((a) => walk(a, src.lang, reached));
  };

  for (const cmd of commands) {
    const lang = selection.rootLang.get(cmd);
    if (!lang) continue;
    const m = make(lang, cmd.params, cmd.body, cmd.name);
    root.set(cmd, m);
    const reached = new Set<Lang>([lang]);
    walk(cmd.body, lang, reached);
    for (const fn of cmd.fns ?? []) {
      const home = selection.fnLang.get(fn.name)!;
      fns.push({ fn, lang: home });
      reached.add(home);
      walk(fn.body, home, reached);
    }
    needs.set(cmd, [...reached].sort());
  }
  return { manifolds, fns, root, needs, ctx };
}

/** The name a user wrote for a generated unique variable (`xs_3` → `xs`). */
export const userName = (unique: string) => unique.replace(/_\d+$/, "");

/** A line-oriented writer that keeps indentation, so back ends do not build code by concatenation. */
export class Writer {
  private lines: string[] = [];
  private depth = 0;
  constructor(private unit = "    ") {}
  line(text = ""): this {
    this.lines.push(text === "" ? "" : this.unit.repeat(this.depth) + text);
    return this;
  }
  indent(f: () => void): this {
    this.depth++;
    f();
    this.depth--;
    return this;
  }
  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}
