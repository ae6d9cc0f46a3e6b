// Recursive declarations cannot be inlined: the checker keeps each one as a named function and
// refers to it by a variable of that name. Here, once the command is checked, every such function
// is lambda-lifted: the variables it captures from enclosing definitions (a `where` helper reads its
// parent's parameters) become extra parameters, passed at every call, so each pool can print it as
// an ordinary top-level function. Calls become `rcall` nodes; a bare use becomes a lambda.

import type { Span } from "../diagnostics";
import { children, freeVars, withChildren, type Command, type Core, type Param, type RecFn } from "./core";
import { fun, type Type } from "./type";

/** A recursive declaration as the checker found it: its own parameters, body not yet lifted. */
export interface Recursive {
  name: string;
  params: Param[];
  body: Core;
  span: Span;
}

export function liftRecursion(cmd: Command, fns: Recursive[], fresh: (base: string) => string): Command {
  const byName = new Map(fns.map((f) => [f.name, f] as const));
  // What each function captures, and which of the others it refers to.
  const captured = new Map<string, Map<string, Type>>();
  const refers = new Map<string, Set<string>>();
  for (const f of fns) {
    const fv = freeVars(f.body, new Set(f.params.map((p) => p.name)));
    captured.set(f.name, new Map([...fv].filter(([n]) => !byName.has(n))));
    refers.set(f.name, new Set([...fv.keys()].filter((n) => byName.has(n))));
  }
  // A function must also pass on what the functions it calls capture (mutual recursion).
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of fns) {
      const mine = captured.get(f.name)!;
      const own = new Set(f.params.map((p) => p.name));
      for (const g of refers.get(f.name)!)
        for (const [n, t] of captured.get(g)!)
          if (!own.has(n) && !mine.has(n)) {
            mine.set(n, t);
            changed = true;
          }
    }
  }

  // Functions of several commands share a pool: the command's name (unique, without `__`) prefixes theirs.
  const global = (f: Recursive) => `${cmd.name}__${f.name}`;
  const call = (f: Recursive, args: Core[], type: Type, span: Span): Core => ({
    k: "rcall", fn: global(f), args: [...args, ...[...captured.get(f.name)!].map(([name, t]): Core => ({ k: "var", name, type: t, span }))], type, span,
  });
  const rewrite = (c: Core): Core => {
    if (c.k === "apply" && c.fn.k === "var" && byName.has(c.fn.name)) {
      const f = byName.get(c.fn.name)!;
      const args = c.args.map(rewrite);
      const n = f.params.length;
      if (args.length >= n) {
        const ret = c.fn.type.k === "fun" ? c.fn.type.ret : c.type;
        const done = call(f, args.slice(0, n), args.length === n ? c.type : ret, c.span);
        return args.length === n ? done : { k: "apply", fn: done, args: args.slice(n), type: c.type, span: c.span };
      }
      return partial(f, args, c.span);
    }
    if (c.k === "var" && byName.has(c.name)) return partial(byName.get(c.name)!, [], c.span);
    const kids = children(c);
    if (kids.length === 0) return c;
    const next = kids.map(rewrite);
    return next.every((k, i) => k === kids[i]) ? c : withChildren(c, next);
  };
  /** `f` given some of its arguments, as a lambda over the rest. */
  const partial = (f: Recursive, args: Core[], span: Span): Core => {
    const rest = f.params.slice(args.length).map((p) => ({ name: fresh(p.name.replace(/_\d+$/, "")), type: p.type }));
    const ret = f.body.type;
    const body = call(f, [...args, ...rest.map((p): Core => ({ k: "var", name: p.name, type: p.type, span }))], ret, span);
    return { k: "lam", params: rest, body, type: fun(rest.map((p) => p.type), ret), span };
  };

  const lifted: RecFn[] = fns.map((f) => ({
    name: global(f),
    params: [...f.params, ...[...captured.get(f.name)!].map(([name, type]) => ({ name, type }))],
    body: rewrite(f.body),
    span: f.span,
  }));
  return { ...cmd, body: rewrite(cmd.body), fns: lifted };
}
