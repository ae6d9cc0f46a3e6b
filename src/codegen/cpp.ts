// C++ back end: prints pool.cpp, the C++ pool of a program. Manifolds become functions over the
// concrete C++ types that the program's `type Cpp => ...` mappings give; the header-only runtime
// (pools/cpp/morloc) serves them. User headers are included by absolute path: the pool is
// compiled when the nexus is made, so the headers need not ship.

import { CompileError, type Span } from "../diagnostics";
import { showType, type Type } from "../types/type";
import { recordStructName } from "../types/scope";
import type { Backend } from "./backend";
import { fnIdent, fnStatements, type Stmt } from "./fnbody";
import { Writer } from "./common";
import { nativeOperator } from "./operators";
import { peer, type Plan, type PlanExpr, type PoolPlan } from "./plan";

/** Standard headers included before user sources, so user headers may rely on them (DESIGN §4). */
const STD_HEADERS = ["string", "vector", "tuple", "optional", "utility", "functional", "algorithm", "stdexcept", "cstdint", "cmath", "limits", "iostream", "sstream"];

export const cpp: Backend = {
  lang: "cpp",
  name: "C++",
  shipDir: null, // headers are included by absolute path: the pool is compiled when the nexus is made
  infix: true,
  values: "codec", // morloc::Codec specialisations (records, packed types) convert values
  start: ["{dir}/pool-cpp"],
  print: (pool, plan) => [{ path: "pool.cpp", contents: cppPool(pool, plan), compile: { libs: pool.links } }],
};

function cppPool(pool: PoolPlan, ctx: Plan): string {
  const headers = new Set<string>(pool.files.map((f) => f.from));
  const records = new Set<string>();
  const type = (t: Type, c: { span: Span }) => ctx.scope.concreteText("cpp", t, c.span, undefined, (r) => records.add(r));

  const typeAt = (t: Type, span: Span) => ctx.scope.concreteText("cpp", t, span, undefined, (r) => records.add(r));
  /**
   * Packed types (with a Packable instance) that cross, at the concrete types they cross at: each
   * gets a morloc::Codec that packs, through the instance that serves that type.
   */
  const packed = new Map<string, { t: Type; span: Span }>();
  const notePacked = (t: Type, span: Span): void => {
    if (t.k === "fun") return t.args.concat([t.ret]).forEach((a) => notePacked(a, span));
    if (t.k !== "con") return;
    const p = ctx.scope.packers?.packing(t);
    if (p) {
      if (!packed.has(showType(t))) packed.set(showType(t), { t, span });
      notePacked(p.unpacked, span);
    }
    const rec = ctx.scope.record(t.name);
    if (rec) ctx.scope.fieldTypes(rec, t.args).forEach((f) => notePacked(f.type, span));
    t.args.forEach((a) => notePacked(a, span));
  };

  const expr = (c: PlanExpr): string => {
    switch (c.k) {
      case "lit":
        // Null needs no type: std::nullopt becomes whichever std::optional its place wants
        return c.lit === "null" ? "std::nullopt" : literal(c, type(c.type, c));
      case "var":
        return ident(c.name);
      case "list":
        return `${type(c.type, c)}{${c.elems.map(expr).join(", ")}}`;
      case "tuple":
        return `${type(c.type, c)}{${c.elems.map(expr).join(", ")}}`;
      case "lam": {
        // by const reference: a lambda called on a large list (map, a fold, a C++ loop calling it)
        // must not copy it per call
        const params = c.params.map((p) => `const ${type(p.type, c)}& ${ident(p.name)}`).join(", ");
        return `[=](${params}) -> ${type(c.body.type, c.body)} { return ${expr(c.body)}; }`;
      }
      case "apply":
        return `(${expr(c.fn)})(${c.args.map(expr).join(", ")})`;
      case "call": {
        const templ = c.inst.length > 0 ? `<${c.inst.map((t) => type(t, c)).join(", ")}>` : "";
        if (c.fn === null) return nativeOperator(c.impl.foreignName, c.args.map(expr));
        return `${c.fn.name}${templ}(${c.args.map(expr).join(", ")})`;
      }
      case "foreign": {
        const schemas = c.args.map((a) => cppString(a.schema)).join(", ");
        const args = c.args.map((a) => `, ${ident(a.name)}`).join("");
        c.args.forEach((a) => notePacked(a.type, c.span));
        notePacked(c.ret.type, c.span);
        return `morloc::foreign_call<${typeAt(c.ret.type, c.span)}>(${cppString(peer(c))}, ${c.target.id}, ${cppString(c.ret.schema)}, {${schemas}}${args})`;
      }
      case "record": {
        const isObject = c.type.k === "con" && ctx.scope.objectCtor("cpp", c.type.name);
        const values = c.fields.map((f) => expr(f.value)).join(", ");
        return isObject ? `${type(c.type, c)}(${values})` : `${type(c.type, c)}{${values}}`;
      }
      case "access":
        return `(${expr(c.expr)}).${c.key}`;
      case "let":
        return `[&]() -> ${type(c.type, c)} { ${type(c.value.type, c.value)} ${ident(c.name)} = ${expr(c.value)}; return ${expr(c.body)}; }()`;
      case "if":
        return `(${conds(c.conds)} ? static_cast<${type(c.type, c)}>(${expr(c.then)}) : static_cast<${type(c.type, c)}>(${expr(c.else)}))`;
      case "rcall":
        return `${fnIdent(c.fn)}(${c.args.map(expr).join(", ")})`;
      default:
        return listAccess(c, expr, (t) => type(t, c));
    }
  };
  const conds = (cs: PlanExpr[]) => `(${cs.map((x) => `(${expr(x)})`).join(" && ")})`;

  const body = new Writer();
  // Recursive functions: declared first (they call each other and the manifolds call them);
  // native values in and out, a self call in tail position loops.
  for (const f of pool.fns) {
    const params = f.params.map((p) => `${typeAt(p.type, f.span)} ${ident(p.name)}`).join(", ");
    body.line(`static ${typeAt(f.body.type, f.span)} ${fnIdent(f.name)}(${params});`);
  }
  if (pool.fns.length > 0) body.line();
  for (const f of pool.fns) {
    const { body: st, loops } = fnStatements(f);
    const ptype = new Map(f.params.map((p) => [p.name, p.type] as const));
    const stmt = (x: Stmt): void => {
      switch (x.k) {
        case "if":
          body.line(`if ${conds(x.conds)} {`).indent(() => stmt(x.then));
          body.line("} else {").indent(() => stmt(x.else));
          body.line("}");
          return;
        case "let":
          body.line(`${type(x.value.type, x.value)} ${ident(x.name)} = ${expr(x.value)};`);
          return stmt(x.next);
        case "loop":
          // every new value is computed before any parameter changes
          x.assign.forEach((a, i) => body.line(`${typeAt(ptype.get(a.param)!, f.span)} t_${i} = ${expr(a.value)};`));
          x.assign.forEach((a, i) => body.line(`${ident(a.param)} = std::move(t_${i});`));
          body.line("continue;");
          return;
        case "return":
          body.line(`return ${expr(x.value)};`);
      }
    };
    const params = f.params.map((p) => `${typeAt(p.type, f.span)} ${ident(p.name)}`).join(", ");
    body.line(`static ${typeAt(f.body.type, f.span)} ${fnIdent(f.name)}(${params}) {`).indent(() => {
      if (loops) {
        body.line("while (true) {").indent(() => stmt(st));
        body.line("}");
      } else stmt(st);
    }).line("}").line();
  }
  const registrations: string[] = [];
  for (const m of pool.manifolds) {
    const span = m.span;
    m.params.forEach((p) => notePacked(p.type, span));
    notePacked(m.ret.type, span);
    const params = m.params.map((p) => `${typeAt(p.type, span)} ${ident(p.name)}`).join(", ");
    body.line(`static ${typeAt(m.ret.type, span)} m${m.id}(${params}) {`).indent(() => body.line(`return ${expr(m.body)};`)).line("}").line();
    const schemas = m.params.map((p) => cppString(p.schema)).join(", ");
    registrations.push(`pool.add(${m.id}, morloc::manifold(m${m.id}, ${cppString(m.ret.schema)}, {${schemas}}, ${cppString(m.name)}));`);
  }

  // Codecs by key (a record's name, a packed type's concrete morloc type), each with the keys of
  // the codecs it uses, which must come first: a codec is an explicit specialisation, compiled
  // where it stands, so the codecs it uses must already be declared.
  const codecs = new Map<string, { text: string; deps: Set<string> }>();
  const specialised = new Set<string>(); // C++ types that already have a codec
  for (const [key, { t, span }] of packed) {
    const w = new Writer();
    const unpacked = packedCodec(t, span, ctx, w, (h) => headers.add(h), (r) => records.add(r), specialised);
    if (unpacked) codecs.set(key, { text: w.toString(), deps: codecDeps([unpacked], ctx) });
  }
  const addCodec = (name: string, text: string, fields: Type[]) => codecs.set(name, { text, deps: codecDeps(fields, ctx) });
  const out = new Writer();
  out.line("// Generated by morloc: the C++ pool of this program. Do not edit.");
  for (const h of STD_HEADERS) out.line(`#include <${h}>`);
  out.line('#include "morloc/pool.hpp"');
  out.line();
  recordStructs(records, ctx, out, addCodec, false);
  // the headers of object classes first: the headers of functions over them may rely on them
  for (const h of new Set([...objectHeaders(records, ctx, headers), ...headers])) out.line(`#include ${cppString(h)}`);
  out.line();
  recordStructs(records, ctx, out, addCodec, true);
  const emitted = new Set<string>();
  const emit = (name: string): void => {
    const c = codecs.get(name);
    if (!c || emitted.has(name)) return;
    emitted.add(name);
    c.deps.forEach(emit);
    out.line(c.text.trimEnd()).line();
  };
  [...codecs.keys()].forEach(emit);
  const main = new Writer();
  main.line("int main(int argc, char** argv) {").indent(() => {
    main.line("morloc::Pool pool(argc, argv);");
    registrations.forEach((r) => main.line(r));
    main.line("return pool.run();");
  });
  main.line("}");
  return out.toString() + body.toString() + main.toString();
}

/** The records and packed types named inside `types` (not through function types). */
function codecDeps(types: Type[], ctx: Plan): Set<string> {
  const out = new Set<string>();
  const walk = (t: Type): void => {
    if (t.k !== "con") return;
    if (ctx.scope.record(t.name)) out.add(t.name);
    else if (ctx.scope.packers?.packing(t)) out.add(showType(t));
    t.args.forEach(walk);
  };
  types.forEach(walk);
  return out;
}

/**
 * The headers that define the classes of the object types used (also inside the fields of records
 * used), though no function of them may be called.
 */
function objectHeaders(used: Set<string>, ctx: Plan, included: Set<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (t: Type): void => {
    if (t.k === "fun") return t.args.concat([t.ret]).forEach(walk);
    if (t.k !== "con") return;
    visit(t.name);
    t.args.forEach(walk);
  };
  const visit = (name: string): void => {
    const rec = ctx.scope.record(name);
    if (seen.has(name) || !rec) return;
    seen.add(name);
    const ctor = ctx.scope.objectCtor("cpp", name);
    const files = ctor ? (ctx.typeFiles?.("cpp", name, ctor) ?? []) : [];
    // Headers that only may define the class (no source statement names it) are all included
    // when none of them is included already; one that is may well be where the class lives.
    if (files.some((f) => f.names) || !files.some((f) => included.has(f.path))) out.push(...files.map((f) => f.path));
    ctx.scope.fieldTypes(rec, rec.params.map((p) => ({ k: "var", name: p }) as const)).forEach((f) => walk(f.type));
  };
  used.forEach(visit);
  return out;
}

/**
 * A struct per record type used, with its morloc::Codec so values cross as the record's schema.
 * Records with parameters become templates. Structs go to `out` (before user headers, so they
 * may use them); codecs to `addCodec`, with the field types they use.
 */
function recordStructs(used: Set<string>, ctx: Plan, out: Writer, addCodec: (name: string, text: string, fields: Type[]) => void, objects: boolean): void {
  const done = new Set<string>();
  const pending = [...used];
  const defs: [string, Writer, Writer, Type[]][] = [];
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (done.has(name)) continue;
    done.add(name);
    const rec = ctx.scope.record(name)!;
    // Objects are the user's classes (declared in their headers): only their codec is generated,
    // after the headers; plain records get a struct too, before the headers.
    const ctor = ctx.scope.objectCtor("cpp", name);
    if (objects !== (ctor !== undefined)) {
      if (!objects) ctx.scope.fieldTypes(rec, rec.params.map((p) => ({ k: "var", name: p }) as const)).forEach((f) => f.type.k === "con" && ctx.scope.record(f.type.name) && pending.push(f.type.name));
      continue;
    }
    const tparams = rec.params.map((_, i) => `T${i}`);
    const vars = new Map(rec.params.map((p, i) => [p, `T${i}`] as const));
    const fields = ctx.scope.fieldTypes(rec, rec.params.map((p) => ({ k: "var", name: p }) as const));
    const ctype = (t: (typeof fields)[number]["type"]) => ctx.scope.concreteText("cpp", t, undefined, vars, (r) => pending.push(r));
    const struct = ctor ?? recordStructName(name);
    const full = tparams.length ? `${struct}<${tparams.join(", ")}>` : struct;
    const tmpl = tparams.length ? `template <${tparams.map((t) => `class ${t}`).join(", ")}>` : "template <>";
    const ws = new Writer();
    if (!ctor) {
      if (tparams.length) ws.line(`template <${tparams.map((t) => `class ${t}`).join(", ")}>`);
      ws.line(`struct ${struct} {`).indent(() => fields.forEach((f) => ws.line(`${ctype(f.type)} ${f.name};`))).line("};");
    }
    const w = new Writer();
    w.line(`namespace morloc {`);
    w.line(tmpl);
    w.line(`struct Codec<${full}> {`).indent(() => {
      w.line(`static void write(Writer& w, const Schema& s, const ${full}& v, size_t pos) {`).indent(() => {
        w.line(`expect_fields(s, ${fields.length}, ${cppString(name)});`);
        fields.forEach((f, i) => w.line(`Codec<${ctype(f.type)}>::write(w, s.items[${i}], v.${f.name}, pos + s.offsets[${i}]);`));
      });
      w.line("}");
      w.line(`static ${full} read(const Reader& r, const Schema& s, size_t pos) {`).indent(() => {
        w.line(`expect_fields(s, ${fields.length}, ${cppString(name)});`);
        if (ctor) {
          // An object: its constructor takes the fields in the order of the definition.
          fields.forEach((f, i) => w.line(`auto f${i} = Codec<${ctype(f.type)}>::read(r, s.items[${i}], pos + s.offsets[${i}]);`));
          w.line(`return ${full}(${fields.map((_, i) => `std::move(f${i})`).join(", ")});`);
        } else {
          w.line(`${full} v;`);
          fields.forEach((f, i) => w.line(`v.${f.name} = Codec<${ctype(f.type)}>::read(r, s.items[${i}], pos + s.offsets[${i}]);`));
          w.line("return v;");
        }
      });
      w.line("}");
    });
    w.line("};");
    w.line("}  // namespace morloc");
    defs.unshift([name, ws, w, fields.map((f) => f.type)]);
  }
  // Later-discovered records are fields of earlier ones, so they come first.
  for (const [, ws] of defs) if (ws.toString().trim()) out.line(ws.toString().trimEnd()).line();
  for (const [name, , w, fields] of defs) addCodec(name, w.toString(), fields);
}

/**
 * A morloc::Codec for a packed type (e.g. `std::map<K,V>` for `Map k v`): values cross in the
 * unpacked form, converted by the Packable instance's C++ functions. Being a codec, it also
 * works where the packed type sits inside lists, tuples and record fields.
 */
function packedCodec(t: Type, span: Span, ctx: Plan, out: Writer, useHeader: (h: string) => void, useRecord: (r: string) => void, emitted: Set<string>): Type | null {
  const p = ctx.scope.packers!.packing(t)!;
  const pack = p.pack("cpp");
  const unpack = p.unpack("cpp");
  if (!pack || !unpack)
    throw new CompileError(
      "SerializationError",
      { kind: "noPacker", lang: "C++", dir: pack ? "unpack" : "pack", type: showType(t), general: true },
      span,
    );
  const text = (x: Type) => ctx.scope.concreteText("cpp", x, span, undefined, useRecord);
  // One specialisation per concrete C++ type: the instance that serves it may be written for
  // this key type only (`Map Str val`), so no template over every Map would be right.
  const full = text(t);
  if (emitted.has(full)) return null;
  emitted.add(full);
  if (pack.path) useHeader(pack.path);
  if (unpack.path) useHeader(unpack.path);
  const wire = text(p.unpacked);
  const targs = (which: "pack" | "unpack") => {
    const inst = p.templateArgs(which, "cpp") ?? [];
    return inst.length ? `<${inst.map(text).join(", ")}>` : "";
  };
  out.line("namespace morloc {");
  out.line("template <>");
  out.line(`struct Codec<${full}> {`).indent(() => {
    out.line(`static void write(Writer& w, const Schema& s, const ${full}& v, size_t pos) { Codec<${wire}>::write(w, s, ${unpack.foreignName}${targs("unpack")}(v), pos); }`);
    out.line(`static ${full} read(const Reader& r, const Schema& s, size_t pos) { return ${pack.foreignName}${targs("pack")}(Codec<${wire}>::read(r, s, pos)); }`);
  });
  out.line("};");
  out.line("}  // namespace morloc");
  out.line();
  return p.unpacked;
}

function ident(name: string): string {
  return `v_${name.replace(/'/g, "_q")}`;
}

/** Ranges of the C++ integer types a user may map Int to: a literal outside its type's range is a compile error. */
const CPP_INT_RANGES: Record<string, [bigint, bigint]> = (() => {
  const s = (bits: number): [bigint, bigint] => [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n];
  const u = (bits: number): [bigint, bigint] => [0n, 2n ** BigInt(bits) - 1n];
  return {
    int8_t: s(8), int16_t: s(16), int32_t: s(32), int64_t: s(64), short: s(16), int: s(32), long: s(64), "long long": s(64),
    uint8_t: u(8), uint16_t: u(16), uint32_t: u(32), uint64_t: u(64), unsigned: u(32), "unsigned int": u(32),
    "unsigned long": u(64), size_t: u(64), char: s(8), "signed char": s(8), "unsigned char": u(8),
  };
})();
const FLOAT_MAX = 3.4028234663852886e38;

function literal(c: Extract<PlanExpr, { k: "lit" }>, ctype: string): string {
  switch (c.lit) {
    case "int": {
      const v = BigInt(c.value as string);
      const range = CPP_INT_RANGES[ctype.replace(/^std::/, "").trim()];
      if (range && (v < range[0] || v > range[1])) {
        throw new CompileError("IntegerOverflow", { kind: "cpp", value: String(v), ctype, min: String(range[0]), max: String(range[1]) }, c.span);
      }
      const text = v === -(2n ** 63n) ? "(-9223372036854775807LL - 1)" : `${v}LL`;
      return `static_cast<${ctype}>(${text})`;
    }
    case "real": {
      const v = c.value as number;
      if (Number.isNaN(v)) return `std::numeric_limits<${ctype}>::quiet_NaN()`;
      if (!Number.isFinite(v)) return `${v > 0 ? "" : "-"}std::numeric_limits<${ctype}>::infinity()`;
      if (ctype === "float" && Math.abs(v) > FLOAT_MAX) {
        throw new CompileError("RealOverflow", { kind: "cpp", value: String(v), max: String(FLOAT_MAX) }, c.span);
      }
      const s = String(v);
      return `static_cast<${ctype}>(${/[.eE]/.test(s) ? s : `${s}.0`})`;
    }
    case "str": {
      // a literal holding NUL needs its length: the const char* constructor would stop at the NUL
      const v = c.value as string;
      return v.includes("\0") ? `${ctype}(${cppString(v)}, ${Buffer.byteLength(v, "utf8")})` : `${ctype}(${cppString(v)})`;
    }
    case "bool":
      return c.value ? "true" : "false";
    case "unit":
      return `${ctype}{}`;
    case "null":
      return "std::nullopt";
  }
}

/** A C++ string literal; UTF-8 passes through, control characters are escaped. */
export function cppString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
    else if (ch === "?") out += "\\?";
    else out += ch;
  }
  return out + '"';
}

/** Tuple index, list index and slice (pools/cpp/morloc/access.hpp), and a path mapped over a slice. */
function listAccess(c: Extract<PlanExpr, { k: "index" | "at" | "slice" | "each" }>, expr: (c: PlanExpr) => string, type: (t: PlanExpr["type"]) => string): string {
  switch (c.k) {
    case "index":
      return `std::get<${c.index}>(${expr(c.expr)})`;
    case "at":
      return `morloc::list_at(${expr(c.expr)}, static_cast<int64_t>(${expr(c.index)}), ${cppString(c.fn)})`;
    case "slice": {
      const part = (x: PlanExpr | null) => (x === null ? "false, 0" : `true, static_cast<int64_t>(${expr(x)})`);
      return `morloc::list_slice(${expr(c.expr)}, ${part(c.start)}, ${part(c.stop)}, ${part(c.step)}, ${cppString(c.fn)})`;
    }
    case "each":
      return `[&]() { ${type(c.type)} out_; for (auto ${ident(c.param.name)} : ${expr(c.expr)}) out_.push_back(${expr(c.body)}); return out_; }()`;
  }
}
