// Python back end: prints pool.py, the Python pool of a program. Manifolds become functions over
// native values; the runtime package `morloc` (pools/python/morloc) serves them and makes calls
// into other pools. User source files are shipped beside it under src/<n>/.

import type { SourceDef } from "../resolve";
import { CompileError, type Span } from "../diagnostics";
import type { Core } from "../types/core";
import { showType, type Type } from "../types/type";
import { Writer, type CallNode, type GenContext, type Manifold } from "./common";
import { isOperatorName, nativeOperator } from "./operators";

export interface PythonPool {
  files: { path: string; contents: string }[];
  /** Absolute paths of user source files and where they go in the nexus folder. */
  ship: { from: string; to: string; span: Span }[];
}

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

export function pythonPool(manifolds: Manifold[], ctx: GenContext): PythonPool {
  const symbols = new Map<string, string>();
  const dirs = new Map<string, string>();
  const ship: { from: string; to: string; span: Span }[] = [];
  const setup = new Writer();

  const symbol = (s: SourceDef): string => {
    const key = `${s.path ?? ""}::${s.foreignName}`;
    const known = symbols.get(key);
    if (known) return known;
    const id = `_f${symbols.size}`;
    symbols.set(key, id);
    if (s.path === null) {
      setup.line(`${id} = _builtin(${pyString(s.foreignName)})`);
    } else {
      const slash = s.path.lastIndexOf("/");
      const dir = s.path.slice(0, slash);
      const base = s.path.slice(slash + 1);
      if (!dirs.has(dir)) dirs.set(dir, `src/${dirs.size}`);
      const to = `${dirs.get(dir)}/${base}`;
      if (!ship.some((f) => f.to === to)) ship.push({ from: s.path, to, span: s.span });
      setup.line(`${id} = _sourced(${pyString(to)}, ${pyString(s.foreignName)})`);
    }
    return id;
  };

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
      return `(lambda ${v}: ${objectClass(ctor)}(${fields.map((f) => convert(f.type, `${v}[${pyString(f.name)}]`, dir, span, depth + 1) ?? `${v}[${pyString(f.name)}]`).join(", ")}))(${e})`;
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
  const objectClass = (ctor: string) => `_object(${pyString(ctor)})`;

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
        if (ctor) return `${objectClass(ctor)}(${c.fields.map((f) => expr(f.value, m)).join(", ")})`;
        return `{${c.fields.map((f) => `${pyString(f.key)}: ${expr(f.value, m)}`).join(", ")}}`;
      }
      case "access": {
        const t = c.expr.type;
        if (t.k === "con" && ctx.scope.objectCtor("py", t.name)) return `${expr(c.expr, m)}.${c.key}`;
        return `${expr(c.expr, m)}[${pyString(c.key)}]`;
      }
    }
  };

  const call = (c: CallNode, m: Manifold): string => {
    const src = ctx.chosen.get(c)!;
    if (src.lang !== "py") {
      const target = ctx.foreign.get(c)!;
      const args = target.params.map((p) => convert(p.type, ident(p.name), "to", c.span) ?? ident(p.name)).join(", ");
      const schemas = target.params.map((p) => pyString(ctx.scope.schema(p.type, c.span))).join(", ");
      const result = `foreign_call(${pyString(target.lang)}, ${target.id}, [${args}], [${schemas}], ${pyString(ctx.scope.schema(target.ret, c.span))})`;
      return convert(target.ret, result, "from", c.span) ?? result;
    }
    if (isOperatorName(src.foreignName)) return nativeOperator(src.foreignName, c.args.map((a) => expr(a, m)));
    return `${symbol(src)}(${c.args.map((a) => expr(a, m)).join(", ")})`;
  };

  const body = new Writer();
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
  out.line("import importlib, importlib.util, os, sys");
  out.line("_here = os.path.dirname(os.path.abspath(__file__))");
  out.line("sys.path.insert(0, _here)");
  out.line("from morloc.pool import serve, foreign_call");
  out.line();
  out.line("def _sourced(rel, name):");
  out.indent(() => {
    out.line('"""Loads a user source file once and returns one of its attributes (dotted names allowed)."""');
    out.line("path = os.path.join(_here, rel)");
    out.line("folder = os.path.dirname(path)");
    out.line("if folder not in sys.path:");
    out.indent(() => out.line("sys.path.insert(1, folder)"));
    out.line("key = '_mlc_src_' + rel.replace('/', '_').replace('.', '_')");
    out.line("mod = sys.modules.get(key)");
    out.line("if mod is None:");
    out.indent(() => {
      out.line("spec = importlib.util.spec_from_file_location(key, path)");
      out.line("mod = importlib.util.module_from_spec(spec)");
      out.line("sys.modules[key] = mod");
      out.line("spec.loader.exec_module(mod)");
    });
    out.line("for part in name.split('.'):");
    out.indent(() => out.line("mod = getattr(mod, part)"));
    out.line("return mod");
  });
  out.line();
  out.line("def _object(name):");
  out.indent(() => {
    out.line('"""The class of an object type: found in the loaded user sources, else a builtin."""');
    out.line("for key, mod in list(sys.modules.items()):");
    out.indent(() => {
      out.line("if key.startswith('_mlc_src_') and hasattr(mod, name):");
      out.indent(() => out.line("return getattr(mod, name)"));
    });
    out.line("return _builtin(name)");
  });
  out.line();
  out.line("def _builtin(name):");

  out.indent(() => {
    out.line('"""A Python builtin (`abs`) or a module attribute (`math.factorial`)."""');
    out.line("import builtins");
    out.line("if '.' not in name:");
    out.indent(() => out.line("return getattr(builtins, name)"));
    out.line("head, _, rest = name.partition('.')");
    out.line("obj = importlib.import_module(head)");
    out.line("for part in rest.split('.'):");
    out.indent(() => out.line("obj = getattr(obj, part)"));
    out.line("return obj");
  });
  out.line();
  const bodyText = body.toString();
  const setupText = setup.toString();
  return {
    files: [
      {
        path: "pool.py",
        contents:
          out.toString() +
          "\n" +
          setupText +
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
