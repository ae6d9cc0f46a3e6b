// Evaluates a `pure` command's expression (src/nexus/manifest.ts) inside the nexus, no pools.
// Values come out in the same JS shapes decodeValue produces (Int as bigint, Real as number).
import type { PureExpr } from "./manifest";
import { evalAccess } from "./pureaccess";

/** A function value of the pure language. */
interface Closure {
  params: string[];
  body: PureExpr;
  env: Map<string, unknown>;
}

export function evalPure(e: PureExpr, args: unknown[], env: Map<string, unknown> = new Map()): unknown {
  const ev = (x: PureExpr, scope = env) => evalPure(x, args, scope);
  switch (e.kind) {
    case "int":
      return BigInt(e.value);
    case "real":
      return Number(e.value);
    case "str":
    case "bool":
      return e.value;
    case "unit":
      return null;
    case "list":
    case "tuple":
      return e.items.map((x) => ev(x));
    case "record": {
      const o: Record<string, unknown> = {};
      for (const f of e.fields) o[f.name] = ev(f.value);
      return o;
    }
    case "param":
      if (e.index < 0 || e.index >= args.length) throw new Error(`internal error: pure expression uses argument ${e.index}`);
      return args[e.index];
    case "field": {
      const rec = ev(e.of);
      if (!rec || typeof rec !== "object" || !(e.name in rec)) throw new Error(`internal error: pure expression reads a missing field ${e.name}`);
      return (rec as Record<string, unknown>)[e.name];
    }
    case "concat":
      return e.items.map((x) => ev(x) as string).join("");
    case "let":
      return ev(e.body, new Map(env).set(e.name, ev(e.value)));
    case "local":
      if (!env.has(e.name)) throw new Error(`internal error: pure expression uses an unbound ${e.name}`);
      return env.get(e.name);
    case "index": {
      const t = ev(e.of);
      if (!Array.isArray(t) || e.index >= t.length) throw new Error(`internal error: pure expression reads element ${e.index} of a non-tuple`);
      return t[e.index];
    }
    case "lambda":
      return { params: e.params, body: e.body, env } satisfies Closure;
    case "apply": {
      const f = ev(e.fn) as Closure;
      const scope = new Map(f.env);
      f.params.forEach((p, i) => scope.set(p, ev(e.args[i]!)));
      return evalPure(f.body, args, scope);
    }
    case "if":
      return ev(e.conds.every((c) => ev(c) === true) ? e.then : e.else);
    default:
      return evalAccess(e, ev, env);
  }
}
