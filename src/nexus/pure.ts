// Evaluates a `pure` command's expression (src/nexus/manifest.ts) inside the nexus, no pools.
// Values come out in the same JS shapes decodeValue produces (Int as bigint, Real as number).
import type { PureExpr } from "./manifest";

export function evalPure(e: PureExpr, args: unknown[]): unknown {
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
      return e.items.map((x) => evalPure(x, args));
    case "record": {
      const o: Record<string, unknown> = {};
      for (const f of e.fields) o[f.name] = evalPure(f.value, args);
      return o;
    }
    case "param":
      if (e.index < 0 || e.index >= args.length) throw new Error(`internal error: pure expression uses argument ${e.index}`);
      return args[e.index];
    case "field": {
      const rec = evalPure(e.of, args);
      if (!rec || typeof rec !== "object" || !(e.name in rec)) throw new Error(`internal error: pure expression reads a missing field ${e.name}`);
      return (rec as Record<string, unknown>)[e.name];
    }
    case "concat":
      return e.items.map((x) => evalPure(x, args) as string).join("");
    default:
      throw new Error(`internal error: unknown pure expression kind ${(e as { kind: string }).kind}`);
  }
}
