// Between typecheck and selection: every function value takes all of its arguments at once.
// A pool calls a function it is given with as many arguments as its type has arrows
// (`zipWith f xs ys` calls `f(x, y)`), so a lambda whose body is still a function
// (`\x -> bar a x` with a three-argument `bar`) must take the rest of its arguments itself, and a
// function value applied to fewer arguments than it takes becomes a lambda over the others.
// Done once here on the core tree, so the Python, C++ and R back ends all print the same shape.

import { children, withChildren, type Command, type Core, type Param } from "./core";
import { fun, type Type } from "./type";

/** The commands with every function value expanded to its full arity (types flattened to n-ary). */
export function etaExpand(commands: Command[]): Command[] {
  return commands.map(expandCommand);
}

function expandCommand(cmd: Command): Command {
  const fresh = freshNames(cmd);
  // The command behaves like a lambda over its parameters: a body that is still a function
  // (a curried result the checker left) gets the remaining arguments as parameters too.
  const whole: Core = { k: "lam", params: cmd.params, body: cmd.body, type: fun(cmd.params.map((p) => p.type), cmd.body.type), span: cmd.span };
  const out = expand(whole, fresh);
  const [params, body] = out.k === "lam" ? [out.params, out.body] : [[], out];
  // A recursive function keeps its parameter list (calls pass exactly that many arguments).
  const fns = cmd.fns?.map((f) => ({ ...f, params: f.params.map((p) => ({ ...p, type: flatType(p.type) })), body: expand(f.body, fresh) }));
  return { ...cmd, params, body, type: flatType(cmd.type), ...(fns ? { fns } : {}) };
}

/** `a -> (b -> c)` and `a -> b -> c` are the same function: one list of arguments. */
export function flatType(t: Type): Type {
  switch (t.k) {
    case "fun": {
      const args = t.args.map(flatType);
      const ret = flatType(t.ret);
      return ret.k === "fun" ? { k: "fun", args: [...args, ...ret.args], ret: ret.ret } : { k: "fun", args, ret };
    }
    case "con":
      return t.args.length === 0 ? t : { k: "con", name: t.name, args: t.args.map(flatType) };
    default:
      return t;
  }
}

type Fresh = (base: string) => string;

function expand(c: Core, fresh: Fresh): Core {
  switch (c.k) {
    case "lam": {
      let params: Param[] = c.params.map((p) => ({ ...p, type: flatType(p.type) }));
      let body = expand(c.body, fresh);
      // `\x -> \y -> e` is one function of two arguments
      if (body.k === "lam") {
        params = [...params, ...body.params];
        body = body.body;
      }
      // a body that is still a function (a partial application, a function variable, an
      // alternative of functions): take its arguments here and pass them on
      if (body.type.k === "fun") {
        const extra = body.type.args.map((t) => ({ name: fresh("a"), type: t }));
        body = applyTo(body, extra, c.span, fresh);
        params = [...params, ...extra];
      }
      if (params.length === 0) return body;
      return { ...c, params, body, type: fun(params.map((p) => p.type), body.type) };
    }
    case "apply": {
      const fn = expand(c.fn, fresh);
      const args = c.args.map((a) => expand(a, fresh));
      const ft = fn.type;
      if (ft.k === "fun" && args.length < ft.args.length) {
        // a function value given some of its arguments: a lambda over the others
        const rest = ft.args.slice(args.length).map((t) => ({ name: fresh("a"), type: t }));
        const call: Core = { k: "apply", fn, args: [...args, ...vars(rest, c.span)], type: ft.ret, span: c.span };
        return { k: "lam", params: rest, body: call, type: fun(rest.map((p) => p.type), ft.ret), span: c.span };
      }
      return { ...c, fn, args, type: flatType(c.type) };
    }
    case "call":
      return { ...c, inst: c.inst.map(flatType), args: c.args.map((a) => expand(a, fresh)), type: flatType(c.type) };
    case "lit":
    case "var":
      return { ...c, type: flatType(c.type) } as Core;
    case "each":
      return { ...c, expr: expand(c.expr, fresh), param: { ...c.param, type: flatType(c.param.type) }, body: expand(c.body, fresh), type: flatType(c.type) };
    default: {
      const kids = children(c).map((k) => expand(k, fresh));
      return { ...withChildren(c, kids), type: flatType(c.type) } as Core;
    }
  }
}

function vars(ps: Param[], span: Core["span"]): Core[] {
  return ps.map((p): Core => ({ k: "var", name: p.name, type: p.type, span }));
}

/**
 * `f` applied to the variables `ps`, which cover all of its arguments. A lambda is entered (its
 * parameters renamed to the variables), an alternative gets the call in each option, so the
 * printed code calls no lambda in place.
 */
function applyTo(f: Core, ps: Param[], span: Core["span"], fresh: Fresh): Core {
  if (f.k === "lam" && f.params.length === ps.length) {
    const names = new Map(f.params.map((p, i) => [p.name, ps[i]!.name] as const));
    return rename(f.body, names);
  }
  if (f.k === "alt") {
    const options = f.options.map((o) => applyTo(o, ps, span, fresh));
    return { ...f, options, type: options[0]!.type };
  }
  const ret = f.type.k === "fun" ? f.type.ret : f.type;
  return { k: "apply", fn: f, args: vars(ps, span), type: ret, span };
}

/** Renames free variables; names are unique within a command, so nothing is captured. */
function rename(c: Core, names: Map<string, string>): Core {
  if (c.k === "var") {
    const to = names.get(c.name);
    return to ? { ...c, name: to } : c;
  }
  const kids = children(c);
  if (kids.length === 0) return c;
  return withChildren(c, kids.map((k) => rename(k, names)));
}

/** Names that no variable of the command uses yet. */
function freshNames(cmd: Command): Fresh {
  const used = new Set<string>(cmd.params.map((p) => p.name));
  const visit = (c: Core): void => {
    if (c.k === "var") used.add(c.name);
    if (c.k === "lam") c.params.forEach((p) => used.add(p.name));
    if (c.k === "let") used.add(c.name);
    if (c.k === "each") used.add(c.param.name);
    children(c).forEach(visit);
  };
  visit(cmd.body);
  for (const f of cmd.fns ?? []) {
    f.params.forEach((p) => used.add(p.name));
    visit(f.body);
  }
  let n = 0;
  return (base) => {
    let name = `${base}_${n++}`;
    while (used.has(name)) name = `${base}_${n++}`;
    used.add(name);
    return name;
  };
}
