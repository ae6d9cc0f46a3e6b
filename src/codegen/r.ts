// R back end: prints pool.R, the R pool of a program. Manifolds become R functions over native
// values; the runtime (pools/r/morloc.R with its C part morloc_r.so, loaded into the `.morloc`
// environment) serves them and calls other pools. User R files ship under src/r<n>/ and are
// sourced into the global environment, as R users expect; builtins are called by name.

import { CompileError, type Span } from "../diagnostics";
import type { SourceDef } from "../resolve";
import type { Core } from "../types/core";
import { showType, type Type } from "../types/type";
import { Writer, type CallNode, type GenContext, type Manifold, type RCallNode } from "./common";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import type { RecFn } from "../types/core";

export interface RPool {
  files: { path: string; contents: string }[];
  /** Absolute paths of user source files and where they go in the nexus folder. */
  ship: { from: string; to: string; span: Span }[];
}

const RESERVED = new Set("if else repeat while function for in next break TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ NA_character_ NA_complex_".split(" "));

/** Atomic vector kinds by element schema; other lists are R lists. */
const ATOMIC: Record<string, string> = { f8: "numeric(0)", f4: "numeric(0)", i8: "integer(0)", i4: "integer(0)", i2: "integer(0)", i1: "integer(0)", s: "character(0)", b: "logical(0)" };

export function rPool(manifolds: Manifold[], ctx: GenContext, fns: RecFn[] = []): RPool {
  const dirs = new Map<string, string>();
  const ship: { from: string; to: string; span: Span }[] = [];
  const sourced: string[] = [];

  /** Ships a user file (once) and sources it at start. */
  const shipped = (path: string, span: Span): void => {
    const slash = path.lastIndexOf("/");
    const dir = path.slice(0, slash);
    if (!dirs.has(dir)) dirs.set(dir, `src/r${dirs.size}`);
    const to = `${dirs.get(dir)}/${path.slice(slash + 1)}`;
    if (!ship.some((f) => f.to === to)) {
      ship.push({ from: path, to, span });
      sourced.push(to);
    }
  };

  /** Each sourced name, checked at start: a name found nowhere stops the pool with a clear error. */
  const checks = new Map<string, { file: string; where: string }>();
  const fnName = (s: SourceDef): string => {
    if (s.path !== null) shipped(s.path, s.span);
    if (!checks.has(s.foreignName)) checks.set(s.foreignName, { file: s.path?.slice(s.path.lastIndexOf("/") + 1) ?? "", where: `${s.span.file}:${s.span.line}:${s.span.col}` });
    // `pkg::fn` calls into a package; anything else is looked up by name (backticks allow `+`)
    const m = /^([A-Za-z][A-Za-z0-9.]*):::?(.+)$/.exec(s.foreignName);
    return m ? `${m[1]}::${quoteName(m[2]!)}` : quoteName(s.foreignName);
  };

  /** The R function that builds objects of type `typeName`: its files are sourced, and it is checked. */
  const objectCtor = (typeName: string, ctor: string, span: Span): string => {
    const files = ctx.typeFiles?.("r", typeName, ctor) ?? [];
    files.forEach((f) => shipped(f.path, f.span));
    if (!checks.has(ctor)) checks.set(ctor, { file: files.map((f) => f.path.slice(f.path.lastIndexOf("/") + 1)).join(" or "), where: `${span.file}:${span.line}:${span.col}` });
    return quoteName(ctor);
  };

  /**
   * Converts a value of type `t` to the form it crosses in ("to") or back ("from"), through the
   * Packable instances' R functions; null when the type needs no conversion.
   */
  const convert = (t: Type, e: string, dir: "to" | "from", span: Span, depth = 0): string | null => {
    const packers = ctx.scope.packers;
    if (t.k !== "con" || !(packers?.needsPacking(t) || hasNative(t))) return null;
    const v0 = `.o${depth}`;
    const ctor = ctx.scope.objectCtor("r", t.name);
    if (ctor || ctx.scope.isDataFrame("r", t.name)) {
      // An object is built by its R constructor from the fields in order; a data.frame table by
      // as.data.frame. Going out, both cross as the record's named list.
      const fields = ctx.scope.fieldTypes(ctx.scope.record(t.name)!, t.args);
      // .subset2 is `[[` without dispatch: an object's class may have a `[[` method of its own
      // (utils' "person" class does), and the fields are read as stored
      const get = (f: { name: string }) => (dir === "to" && ctor ? `.subset2(${v0}, ${rString(f.name)})` : `${v0}[[${rString(f.name)}]]`);
      const conv = fields.map((f) => convert(f.type, get(f), dir, span, depth + 1) ?? get(f));
      if (dir === "to") return `(function(${v0}) list(${fields.map((f, i) => `${quoteName(f.name)} = ${conv[i]}`).join(", ")}))(${e})`;
      if (ctor) return `(function(${v0}) ${objectCtor(t.name, ctor, span)}(${conv.join(", ")}))(${e})`;
      return `(function(${v0}) as.data.frame(list(${fields.map((f, i) => `${quoteName(f.name)} = ${conv[i]}`).join(", ")}), stringsAsFactors = FALSE))(${e})`;
    }
    const p = packers?.packing(t);
    if (p) {
      const fn = dir === "to" ? p.unpack("r") : p.pack("r");
      if (!fn) throw new CompileError("SerializationError", `no R ${dir === "to" ? "unpack" : "pack"} function is given for ${showType(t)}`, span, "add a Packable instance with R sources");
      if (dir === "to") {
        const inner = `${fnName(fn)}(${e})`;
        return convert(p.unpacked, inner, dir, span, depth + 1) ?? inner;
      }
      return `${fnName(fn)}(${convert(p.unpacked, e, dir, span, depth + 1) ?? e})`;
    }
    const v = `.v${depth}`;
    if (t.name === "List") return `lapply(${e}, function(${v}) ${convert(t.args[0]!, v, dir, span, depth + 1) ?? v})`;
    const rec = ctx.scope.record(t.name);
    if (rec) {
      const fields = ctx.scope.fieldTypes(rec, t.args).map((f) => {
        const get = `${v}[[${rString(f.name)}]]`;
        return `${quoteName(f.name)} = ${convert(f.type, get, dir, span, depth + 1) ?? get}`;
      });
      return `(function(${v}) list(${fields.join(", ")}))(${e})`;
    }
    const items = t.args.map((a, i) => convert(a, `${v}[[${i + 1}]]`, dir, span, depth + 1) ?? `${v}[[${i + 1}]]`);
    return `(function(${v}) list(${items.join(", ")}))(${e})`;
  };

  /** True when a value of type `t` holds an R object or data frame somewhere inside. */
  const hasNative = (t: Type): boolean =>
    ctx.scope.contains(t, (c) => ctx.scope.objectCtor("r", c.name) !== undefined || ctx.scope.isDataFrame("r", c.name));

  const expr = (c: Core): string => {
    switch (c.k) {
      case "lit":
        return literal(c);
      case "var":
        return ident(c.name);
      case "list": {
        const elem = ctx.scope.schema(c.type, c.span).slice(1);
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
        return call(c);
      case "alt":
        throw new Error("internal: an alternative survived selection");
      case "record": {
        const ctor = c.type.k === "con" ? ctx.scope.objectCtor("r", c.type.name) : undefined;
        if (ctor && c.type.k === "con") return `${objectCtor(c.type.name, ctor, c.span)}(${c.fields.map((f) => expr(f.value)).join(", ")})`;
        return `list(${c.fields.map((f) => `${quoteName(f.key)} = ${expr(f.value)}`).join(", ")})`;
      }
      case "access": {
        const t = c.expr.type;
        if (t.k === "con" && ctx.scope.objectCtor("r", t.name)) return `.subset2(${expr(c.expr)}, ${rString(c.key)})`;
        return `(${expr(c.expr)})[[${rString(c.key)}]]`;
      }
      case "let":
        return `{ ${ident(c.name)} <- ${expr(c.value)}; ${expr(c.body)} }`;
      case "if":
        return `(if (${conds(c.conds)}) ${expr(c.then)} else ${expr(c.else)})`;
      case "index":
        return `(${expr(c.expr)})[[${c.index + 1}]]`;
      case "rcall":
        if (ctx.fnLang.get(c.fn) !== "r") return crossing(c, ctx.foreign.get(c)!);
        return `${fnIdent(c.fn)}(${c.args.map(expr).join(", ")})`;
    }
  };
  const conds = (cs: Core[]) => cs.map((x) => `isTRUE(${expr(x)})`).join(" && ");

  const call = (c: CallNode): string => {
    const src = ctx.chosen.get(c)!;
    if (src.lang !== "r") return crossing(c, ctx.foreign.get(c)!);
    return direct(c, src);
  };

  /** A call computed by another pool's manifold `target`. */
  const crossing = (c: CallNode | RCallNode, target: Manifold): string => {
    const args = target.params.map((p) => convert(p.type, ident(p.name), "to", c.span) ?? ident(p.name)).join(", ");
    const schemas = target.params.map((p) => rString(ctx.scope.schema(p.type, c.span))).join(", ");
    const result = `.morloc$foreign_call(${rString(target.lang)}, ${target.id}L, list(${args}), c(${schemas}), ${rString(ctx.scope.schema(target.ret, c.span))})`;
    return convert(target.ret, result, "from", c.span) ?? result;
  };
  const direct = (c: CallNode, src: SourceDef): string => `${fnName(src)}(${c.args.map(expr).join(", ")})`;

  const body = new Writer("  ");
  // Recursive functions: native values in and out, a self call in tail position loops.
  for (const f of fns) {
    const { body: st, loops } = fnStatements(f, "r", ctx.fnLang);
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
  for (const m of manifolds) {
    const params = m.params.map((p) => ident(p.name)).join(", ");
    body.line(`.m${m.id} <- function(${params}) {`).indent(() => {
      for (const p of m.params) {
        const unpacked = convert(p.type, ident(p.name), "from", m.body.span);
        if (unpacked) body.line(`${ident(p.name)} <- ${unpacked}`);
      }
      const result = expr(m.body);
      body.line(convert(m.ret, result, "to", m.body.span) ?? result);
    }).line("}").line();
    const argSchemas = m.params.map((p) => rString(ctx.scope.schema(p.type, m.body.span))).join(", ");
    table.push(`list(id = ${m.id}L, fn = .m${m.id}, args = c(${argSchemas}), ret = ${rString(ctx.scope.schema(m.ret, m.body.span))}, name = ${rString(m.name)})`);
  }

  const out = new Writer("  ");
  out.line("# Generated by morloc: the R pool of this program. Do not edit.");
  out.line('.mlc_here <- normalizePath(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))');
  // the runtime sees base R, not the functions that user files define in the global environment
  out.line(".morloc <- new.env(parent = parent.env(globalenv()))");
  out.line('sys.source(file.path(.mlc_here, "morloc.R"), envir = .morloc)');
  out.line(".morloc$mlr_init(.mlc_here)");
  for (const f of sourced) out.line(`source(file.path(.mlc_here, ${rString(f)}), chdir = TRUE)`);
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
  return { files: [{ path: "pool.R", contents: out.toString() }], ship };
}

function ident(name: string): string {
  const s = name.replace(/'/g, "_q");
  return /^[A-Za-z][A-Za-z0-9_.]*$/.test(s) && !RESERVED.has(s) ? s : `\`${s.replace(/[`\\]/g, "\\$&")}\``;
}

/** A name as R code: plain when it is a syntactic name, else in backticks. */
function quoteName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9_.]*$/.test(name) && !RESERVED.has(name) && !/^\.[0-9]/.test(name) ? name : `\`${name.replace(/[`\\]/g, "\\$&")}\``;
}

function literal(c: Extract<Core, { k: "lit" }>): string {
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
      return rString(c.value as string);
    case "bool":
      return c.value ? "TRUE" : "FALSE";
    case "unit":
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
