// R back end: prints pool.R, the R pool of a program. Manifolds become R functions over native
// values; the runtime (pools/r/morloc.R with its C part morloc_r.so, loaded into the `.morloc`
// environment) serves them and calls other pools. User R files ship under src/r<n>/ and are
// sourced into the global environment, as R users expect; builtins are called by name.

import { CompileError } from "../diagnostics";
import type { Backend } from "./backend";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import { Writer } from "./common";
import { peer, type Binding, type Conv, type Crossing, type Plan, type PlanExpr, type PoolPlan } from "./plan";
import { rImports } from "./rimports";

const RESERVED = new Set("if else repeat while function for in next break TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ NA_character_ NA_complex_".split(" "));

/** Atomic vector kinds by element schema; other lists are R lists. */
const ATOMIC: Record<string, string> = { f8: "numeric(0)", f4: "numeric(0)", i8: "integer(0)", i4: "integer(0)", i2: "integer(0)", i1: "integer(0)", s: "character(0)", b: "logical(0)" };

export const r: Backend = {
  lang: "r",
  name: "R",
  shipDir: "src/r",
  infix: false, // R operators are functions: `+`(x, y)
  values: "convert",
  frames: true,
  start: ["Rscript", "{dir}/pool.R"],
  print: (pool, plan) => [{ path: "pool.R", contents: rPool(pool, plan) }],
  imports: rImports,
};

/** A bound function as R code: `pkg::fn` calls into a package; anything else is looked up by name (backticks allow `+`). */
function fnName(b: Binding): string {
  const m = /^([A-Za-z][A-Za-z0-9.]*):::?(.+)$/.exec(b.name);
  return m ? `${m[1]}::${quoteName(m[2]!)}` : quoteName(b.name);
}

/** A value converted as `c` says (see Conv in ./plan.ts), or `e` as it is when nothing changes. */
function convert(c: Conv | null, e: string, dir: "to" | "from", depth = 0): string {
  if (c === null) return e;
  const sub = (x: Conv | null, y: string) => convert(x, y, dir, depth + 1);
  const v = `.v${depth}`;
  switch (c.k) {
    case "object":
    case "frame": {
      // An object is built by its R constructor from the fields in order; a data.frame table by
      // as.data.frame. Going out, both cross as the record's named list.
      const o = `.o${depth}`;
      // .subset2 is `[[` without dispatch: an object's class may have a `[[` method of its own
      // (utils' "person" class does), and the fields are read as stored
      const get = (name: string) => (dir === "to" && c.k === "object" ? `.subset2(${o}, ${rString(name)})` : `${o}[[${rString(name)}]]`);
      const conv = c.fields.map((f) => sub(f.conv, get(f.name)));
      const named = c.fields.map((f, i) => `${quoteName(f.name)} = ${conv[i]}`).join(", ");
      if (dir === "to") return `(function(${o}) list(${named}))(${e})`;
      if (c.k === "object") return `(function(${o}) ${fnName(c.ctor!)}(${conv.join(", ")}))(${e})`;
      return `(function(${o}) .morloc$as_frame(list(${named})))(${e})`;
    }
    case "pack":
      return dir === "to" ? sub(c.inner, `${fnName(c.fn)}(${e})`) : `${fnName(c.fn)}(${sub(c.inner, e)})`;
    case "list":
      return `lapply(${e}, function(${v}) ${sub(c.elem, v)})`;
    case "record":
      return `(function(${v}) list(${c.fields.map((f) => `${quoteName(f.name)} = ${sub(f.conv, `${v}[[${rString(f.name)}]]`)}`).join(", ")}))(${e})`;
    case "tuple":
      return `(function(${v}) list(${c.items.map((x, i) => sub(x, `${v}[[${i + 1}]]`)).join(", ")}))(${e})`;
  }
}

function rPool(pool: PoolPlan, plan: Plan): string {
  const { scope } = plan;
  const expr = (c: PlanExpr): string => {
    switch (c.k) {
      case "lit":
        return literal(c);
      case "var":
        return ident(c.name);
      case "list": {
        const elem = scope.schema(c.type, c.span).slice(1);
        const atomic = ATOMIC[elem];
        if (c.elems.length === 0) return atomic ?? "list()";
        return `${atomic ? "c" : "list"}(${c.elems.map(expr).join(", ")})`;
      }
      case "tuple":
        return `list(${c.elems.map(expr).join(", ")})`;
      case "lam":
        return `function(${c.params.map((p) => ident(p.name)).join(", ")}) ${expr(c.body)}`;
      case "apply":
        return `(${expr(c.fn)})(${c.args.map(expr).join(", ")})`;
      case "call":
        return `${fnName(c.fn!)}(${c.args.map(expr).join(", ")})`;
      case "foreign": {
        const args = c.args.map((a) => convert(a.conv, ident(a.name), "to")).join(", ");
        const result = `.morloc$foreign_call(${rString(peer(c))}, ${c.target.id}L, list(${args}), c(${schemas(c.args)}), ${rString(c.ret.schema)})`;
        return convert(c.ret.conv, result, "from");
      }
      case "record": {
        const ctor = c.type.k === "con" ? pool.objects.get(c.type.name) : undefined;
        if (ctor && c.type.k === "con" && scope.objectCtor("r", c.type.name)) return `${fnName(ctor)}(${c.fields.map((f) => expr(f.value)).join(", ")})`;
        return `list(${c.fields.map((f) => `${quoteName(f.key)} = ${expr(f.value)}`).join(", ")})`;
      }
      case "access": {
        const t = c.expr.type;
        if (t.k === "con" && scope.objectCtor("r", t.name)) return `.subset2(${expr(c.expr)}, ${rString(c.key)})`;
        return `(${expr(c.expr)})[[${rString(c.key)}]]`;
      }
      case "let":
        return `{ ${ident(c.name)} <- ${expr(c.value)}; ${expr(c.body)} }`;
      case "if":
        return `(if (${conds(c.conds)}) ${expr(c.then)} else ${expr(c.else)})`;
      case "rcall":
        return `${fnIdent(c.fn)}(${c.args.map(expr).join(", ")})`;
      default:
        return listAccess(c, expr, () => ATOMIC[scope.schema(c.type, c.span).slice(1)]);
    }
  };
  const conds = (cs: PlanExpr[]) => cs.map((x) => `isTRUE(${expr(x)})`).join(" && ");
  const schemas = (xs: Crossing[]) => xs.map((x) => rString(x.schema)).join(", ");

  const body = new Writer("  ");
  // Recursive functions: native values in and out, a self call in tail position loops.
  for (const f of pool.fns) {
    const { body: st, loops } = fnStatements(f);
    const stmt = (x: Stmt): void => {
      switch (x.k) {
        case "if":
          body.line(`if (${conds(x.conds)}) {`).indent(() => stmt(x.then));
          body.line("} else {").indent(() => stmt(x.else));
          body.line("}");
          return;
        case "let":
          body.line(`${ident(x.name)} <- ${expr(x.value)}`);
          return stmt(x.next);
        case "loop":
          // every new value is computed before any parameter changes
          x.assign.forEach((a, i) => body.line(`.t${i} <- ${expr(a.value)}`));
          x.assign.forEach((a, i) => body.line(`${ident(a.param)} <- .t${i}`));
          body.line("next");
          return;
        case "return":
          body.line(`return(${expr(x.value)})`);
      }
    };
    body.line(`${fnIdent(f.name)} <- function(${f.params.map((p) => ident(p.name)).join(", ")}) {`).indent(() => {
      if (loops) {
        body.line("repeat {").indent(() => stmt(st));
        body.line("}");
      } else stmt(st);
    }).line("}").line();
  }
  const table: string[] = [];
  for (const m of pool.manifolds) {
    body.line(`.m${m.id} <- function(${m.params.map((p) => ident(p.name)).join(", ")}) {`).indent(() => {
      for (const p of m.params) if (p.conv) body.line(`${ident(p.name)} <- ${convert(p.conv, ident(p.name), "from")}`);
      body.line(convert(m.ret.conv, expr(m.body), "to"));
    }).line("}").line();
    table.push(`list(id = ${m.id}L, fn = .m${m.id}, args = c(${schemas(m.params)}), ret = ${rString(m.ret.schema)}, name = ${rString(m.name)})`);
  }

  const out = new Writer("  ");
  out.line("# Generated by morloc: the R pool of this program. Do not edit.");
  out.line('.mlc_here <- normalizePath(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))');
  // the runtime sees base R, not the functions that user files define in the global environment
  out.line(".morloc <- new.env(parent = parent.env(globalenv()))");
  out.line('sys.source(file.path(.mlc_here, "morloc.R"), envir = .morloc)');
  out.line(".morloc$mlr_init(.mlc_here)");
  for (const f of pool.files) out.line(`.morloc$source_user(.mlc_here, ${rString(f.to)})`);
  // each name, checked at start: a name found nowhere stops the pool with a clear error
  const checks = new Map<string, { file: string; where: string }>();
  for (const b of pool.bindings)
    if (!checks.has(b.name)) checks.set(b.name, { file: b.files.map((f) => f.from.slice(f.from.lastIndexOf("/") + 1)).join(" or "), where: b.where });
  if (checks.size > 0) {
    const col = (f: (c: { file: string; where: string }, name: string) => string) => `c(${[...checks].map(([n, c]) => rString(f(c, n))).join(", ")})`;
    out.line(`.morloc$check_sourced(${col((_, n) => n)}, ${col((c) => c.file)}, ${col((c) => c.where)})`);
  }
  out.line();
  out.line(body.toString().trimEnd());
  out.line();
  out.line(".morloc$serve(list(");
  out.indent(() => table.forEach((t, i) => out.line(t + (i < table.length - 1 ? "," : ""))));
  out.line("))");
  return out.toString();
}

function ident(name: string): string {
  const s = name.replace(/'/g, "_q");
  return /^[A-Za-z][A-Za-z0-9_.]*$/.test(s) && !RESERVED.has(s) ? s : `\`${s.replace(/[`\\]/g, "\\$&")}\``;
}

/** A name as R code: plain when it is a syntactic name, else in backticks. */
function quoteName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9_.]*$/.test(name) && !RESERVED.has(name) && !/^\.[0-9]/.test(name) ? name : `\`${name.replace(/[`\\]/g, "\\$&")}\``;
}

function literal(c: Extract<PlanExpr, { k: "lit" }>): string {
  switch (c.lit) {
    case "int": {
      const n = BigInt(c.value as string);
      // R integers are 32-bit (and NA is -2^31); larger Ints are doubles, as the R codec decodes them
      return n > -2147483648n && n <= 2147483647n ? `${n}L` : `${n}`;
    }
    case "real": {
      const v = c.value as number;
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
      return Object.is(v, -0) ? "-0" : String(v);
    }
    case "str":
      if ((c.value as string).includes("\0")) {
        throw new CompileError("Unsupported", { kind: "rNul" }, c.span);
      }
      return rString(c.value as string);
    case "bool":
      return c.value ? "TRUE" : "FALSE";
    case "unit":
    case "null":
      return "NULL";
  }
}

/** An R string literal in ASCII: non-ASCII code points become \U{...} escapes (locale-proof). */
export function rString(s: string): string {
  let o = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") o += "\\" + ch;
    else if (ch === "\n") o += "\\n";
    else if (ch === "\t") o += "\\t";
    else if (cp < 32 || cp > 126) o += `\\U{${cp.toString(16)}}`;
    else o += ch;
  }
  return o + '"';
}

/**
 * Tuple index, list index and slice (pools/r/morloc.R, Python's 0-based semantics), and a path
 * mapped over a slice; `atomic` is the empty vector of the result's elements when R keeps them in a vector.
 */
function listAccess(c: Extract<PlanExpr, { k: "index" | "at" | "slice" | "each" }>, expr: (c: PlanExpr) => string, atomicOf: () => string | undefined): string {
  switch (c.k) {
    case "index":
      return `(${expr(c.expr)})[[${c.index + 1}]]`;
    case "at":
      return `.morloc$list_at(${expr(c.expr)}, ${expr(c.index)}, ${rString(c.fn)})`;
    case "slice": {
      const part = (x: PlanExpr | null) => (x === null ? "NULL" : expr(x));
      return `.morloc$list_slice(${expr(c.expr)}, ${part(c.start)}, ${part(c.stop)}, ${part(c.step)}, ${rString(c.fn)})`;
    }
    case "each": {
      const each = `lapply(${expr(c.expr)}, function(${ident(c.param.name)}) ${expr(c.body)})`;
      const atomic = atomicOf();
      return atomic ? `c(${atomic}, unlist(${each}))` : each;
    }
  }
}
