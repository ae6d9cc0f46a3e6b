// Python back end: prints pool.py, the Python pool of a program. Manifolds become functions over
// native values; the runtime package `morloc` (pools/python/morloc) finds the user's functions
// (morloc.sources), serves the manifolds and makes calls into other pools (morloc.pool). User source
// files ship beside it under src/<n>/ (the plan says which).

import type { Backend } from "./backend";
import { Writer } from "./common";
import { nativeOperator } from "./operators";
import { peer, type Binding, type Conv, type Crossing, type Plan, type PlanExpr, type PoolPlan } from "./plan";
import { pythonImports } from "./pyimports";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import { pyCodecKey } from "./pyforms";

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

export const python: Backend = {
  lang: "py",
  name: "Python",
  shipDir: "src/",
  infix: true,
  values: "convert",
  start: ["python3", "{dir}/pool.py"],
  print: (pool, plan) => [{ path: "pool.py", contents: pythonPool(pool, plan) }],
  imports: pythonImports,
};

const bound = (b: Binding) => `_f${b.index}`;

/** A value converted as `c` says (see Conv in ./plan.ts), or `e` as it is when nothing changes. */
function convert(c: Conv | null, e: string, dir: "to" | "from", depth = 0): string {
  if (c === null) return e;
  const sub = (x: Conv | null, y: string) => convert(x, y, dir, depth + 1);
  const v = `_v${depth}`;
  switch (c.k) {
    case "object": {
      // an object crosses as its record: fields read as attributes, rebuilt by its class
      const o = `_o${depth}`;
      if (dir === "to") return `(lambda ${o}: {${c.fields.map((f) => `${pyString(f.name)}: ${sub(f.conv, `${o}.${f.name}`)}`).join(", ")}})(${e})`;
      return `(lambda ${o}: ${bound(c.ctor!)}(${c.fields.map((f) => sub(f.conv, `${o}[${pyString(f.name)}]`)).join(", ")}))(${e})`;
    }
    case "frame":
    case "record":
      return `(lambda ${v}: {${c.fields.map((f) => `${pyString(f.name)}: ${sub(f.conv, `${v}[${pyString(f.name)}]`)}`).join(", ")}})(${e})`;
    case "pack":
      return dir === "to" ? sub(c.inner, `${bound(c.fn)}(${e})`) : `${bound(c.fn)}(${sub(c.inner, e)})`;
    case "list":
      return `[${sub(c.elem, v)} for ${v} in ${e}]`;
    case "tuple":
      return `(lambda ${v}: (${c.items.map((x, i) => sub(x, `${v}[${i}]`)).join(", ")},))(${e})`;
  }
}

function pythonPool(pool: PoolPlan, plan: Plan): string {
  const { scope } = plan;
  const expr = (c: PlanExpr): string => {
    switch (c.k) {
      case "lit":
        return literal(c);
      case "var":
        return ident(c.name);
      case "list":
        return `[${c.elems.map(expr).join(", ")}]`;
      case "tuple":
        return `(${c.elems.map(expr).join(", ")})`;
      case "lam":
        return `(lambda ${c.params.map((p) => ident(p.name)).join(", ")}: ${expr(c.body)})`;
      case "apply":
        return `${expr(c.fn)}(${c.args.map(expr).join(", ")})`;
      case "call":
        if (c.fn === null) return nativeOperator(c.impl.foreignName, c.args.map(expr));
        return `${bound(c.fn)}(${c.args.map(expr).join(", ")})`;
      case "foreign": {
        const args = c.args.map((a) => convert(a.conv, ident(a.name), "to")).join(", ");
        const result = `foreign_call(${pyString(peer(c))}, ${c.target.id}, [${args}], [${c.args.map((a) => pyString(a.schema)).join(", ")}], ${pyString(pyCodecKey(scope, c.ret.schema))})`;
        return convert(c.ret.conv, result, "from");
      }
      case "record": {
        const cls = c.type.k === "con" ? pool.objects.get(c.type.name) : undefined;
        if (cls && c.type.k === "con" && scope.objectCtor("py", c.type.name)) return `${bound(cls)}(${c.fields.map((f) => expr(f.value)).join(", ")})`;
        return `{${c.fields.map((f) => `${pyString(f.key)}: ${expr(f.value)}`).join(", ")}}`;
      }
      case "access": {
        const t = c.expr.type;
        if (t.k === "con" && scope.objectCtor("py", t.name)) return `${expr(c.expr)}.${c.key}`;
        return `${expr(c.expr)}[${pyString(c.key)}]`;
      }
      case "let":
        return `(lambda ${ident(c.name)}: ${expr(c.body)})(${expr(c.value)})`;
      case "if":
        return `(${expr(c.then)} if ${conds(c.conds)} else ${expr(c.else)})`;
      case "rcall":
        return `${fnIdent(c.fn)}(${c.args.map(expr).join(", ")})`;
      default:
        return listAccess(c, expr);
    }
  };
  const conds = (cs: PlanExpr[]) => cs.map((x) => `(${expr(x)})`).join(" and ");
  // decoded here: the codec key carries the typed form of numeric lists (./pyforms.ts)
  const schemas = (xs: Crossing[]) => xs.map((x) => pyString(pyCodecKey(scope, x.schema))).join(", ");

  const body = new Writer();
  // Recursive functions: native values in and out, a self call in tail position loops.
  for (const f of pool.fns) {
    const { body: st, loops } = fnStatements(f);
    const stmt = (x: Stmt): void => {
      switch (x.k) {
        case "if":
          body.line(`if ${conds(x.conds)}:`).indent(() => stmt(x.then));
          body.line("else:").indent(() => stmt(x.else));
          return;
        case "let":
          body.line(`${ident(x.name)} = ${expr(x.value)}`);
          return stmt(x.next);
        case "loop":
          if (x.assign.length > 0) body.line(`${x.assign.map((a) => ident(a.param)).join(", ")}, = ${x.assign.map((a) => expr(a.value)).join(", ")},`);
          body.line("continue");
          return;
        case "return":
          body.line(`return ${expr(x.value)}`);
      }
    };
    body.line(`def ${fnIdent(f.name)}(${f.params.map((p) => ident(p.name)).join(", ")}):`).indent(() => {
      if (loops) body.line("while True:").indent(() => stmt(st));
      else stmt(st);
    }).line();
  }
  const table: string[] = [];
  for (const m of pool.manifolds) {
    body.line(`def m${m.id}(${m.params.map((p) => ident(p.name)).join(", ")}):`).indent(() => {
      for (const p of m.params) if (p.conv) body.line(`${ident(p.name)} = ${convert(p.conv, ident(p.name), "from")}`);
      body.line(`return ${convert(m.ret.conv, expr(m.body), "to")}`);
    }).line();
    table.push(`${m.id}: (m${m.id}, [${schemas(m.params)}], ${pyString(m.ret.schema)}, ${pyString(m.name)})`);
  }

  const out = new Writer();
  out.line("# Generated by morloc: the Python pool of this program. Do not edit.");
  out.line("import os, sys");
  out.line("_here = os.path.dirname(os.path.abspath(__file__))");
  out.line("sys.path.insert(0, _here)");
  out.line("from morloc.pool import serve, foreign_call");
  out.line("from morloc.sources import Sources");
  out.line("from morloc.access import at as _mlc_at, slice_ as _mlc_slice");
  out.line();
  // non-tail recursion runs as deep as the data: Python 3.11 frames of Python calls are cheap
  if (pool.fns.length > 0) out.line("sys.setrecursionlimit(max(sys.getrecursionlimit(), 200000))");
  out.line("_src = Sources(_here)");
  out.line("with _src.starting():  # a name found nowhere or a file that fails to load: one message, exit 3");
  const setup = pool.bindings.map((b) => `${bound(b)} = _src.find([${b.files.map((f) => pyString(f.to)).join(", ")}], ${pyString(b.name)}, ${pyString(b.where)})`);
  out.indent(() => (setup.length ? setup : ["pass"]).forEach((l) => out.line(l)));
  out.line();
  return out.toString() + "\n" + body.toString() + `if __name__ == "__main__":\n    serve({${table.join(", ")}})\n`;
}

/** Tuple index, list index and slice, and a path mapped over a slice (accessors, src/types/accessors.ts). */
function listAccess(c: Extract<PlanExpr, { k: "index" | "at" | "slice" | "each" }>, expr: (c: PlanExpr) => string): string {
  switch (c.k) {
    case "index":
      return `${expr(c.expr)}[${c.index}]`;
    case "at":
      return `_mlc_at(${expr(c.expr)}, ${expr(c.index)}, ${pyString(c.fn)})`;
    case "slice": {
      const part = (x: PlanExpr | null) => (x === null ? "None" : expr(x));
      return `_mlc_slice(${expr(c.expr)}, ${part(c.start)}, ${part(c.stop)}, ${part(c.step)}, ${pyString(c.fn)})`;
    }
    case "each":
      return `[${expr(c.body)} for ${ident(c.param.name)} in ${expr(c.expr)}]`;
  }
}

function ident(name: string): string {
  const s = name.replace(/'/g, "_q");
  return KEYWORDS.has(s) ? `${s}_` : s;
}

function literal(c: Extract<PlanExpr, { k: "lit" }>): string {
  switch (c.lit) {
    case "int":
      return String(BigInt(c.value as string));
    case "real": {
      const v = c.value as number;
      if (Number.isNaN(v)) return "float('nan')";
      if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
      const s = String(v);
      return /[.eE]/.test(s) ? s : `${s}.0`;
    }
    case "str":
      return pyString(c.value as string);
    case "bool":
      return c.value ? "True" : "False";
    case "unit":
    case "null":
      return "None";
  }
}

/** A Python string literal; JSON's escapes are valid Python escapes. */
export function pyString(s: string): string {
  return JSON.stringify(s);
}
