// TypeScript back end: prints pool.ts, the TypeScript pool of a program, run by Bun. Manifolds
// become async functions over native values; the runtime (pools/ts/morloc/pool.ts, imported as
// "morloc:ts") serves them and makes calls into other pools. User .ts files are imported by their
// path on disk: the build bundles pool.ts with them, their own imports and the runtime into one
// file (src/build/ts.ts), so nothing is shipped beside it.
//
// Int is a `bigint` (literals `5n`): a 64-bit Int never loses bits, and mixing it with a `number`
// is a TypeError, never a silent rounding. A foreign call, and a call of a user function (which may
// be async), is awaited; a lambda is async when its body calls across pools or calls a user
// function that is async (known once the pool has loaded: `_aN`), so a user's synchronous
// higher-order function still gets a synchronous lambda when nothing in it needs awaiting.

import { CompileError } from "../diagnostics";
import type { Backend } from "./backend";
import { Writer } from "./common";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import { nativeOperator } from "./operators";
import { peer, type Binding, type Conv, type Crossing, type Plan, type PlanExpr, type PoolPlan } from "./plan";

const KEYWORDS = new Set(
  ("arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally " +
    "for function if implements import in instanceof interface let new null package private protected public return static super " +
    "switch this throw true try typeof var void while with yield async of undefined NaN Infinity")
    .split(" "),
);

export const ts: Backend = {
  lang: "ts",
  name: "TypeScript",
  shipDir: null,
  infix: true,
  values: "convert",
  // the nexus runs its own executable as Bun (BUN_BE_BUN=1) on the bundle the build made of pool.ts
  start: ["{nexus}", "{dir}/pool-ts.js"],
  print: (pool, plan) => [{ path: "pool.ts", contents: tsPool(pool, plan) }],
};

const bound = (b: Binding) => `_f${b.index}`;
/** Whether a bound user function is async (set once its module has loaded). */
const isAsync = (b: Binding) => `_a${b.index}`;

/** The user functions `c` calls, outside of the lambdas it builds (which decide for themselves). */
function userCalls(c: PlanExpr, out = new Set<Binding>()): Set<Binding> {
  const go = (x: PlanExpr | null) => x !== null && userCalls(x, out);
  switch (c.k) {
    case "call":
      if (c.fn !== null) out.add(c.fn);
      c.args.forEach(go);
      break;
    case "list":
    case "tuple":
      c.elems.forEach(go);
      break;
    case "apply":
      go(c.fn);
      c.args.forEach(go);
      break;
    case "record":
      c.fields.forEach((f) => go(f.value));
      break;
    case "access":
    case "index":
      go(c.expr);
      break;
    case "at":
      go(c.expr);
      go(c.index);
      break;
    case "slice":
      [c.expr, c.start, c.stop, c.step].forEach(go);
      break;
    case "each":
      go(c.expr);
      break;
    case "let":
      go(c.value);
      go(c.body);
      break;
    case "if":
      c.conds.forEach(go);
      go(c.then);
      go(c.else);
      break;
    default:
      break; // literals, variables, foreign calls (their arguments are variables), recursion, lambdas
  }
  return out;
}
const str = (s: string) => JSON.stringify(s);

/** A value converted as `c` says (see Conv in ./plan.ts), or `e` as it is when nothing changes. */
function convert(c: Conv | null, e: string, dir: "to" | "from", depth = 0): string {
  if (c === null) return e;
  const sub = (x: Conv | null, y: string) => convert(x, y, dir, depth + 1);
  const v = `_v${depth}`;
  switch (c.k) {
    case "object":
      // an object crosses as its record: fields read as properties, rebuilt by its class
      if (dir === "to") return `((${v}: any) => ({ ${c.fields.map((f) => `${str(f.name)}: ${sub(f.conv, `${v}[${str(f.name)}]`)}`).join(", ")} }))(${e})`;
      return `((${v}: any) => new ${bound(c.ctor!)}(${c.fields.map((f) => sub(f.conv, `${v}[${str(f.name)}]`)).join(", ")}))(${e})`;
    case "frame":
    case "record":
      return `((${v}: any) => ({ ${c.fields.map((f) => `${str(f.name)}: ${sub(f.conv, `${v}[${str(f.name)}]`)}`).join(", ")} }))(${e})`;
    case "pack":
      return dir === "to" ? sub(c.inner, `${bound(c.fn)}(${e})`) : `${bound(c.fn)}(${sub(c.inner, e)})`;
    case "list":
      return `(${e}).map((${v}: any) => ${sub(c.elem, v)})`;
    case "tuple":
      return `((${v}: any) => [${c.items.map((x, i) => sub(x, `${v}[${i}]`)).join(", ")}])(${e})`;
  }
}

/** True when evaluating `c` calls another pool (outside of the lambdas it builds). */
function crosses(c: PlanExpr): boolean {
  switch (c.k) {
    case "foreign":
      return true;
    case "lit":
    case "var":
      return false;
    case "lam":
      return crosses(c.body);
    case "list":
    case "tuple":
      return c.elems.some(crosses);
    case "apply":
      return crosses(c.fn) || c.args.some(crosses);
    case "call":
      return c.args.some(crosses);
    case "record":
      return c.fields.some((f) => crosses(f.value));
    case "access":
    case "index":
      return crosses(c.expr);
    case "at":
      return crosses(c.expr) || crosses(c.index);
    case "slice":
      return [c.expr, c.start, c.stop, c.step].some((x) => x !== null && crosses(x));
    case "each":
      return crosses(c.expr) || crosses(c.body);
    case "let":
      return crosses(c.value) || crosses(c.body);
    case "if":
      return c.conds.some(crosses) || crosses(c.then) || crosses(c.else);
    case "rcall":
      return true; // recursive functions are async (they await the user's functions)
  }
}

/** True when the program declares `type TS => Int = "number"` (the default, from types, is "bigint"). */
function numberInts(plan: Plan): boolean {
  try {
    return plan.scope.concreteText("ts", { k: "con", name: "Int", args: [] }, undefined) === "number";
  } catch {
    return false; // no TS mapping of Int: bigint
  }
}

/** True when the program declares `type TS => (List Real) = "Float64Array"`: every [Real] is then one. */
function float64Lists(plan: Plan): boolean {
  try {
    return plan.scope.concreteText("ts", { k: "con", name: "List", args: [{ k: "con", name: "Real", args: [] }] }, undefined) === "Float64Array";
  } catch {
    return false;
  }
}

function tsPool(pool: PoolPlan, plan: Plan): string {
  const { scope } = plan;
  // Ints as numbers: decoded values are checked into numbers, literals written as numbers
  const numbers = numberInts(plan);
  const decoded = (e: string, schema: string) => (numbers ? `_mlc.intsAsNumbers(${e}, ${str(schema)})` : e);
  const isObject = (t: PlanExpr["type"]) => t.k === "con" && scope.objectCtor("ts", t.name) !== undefined;
  // `wait`: the code runs in an async function, so calls are awaited (and their promises settled)
  const expr = (c: PlanExpr, wait: boolean): string => {
    const sub = (x: PlanExpr) => expr(x, wait);
    const awaited = (call: string) => (wait ? `(await settle(${call}))` : call);
    switch (c.k) {
      case "lit":
        return literal(c, numbers);
      case "var":
        return ident(c.name);
      case "list":
      case "tuple":
        return `[${c.elems.map(sub).join(", ")}]`;
      case "lam": {
        const params = c.params.map((p) => `${ident(p.name)}: any`).join(", ");
        if (crosses(c.body)) return `(async (${params}) => ${expr(c.body, true)})`;
        const calls = [...userCalls(c.body)];
        const plain = `((${params}) => ${expr(c.body, false)})`;
        if (calls.length === 0) return plain;
        return `(${calls.map(isAsync).join(" || ")} ? (async (${params}) => ${expr(c.body, true)}) : ${plain})`;
      }
      case "apply":
        return awaited(`${sub(c.fn)}(${c.args.map(sub).join(", ")})`);
      case "call":
        if (c.fn === null) return nativeOperator(c.impl.foreignName, c.args.map(sub));
        return awaited(`${bound(c.fn)}(${c.args.map(sub).join(", ")})`);
      case "foreign": {
        const args = c.args.map((a) => convert(a.conv, ident(a.name), "to")).join(", ");
        const result = decoded(`(await foreignCall(${str(peer(c))}, ${c.target.id}, [${args}], [${c.args.map((a) => str(a.schema)).join(", ")}], ${str(c.ret.schema)}))`, c.ret.schema);
        return convert(c.ret.conv, result, "from");
      }
      case "record": {
        const cls = c.type.k === "con" ? pool.objects.get(c.type.name) : undefined;
        if (cls && isObject(c.type)) return `new ${bound(cls)}(${c.fields.map((f) => sub(f.value)).join(", ")})`;
        return `({ ${c.fields.map((f) => `${str(f.key)}: ${sub(f.value)}`).join(", ")} })`;
      }
      case "access":
        return `(${sub(c.expr)})[${str(c.key)}]`;
      // accessors (src/types/accessors.ts): tuple element, list element and slice, a body per element
      case "index":
        return `(${sub(c.expr)})[${c.index}]`;
      case "at":
        return `_mlc.at(${sub(c.expr)}, ${sub(c.index)}, ${str(c.fn)})`;
      case "slice": {
        const part = (x: PlanExpr | null) => (x === null ? "null" : sub(x));
        return `_mlc.slice(${sub(c.expr)}, ${part(c.start)}, ${part(c.stop)}, ${part(c.step)}, ${str(c.fn)})`;
      }
      case "let":
        if (wait) return `(await (async (${ident(c.name)}: any) => ${sub(c.body)})(${sub(c.value)}))`;
        return `((${ident(c.name)}: any) => ${sub(c.body)})(${sub(c.value)})`;
      case "if":
        return `(${conds(c.conds, wait)} ? ${sub(c.then)} : ${sub(c.else)})`;
      case "rcall":
        return `(await ${fnIdent(c.fn)}(${c.args.map(sub).join(", ")}))`;
      case "each": {
        const async = crosses(c.body);
        const f = `${async ? "async " : ""}(${ident(c.param.name)}: any) => ${expr(c.body, async)}`;
        return async ? `(await Promise.all((${sub(c.expr)}).map(${f})))` : `(${sub(c.expr)}).map(${f})`;
      }
    }
  };
  const conds = (cs: PlanExpr[], wait: boolean) => cs.map((x) => `(${expr(x, wait)})`).join(" && ");
  const schemas = (xs: Crossing[]) => xs.map((x) => str(x.schema)).join(", ");

  const out = new Writer("  ");
  out.line("// Generated by morloc: the TypeScript pool of this program. Do not edit.");
  out.line(`import { find, foreignCall, serve, settle } from "morloc:ts";`);
  out.line(`import * as _mlc from "morloc:ts";`);
  const files = new Map<string, string>();
  for (const f of pool.files) {
    files.set(f.to, `_u${files.size}`);
    out.line(`import * as ${files.get(f.to)} from ${str(f.from)};`);
  }
  // [Real] crosses as a Float64Array, decoded with one copy (pools/ts/morloc/pool.ts)
  if (float64Lists(plan)) out.line("_mlc.float64Lists(true);");
  out.line();
  for (const b of pool.bindings) {
    const mods = b.files.map((f) => `{ file: ${str(f.from)}, ns: ${files.get(f.to)} as any }`).join(", ");
    out.line(`const ${bound(b)} = find([${mods}], ${str(b.name)}, ${str(b.where)});`);
    out.line(`const ${isAsync(b)} = ${bound(b)}?.constructor?.name === "AsyncFunction";`);
  }
  out.line();
  // Recursive functions: native values in and out, a self call in tail position loops.
  for (const f of pool.fns) {
    const { body: st, loops } = fnStatements(f);
    const stmt = (x: Stmt): void => {
      switch (x.k) {
        case "if":
          out.line(`if (${conds(x.conds, true)}) {`).indent(() => stmt(x.then));
          out.line("} else {").indent(() => stmt(x.else));
          out.line("}");
          return;
        case "let":
          out.line(`let ${ident(x.name)} = ${expr(x.value, true)};`);
          return stmt(x.next);
        case "loop":
          if (x.assign.length > 0) out.line(`[${x.assign.map((a) => ident(a.param)).join(", ")}] = [${x.assign.map((a) => expr(a.value, true)).join(", ")}];`);
          out.line("continue;");
          return;
        case "return":
          out.line(`return ${expr(x.value, true)};`);
      }
    };
    out.line(`async function ${fnIdent(f.name)}(${f.params.map((p) => `${ident(p.name)}: any`).join(", ")}): Promise<any> {`).indent(() => {
      if (loops) {
        out.line("while (true) {").indent(() => stmt(st));
        out.line("}");
      } else stmt(st);
    });
    out.line("}").line();
  }
  const table: string[] = [];
  for (const m of pool.manifolds) {
    out.line(`async function m${m.id}(${m.params.map((p) => `${ident(p.name)}: any`).join(", ")}): Promise<unknown> {`).indent(() => {
      for (const p of m.params) {
        const v = decoded(ident(p.name), p.schema);
        if (p.conv || v !== ident(p.name)) out.line(`${ident(p.name)} = ${convert(p.conv, v, "from")};`);
      }
      out.line(`return ${convert(m.ret.conv, expr(m.body, true), "to")};`);
    });
    out.line("}").line();
    table.push(`${m.id}: [m${m.id}, [${schemas(m.params)}], ${str(m.ret.schema)}, ${str(m.name)}]`);
  }
  out.line(`await serve({ ${table.join(", ")} });`);
  return out.toString();
}

function ident(name: string): string {
  const s = name.replace(/'/g, "_q");
  return KEYWORDS.has(s) ? `${s}_` : s;
}

function literal(c: Extract<PlanExpr, { k: "lit" }>, numbers: boolean): string {
  switch (c.lit) {
    case "int": {
      const v = BigInt(c.value as string);
      if (numbers && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)))
        throw new CompileError("NumberIntOverflow", { value: String(v) }, c.span);
      const text = numbers ? String(v) : `${v}n`;
      return v < 0n ? `(${text})` : text;
    }
    case "real": {
      const v = c.value as number;
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "(-Infinity)";
      return v < 0 ? `(${v})` : String(v);
    }
    case "str":
      return str(c.value as string);
    case "bool":
      return c.value ? "true" : "false";
    case "unit":
    case "null":
      return "null";
  }
}
