// Python back end: prints pool.py, the Python pool of a program. Manifolds become functions over
// native values; the runtime package `morloc` (pools/python/morloc) serves them and makes calls
// into other pools. User source files are shipped beside it under src/<n>/.

import type { SourceDef } from "../resolve";
import { CompileError, type Span } from "../diagnostics";
import type { Core } from "../types/core";
import { showType, type Type } from "../types/type";
import { Writer, type CallNode, type GenContext, type Manifold, type RCallNode } from "./common";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import type { RecFn } from "../types/core";
import { isOperatorName, nativeOperator } from "./operators";

export interface PythonPool {
  files: { path: string; contents: string }[];
  /** Absolute paths of user source files and where they go in the nexus folder. */
  ship: { from: string; to: string; span: Span }[];
}

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

export function pythonPool(manifolds: Manifold[], ctx: GenContext, fns: RecFn[] = []): PythonPool {
  const symbols = new Map<string, string>();
  const dirs = new Map<string, string>();
  const ship: { from: string; to: string; span: Span }[] = [];
  const setup: string[] = [];

  /** Ships a user file (once) and returns where it sits in the nexus folder. */
  const shipped = (path: string, span: Span): string => {
    const slash = path.lastIndexOf("/");
    const dir = path.slice(0, slash);
    if (!dirs.has(dir)) dirs.set(dir, `src/${dirs.size}`);
    const to = `${dirs.get(dir)}/${path.slice(slash + 1)}`;
    if (!ship.some((f) => f.to === to)) ship.push({ from: path, to, span });
    return to;
  };

  /** A Python global bound once at start to `name` as found in `files` (or the builtins). */
  const lookup = (files: { path: string; span: Span }[], name: string, span: Span): string => {
    const rels = files.map((f) => shipped(f.path, f.span));
    const key = `${rels.join("|")}::${name}`;
    const known = symbols.get(key);
    if (known) return known;
    const id = `_f${symbols.size}`;
    symbols.set(key, id);
    setup.push(`${id} = _src.find([${rels.map(pyString).join(", ")}], ${pyString(name)}, ${pyString(`${span.file}:${span.line}:${span.col}`)})`);
    return id;
  };
  const symbol = (s: SourceDef): string => lookup(s.path === null ? [] : [{ path: s.path, span: s.span }], s.foreignName, s.span);

  /**
   * Converts a value of type `t` to the form it crosses in ("to") or back ("from"), through the
   * Packable instances' Python functions; null when the type needs no conversion.
   */
  const convert = (t: Type, e: string, dir: "to" | "from", span: Span, depth = 0): string | null => {
    const packers = ctx.scope.packers;
    if (t.k !== "con" || !(packers?.needsPacking(t) || hasObject(t))) return null;
    const ctor = ctx.scope.objectCtor("py", t.name);
    if (ctor) {
      // An object crosses as its record: fields read as attributes, rebuilt by its class.
      const v = `_o${depth}`;
      const fields = ctx.scope.fieldTypes(ctx.scope.record(t.name)!, t.args);
      if (dir === "to") return `(lambda ${v}: {${fields.map((f) => `${pyString(f.name)}: ${convert(f.type, `${v}.${f.name}`, dir, span, depth + 1) ?? `${v}.${f.name}`}`).join(", ")}})(${e})`;
      return `(lambda ${v}: ${objectClass(t.name, ctor, span)}(${fields.map((f) => convert(f.type, `${v}[${pyString(f.name)}]`, dir, span, depth + 1) ?? `${v}[${pyString(f.name)}]`).join(", ")}))(${e})`;
    }
    const p = packers?.packing(t);
    if (p) {
      const fn = dir === "to" ? p.unpack("py") : p.pack("py");
      if (!fn) throw new CompileError("SerializationError", `no Python ${dir === "to" ? "unpack" : "pack"} function is given for ${showType(t)}`, span, "add a Packable instance with Python sources");
      if (dir === "to") {
        const inner = `${symbol(fn)}(${e})`;
        return convert(p.unpacked, inner, dir, span, depth + 1) ?? inner;
      }
      return `${symbol(fn)}(${convert(p.unpacked, e, dir, span, depth + 1) ?? e})`;
    }
    const v = `_v${depth}`;
    if (t.name === "List") return `[${convert(t.args[0]!, v, dir, span, depth + 1) ?? v} for ${v} in ${e}]`;
    const rec = ctx.scope.record(t.name);
    if (rec) {
      const fields = ctx.scope.fieldTypes(rec, t.args).map((f) => `${pyString(f.name)}: ${convert(f.type, `${v}[${pyString(f.name)}]`, dir, span, depth + 1) ?? `${v}[${pyString(f.name)}]`}`);
      return `(lambda ${v}: {${fields.join(", ")}})(${e})`;
    }
    const items = t.args.map((a, i) => convert(a, `${v}[${i}]`, dir, span, depth + 1) ?? `${v}[${i}]`);
    return `(lambda ${v}: (${items.join(", ")},))(${e})`;
  };

  /** True when a value of type `t` holds a Python object (a class instance) somewhere inside. */
  const hasObject = (t: Type): boolean => ctx.scope.contains(t, (c) => ctx.scope.objectCtor("py", c.name) !== undefined);
  /** The class of an object type: from the user file that defines it, else a builtin. */
  const objectClass = (typeName: string, ctor: string, span: Span) => lookup(ctx.typeFiles?.("py", typeName, ctor) ?? [], ctor, span);

  const expr = (c: Core, m: Manifold): string => {
    switch (c.k) {
      case "lit":
        return literal(c);
      case "var":
        return ident(c.name);
      case "list":
        return `[${c.elems.map((e) => expr(e, m)).join(", ")}]`;
      case "tuple":
        return `(${c.elems.map((e) => expr(e, m)).join(", ")})`;
      case "lam":
        return `(lambda ${c.params.map((p) => ident(p.name)).join(", ")}: ${expr(c.body, m)})`;
      case "apply":
        return `${expr(c.fn, m)}(${c.args.map((a) => expr(a, m)).join(", ")})`;
      case "call":
        return call(c, m);
      case "alt":
        throw new Error("internal: an alternative survived selection");
      case "record": {
        const ctor = c.type.k === "con" ? ctx.scope.objectCtor("py", c.type.name) : undefined;
        if (ctor && c.type.k === "con") return `${objectClass(c.type.name, ctor, c.span)}(${c.fields.map((f) => expr(f.value, m)).join(", ")})`;
        return `{${c.fields.map((f) => `${pyString(f.key)}: ${expr(f.value, m)}`).join(", ")}}`;
      }
      case "access": {
        const t = c.expr.type;
        if (t.k === "con" && ctx.scope.objectCtor("py", t.name)) return `${expr(c.expr, m)}.${c.key}`;
        return `${expr(c.expr, m)}[${pyString(c.key)}]`;
      }
      case "let":
        return `(lambda ${ident(c.name)}: ${expr(c.body, m)})(${expr(c.value, m)})`;
      case "if":
        return `(${expr(c.then, m)} if ${conds(c.conds, m)} else ${expr(c.else, m)})`;
      case "index":
        return `${expr(c.expr, m)}[${c.index}]`;
      case "rcall":
        if (ctx.fnLang.get(c.fn) !== "py") return crossing(c, ctx.foreign.get(c)!);
        return `${fnIdent(c.fn)}(${c.args.map((a) => expr(a, m)).join(", ")})`;
    }
  };
  const conds = (cs: Core[], m: Manifold) => cs.map((x) => `(${expr(x, m)})`).join(" and ");

  const call = (c: CallNode, m: Manifold): string => {
    const src = ctx.chosen.get(c)!;
    if (src.lang !== "py") return crossing(c, ctx.foreign.get(c)!);
    if (isOperatorName(src.foreignName)) return nativeOperator(src.foreignName, c.args.map((a) => expr(a, m)));
    return `${symbol(src)}(${c.args.map((a) => expr(a, m)).join(", ")})`;
  };

  /** A call computed by another pool's manifold `target`. */
  const crossing = (c: CallNode | RCallNode, target: Manifold): string => {
    const args = target.params.map((p) => convert(p.type, ident(p.name), "to", c.span) ?? ident(p.name)).join(", ");
    const schemas = target.params.map((p) => pyString(ctx.scope.schema(p.type, c.span))).join(", ");
    const result = `foreign_call(${pyString(target.lang)}, ${target.id}, [${args}], [${schemas}], ${pyString(ctx.scope.schema(target.ret, c.span))})`;
    return convert(target.ret, result, "from", c.span) ?? result;
  };

  const body = new Writer();
  // Recursive functions: native values in and out, a self call in tail position loops.
  for (const f of fns) {
    const m: Manifold = { id: 0, lang: "py", params: f.params, body: f.body, ret: f.body.type, name: f.name };
    const { body: st, loops } = fnStatements(f, "py", ctx.fnLang);
    const stmt = (x: Stmt): void => {
      switch (x.k) {
        case "if":
          body.line(`if ${conds(x.conds, m)}:`).indent(() => stmt(x.then));
          body.line("else:").indent(() => stmt(x.else));
          return;
        case "let":
          body.line(`${ident(x.name)} = ${expr(x.value, m)}`);
          return stmt(x.next);
        case "loop":
          if (x.assign.length > 0) body.line(`${x.assign.map((a) => ident(a.param)).join(", ")}, = ${x.assign.map((a) => expr(a.value, m)).join(", ")},`);
          body.line("continue");
          return;
        case "return":
          body.line(`return ${expr(x.value, m)}`);
      }
    };
    body.line(`def ${fnIdent(f.name)}(${f.params.map((p) => ident(p.name)).join(", ")}):`).indent(() => {
      if (loops) body.line("while True:").indent(() => stmt(st));
      else stmt(st);
    }).line();
  }
  const table: string[] = [];
  for (const m of manifolds) {
    const params = m.params.map((p) => ident(p.name)).join(", ");
    body.line(`def m${m.id}(${params}):`).indent(() => {
      for (const p of m.params) {
        const unpacked = convert(p.type, ident(p.name), "from", m.body.span);
        if (unpacked) body.line(`${ident(p.name)} = ${unpacked}`);
      }
      const result = expr(m.body, m);
      body.line(`return ${convert(m.ret, result, "to", m.body.span) ?? result}`);
    }).line();
    const argSchemas = m.params.map((p) => pyString(ctx.scope.schema(p.type, m.body.span))).join(", ");
    table.push(`${m.id}: (m${m.id}, [${argSchemas}], ${pyString(ctx.scope.schema(m.ret, m.body.span))}, ${pyString(m.name)})`);
  }

  const out = new Writer();
  out.line("# Generated by morloc: the Python pool of this program. Do not edit.");
  out.line("import os, sys");
  out.line("_here = os.path.dirname(os.path.abspath(__file__))");
  out.line("sys.path.insert(0, _here)");
  out.line("from morloc.pool import serve, foreign_call");
  out.line("from morloc.sources import Sources, SourceError");
  out.line();
  // non-tail recursion runs as deep as the data: Python 3.11 frames of Python calls are cheap
  if (fns.length > 0) out.line("sys.setrecursionlimit(max(sys.getrecursionlimit(), 200000))");
  out.line("_src = Sources(_here)");
  out.line("try:");
  out.indent(() => (setup.length ? setup : ["pass"]).forEach((l) => out.line(l)));
  out.line("except SourceError as e:");
  out.indent(() => out.line('sys.exit("error: %s" % e)  # a clear message, not a traceback; the nexus reports the exit'));
  out.line();
  const bodyText = body.toString();
  return {
    files: [
      {
        path: "pool.py",
        contents:
          out.toString() +
          "\n" +
          bodyText +
          `if __name__ == "__main__":\n    serve({${table.join(", ")}})\n`,
      },
    ],
    ship,
  };
}

function ident(name: string): string {
  const s = name.replace(/'/g, "_q");
  return KEYWORDS.has(s) ? `${s}_` : s;
}

function literal(c: Extract<Core, { k: "lit" }>): string {
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
      return "None";
  }
}

/** A Python string literal; JSON's escapes are valid Python escapes. */
export function pyString(s: string): string {
  return JSON.stringify(s);
}
