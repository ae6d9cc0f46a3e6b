// The language-neutral plan, built once from the selected commands: the program cut into manifolds
// (one function per language segment), each call either native (bound to a user function the pool
// finds at start) or foreign (a call of another pool's manifold, with the schemas and value
// conversions of what crosses), and per pool the user files it needs. Back ends (./backend.ts)
// only print a plan; every decision that is the same in every language is taken here.

import { CompileError, type Span } from "../diagnostics";
import type { Lang } from "../frontend/ast";
import type { SourceDef } from "../resolve";
import { freeVars, mapNode, type CallExpr, type Expr, type Node, type Param, type SelectedCommand, type SelectedFn } from "../select/ast";
import type { TypeScope } from "../types/scope";
import { showType, type Type } from "../types/type";
import { isOperatorName } from "./operators";
import type { TypeFiles } from "./typefiles";

/** What code generation starts from: the output of selection and what the type checker knows. */
export interface Selected {
  module: string;
  commands: SelectedCommand[];
  scope: TypeScope;
  /** The user files that define object classes (absent: look in the called functions' files only). */
  typeFiles?: TypeFiles;
}

/** How a language's pool gets at user code and values; each back end declares its own. */
export interface LangTraits {
  lang: Lang;
  /** The language's name in messages ("Python"). */
  name: string;
  /**
   * Where user files ship inside the nexus folder (`src/` gives src/0/f.py, src/1/g.py, one folder
   * per original folder), or null when they are used in place (C++ headers, compiled at make).
   */
  shipDir: string | null;
  /** True when a source name made of operator characters is the language's infix operator (`x + y`). */
  infix: boolean;
  /**
   * "convert": values cross as plain data (lists, tuples, dicts) and the plan gives a conversion
   * tree for each crossing value (objects, packed types); "codec": the pool's typed codecs convert.
   */
  values: "convert" | "codec";
  /** True when tables can be data frames in this language (R). */
  frames?: boolean;
}

/** A user file a pool needs: `to` is its path inside the nexus folder (the same as `from` when not shipped). */
export interface ShippedFile {
  from: string;
  to: string;
  /** The source statement that names it, for errors about the file. */
  span: Span;
}

/** A function or class that a pool finds once at start: by name in its files, else the language's own. */
export interface Binding {
  /** Position in the pool's bindings (first-use order), for names such as `_f3`. */
  index: number;
  name: string;
  files: ShippedFile[];
  /** The source statement, `file:line:col`, for the error when the name is found nowhere. */
  where: string;
}

/**
 * How a value changes between its native form and the plain form it crosses in. Read "to" (native
 * → crossing form) or "from" (crossing form → native), as the `Crossing` that holds it says; null
 * anywhere means the value stays as it is.
 */
export type Conv =
  /** A packed type: "to" applies the unpack function then `inner`; "from" applies `inner` then the pack function. */
  | { k: "pack"; fn: Binding; inner: Conv | null }
  | { k: "list"; elem: Conv | null }
  | { k: "tuple"; items: (Conv | null)[] }
  /** A record that is a plain map of its fields in this language. */
  | { k: "record"; fields: { name: string; conv: Conv | null }[] }
  /** An object: crosses as its record; "from" builds it with `ctor` from the fields in order ("to" has no ctor). */
  | { k: "object"; ctor: Binding | null; fields: { name: string; conv: Conv | null }[] }
  /** A data frame (R): crosses as its record of columns. */
  | { k: "frame"; fields: { name: string; conv: Conv | null }[] };

/** A value crossing between pools: a manifold's parameter or result, a foreign call's argument or result. */
export interface Crossing {
  /** The variable that holds it (unique within its command); "" for results. */
  name: string;
  type: Type;
  schema: string;
  conv: Conv | null;
}

/** A call the pool makes itself: `fn` is the bound function, or null for an infix operator of the language. */
export type NativeCall = { k: "call"; impl: SourceDef; fn: Binding | null; inst: Type[]; args: PlanExpr[]; type: Type; span: Span };
/**
 * A call of another pool's manifold; the arguments are the free variables of the call that was cut
 * out. `via` "nexus": a labelled call, sent to the nexus (docs/labels.md), which answers it from the
 * cache or calls `target` itself; printers call `peer(c)`, not `target.lang`.
 */
export type ForeignCall = { k: "foreign"; target: Manifold; args: Crossing[]; ret: Crossing; type: Type; span: Span; via?: "nexus" };

/** The pool (or "nexus") that a foreign call's CALL goes to. */
export const peer = (c: ForeignCall): string => c.via ?? c.target.lang;

/** A labelled call site, cut into its own manifold `target` (which can reach the pools `needs`). */
export interface LabelledSite {
  label: string;
  /** The span of `lbl@f`. */
  span: Span;
  target: Manifold;
  needs: Lang[];
  /**
   * `map lbl@f xs` (or `map (\x -> lbl@f .. x ..) xs`): the whole map is one call of the nexus, id
   * `id`, whose arguments are the list, then `target`'s other parameters; the nexus calls `target`
   * once per element, parameter `index` being the element (one job array when remote).
   */
  array?: { id: number; index: number };
}

/** Ids of array calls: apart from manifold ids (docs/labels.md). */
export const ARRAY_ID_BASE = 1_000_000;

export type PlanExpr = Node<NativeCall | ForeignCall>;

export interface Manifold {
  id: number;
  lang: Lang;
  /** What the user calls this piece of code, for error chains: the called function or the command. */
  name: string;
  /** Parameters as they arrive (conversions read "from"). */
  params: Crossing[];
  /** The result as it leaves (conversion read "to"). */
  ret: Crossing;
  body: PlanExpr;
  span: Span;
}

/** A recursive function of a pool: native values in and out, called only from its own pool (other pools call it through a manifold). */
export interface PlanFn {
  name: string;
  params: Param[];
  body: PlanExpr;
  span: Span;
}

/** One language's pool. */
export interface PoolPlan {
  lang: Lang;
  manifolds: Manifold[];
  /** The recursive functions that live in this pool. */
  fns: PlanFn[];
  bindings: Binding[];
  /** The user files, in first-use order. */
  files: ShippedFile[];
  /** The class of each object type whose values this pool builds, by type name. */
  objects: Map<string, Binding>;
  /** Libraries the pool links with (C++ `-l` names, from package.yaml). */
  links: string[];
}

export interface CommandPlan {
  command: SelectedCommand;
  /** The manifold that answers the command, or null when the nexus evaluates it. */
  root: Manifold | null;
  /** Every pool the command's call graph can reach, except through labelled calls (those start when called). */
  needs: Lang[];
  /** Set when the command's body is exactly one labelled call of its parameters, in order. */
  labelled?: LabelledSite;
}

export interface Plan {
  module: string;
  scope: TypeScope;
  typeFiles?: TypeFiles;
  /** One per language that has manifolds, in the order of the traits given. */
  pools: PoolPlan[];
  commands: CommandPlan[];
  /** Every labelled call site, in manifold id order. */
  labelled: LabelledSite[];
}

/** A call that stays in its caller's language, before lowering. */
type Stay = Omit<CallExpr, "args"> & { args: Segmented[] };
/** A call of another language, cut out of its caller before lowering: it became a manifold. */
type Cut = { k: "cut"; target: Manifold; type: Type; span: Span; labelled?: LabelledSite };
type Segmented = Node<Stay | Cut>;

export function buildPlan(input: Selected, traits: LangTraits[]): Plan {
  const { scope } = input;
  const trait = (l: Lang): LangTraits => {
    const t = traits.find((x) => x.lang === l);
    if (!t) throw new Error(`internal: no back end for the language ${l}`);
    return t;
  };

  // 1. Cut every command into manifolds: the root, and one per call into another language.
  const made: { m: Manifold; body: Segmented }[] = []; // bodies are lowered in step 2
  const make = (lang: Lang, params: Param[], body: Expr, name: string): { m: Manifold; body: Segmented } => {
    for (const p of params)
      if (p.type.k === "fun")
        throw new CompileError("FunctionSerialization", { kind: "cross", name: p.name.replace(/_\d+$/, ""), type: showType(p.type) }, body.span);
    // schemas and conversions are filled in when the manifold is lowered in its pool (step 2)
    const crossing = params.map((p): Crossing => ({ name: p.name, type: p.type, schema: "", conv: null }));
    const m: Manifold = { id: made.length + 1, lang, name, params: crossing, ret: { name: "", type: body.type, schema: "", conv: null }, body: null!, span: body.span };
    const entry = { m, body: null! as Segmented };
    made.push(entry);
    return entry;
  };
  const cut = (e: Expr, lang: Lang, reached: Set<Lang>): Segmented => {
    if (e.k === "rcall" && e.lang !== lang) {
      // a recursive function of another language is called like a foreign function
      reached.add(e.lang);
      const params = [...freeVars(e)].map(([name, type]) => ({ name, type }));
      const entry = make(e.lang, params, e, e.fn.replace(/^.*__/, "").replace(/_\d+$/, ""));
      entry.body = cut(e, e.lang, reached);
      return { k: "cut", target: entry.m, type: e.type, span: e.span };
    }
    if (e.k !== "call") return mapNode(e, (x) => cut(x, lang, reached), unknownKind);
    const array = labelledMap(e);
    if (array) {
      // `map lbl@f xs`: the element call is its own labelled manifold, the map one call of the nexus
      const elem = cut(array.body, lang, reached) as Cut;
      const site = elem.labelled!;
      const index = site.target.params.findIndex((p) => p.name === array.param.name);
      const id = ARRAY_ID_BASE + site.target.id;
      site.array = { id, index };
      const list = `lblarr_${id}_`;
      const others = site.target.params.filter((_, i) => i !== index);
      const target: Manifold = { id, lang: site.target.lang, name: site.target.name, params: [{ name: list, type: array.list.type, schema: "", conv: null }, ...others], ret: { name: "", type: e.type, schema: "", conv: null }, body: null!, span: e.span };
      const call: Cut = { k: "cut", target, type: e.type, span: e.span, labelled: site };
      return { k: "let", name: list, value: cut(array.list, lang, reached), body: call, type: e.type, span: e.span };
    }
    const stay = (l: Lang, r = reached): Stay => ({ ...e, args: e.args.map((a) => cut(a, l, r)) });
    if (e.label) {
      // a labelled call is always its own manifold, even in its caller's language: the nexus
      // answers it (cache, remote) and starts the pools it reaches only when it must
      const params = [...freeVars(e)].map(([name, type]) => ({ name, type }));
      const entry = make(e.impl.lang, params, e, e.term);
      const own = new Set<Lang>([e.impl.lang]);
      entry.body = stay(e.impl.lang, own);
      const site: LabelledSite = { label: e.label.name, span: e.label.span, target: entry.m, needs: [...own].sort() };
      labelled.push(site);
      return { k: "cut", target: entry.m, type: e.type, span: e.span, labelled: site };
    }
    if (e.impl.lang === lang) return stay(lang);
    reached.add(e.impl.lang);
    const params = [...freeVars(e)].map(([name, type]) => ({ name, type }));
    const entry = make(e.impl.lang, params, e, e.term);
    entry.body = stay(e.impl.lang);
    return { k: "cut", target: entry.m, type: e.type, span: e.span };
  };
  const labelled: LabelledSite[] = [];
  const commands: CommandPlan[] = [];
  const fnsMade: { f: SelectedFn; body: Segmented }[] = [];
  for (const command of input.commands) {
    if (!command.lang) {
      commands.push({ command, root: null, needs: [] });
      continue;
    }
    const entry = make(command.lang, command.params, command.body, command.name);
    const reached = new Set<Lang>([command.lang]);
    entry.body = cut(command.body, command.lang, reached);
    for (const f of command.fns) {
      reached.add(f.lang);
      fnsMade.push({ f, body: cut(f.body, f.lang, reached) });
    }
    // `total xs = slow@sum xs`: the nexus answers the command itself (a cached result starts no pool)
    const b = entry.body;
    const direct = b.k === "cut" && b.labelled && b.target.params.length === command.params.length && b.target.params.every((p, i) => p.name === command.params[i]!.name) ? b.labelled : undefined;
    if (direct && command.fns.length === 0) commands.push({ command, root: entry.m, needs: [], labelled: direct });
    else commands.push({ command, root: entry.m, needs: [...reached].sort() });
  }

  // 2. Lower each manifold in its pool, in id order: bindings, shipped files and conversions.
  const pools = new Map<Lang, PoolPlan & { dirs: Map<string, string>; keys: Map<string, Binding> }>();
  const poolOf = (l: Lang) => {
    let p = pools.get(l);
    if (!p) pools.set(l, (p = { lang: l, manifolds: [], fns: [], bindings: [], files: [], objects: new Map(), links: [], dirs: new Map(), keys: new Map() }));
    return p;
  };
  // recursive functions are lowered like manifolds of their language (their own entries, no ids)
  const fnEntries = fnsMade.map(({ f, body }) => ({ m: { id: 0, lang: f.lang, name: f.name, params: [], ret: { name: "", type: f.body.type, schema: "", conv: null }, body: null!, span: f.span } as Manifold, body, fn: f }));
  for (const { m, body, fn } of [...made.map((x) => ({ ...x, fn: undefined as SelectedFn | undefined })), ...fnEntries]) {
    const pool = poolOf(m.lang);
    const tr = trait(m.lang);
    const ship = (path: string, span: Span): ShippedFile => {
      let to = path;
      if (tr.shipDir !== null) {
        const slash = path.lastIndexOf("/");
        const dir = path.slice(0, slash);
        if (!pool.dirs.has(dir)) pool.dirs.set(dir, `${tr.shipDir}${pool.dirs.size}`);
        to = `${pool.dirs.get(dir)}/${path.slice(slash + 1)}`;
      }
      const known = pool.files.find((f) => f.to === to);
      if (known) return known;
      const f = { from: path, to, span };
      pool.files.push(f);
      return f;
    };
    const bind = (files: { path: string; span: Span }[], name: string, span: Span): Binding => {
      const shipped = files.map((f) => ship(f.path, f.span));
      const key = `${shipped.map((f) => f.to).join("|")}::${name}`;
      const known = pool.keys.get(key);
      if (known) return known;
      const b: Binding = { index: pool.bindings.length, name, files: shipped, where: `${span.file}:${span.line}:${span.col}` };
      pool.keys.set(key, b);
      pool.bindings.push(b);
      return b;
    };
    const bindSource = (s: SourceDef): Binding => bind(s.path === null ? [] : [{ path: s.path, span: s.span }], s.foreignName, s.span);
    const objectClass = (typeName: string, ctor: string, span: Span): Binding => {
      const b = bind(input.typeFiles?.(m.lang, typeName, ctor) ?? [], ctor, span);
      pool.objects.set(typeName, b);
      return b;
    };

    /** True when a value of type `t` holds an object (or data frame) of this language somewhere inside. */
    const hasNative = (t: Type): boolean => scope.contains(t, (c) => scope.objectCtor(m.lang, c.name) !== undefined || (!!tr.frames && scope.isDataFrame(m.lang, c.name)));
    const convert = (t: Type, dir: "to" | "from", span: Span): Conv | null => {
      if (tr.values === "codec") return null;
      const packers = scope.packers;
      if (t.k !== "con" || !(packers?.needsPacking(t) || hasNative(t))) return null;
      const ctor = scope.objectCtor(m.lang, t.name);
      const fieldsOf = () => scope.fieldTypes(scope.record(t.name)!, t.args);
      if (ctor) {
        const cls = dir === "from" ? objectClass(t.name, ctor, span) : null;
        return { k: "object", ctor: cls, fields: fieldsOf().map((f) => ({ name: f.name, conv: convert(f.type, dir, span) })) };
      }
      if (tr.frames && scope.isDataFrame(m.lang, t.name)) return { k: "frame", fields: fieldsOf().map((f) => ({ name: f.name, conv: convert(f.type, dir, span) })) };
      const p = packers?.packing(t);
      if (p) {
        const fn = dir === "to" ? p.unpack(m.lang) : p.pack(m.lang);
        if (!fn) throw new CompileError("SerializationError", { kind: "noPacker", lang: tr.name, dir: dir === "to" ? "unpack" : "pack", type: showType(t) }, span);
        return { k: "pack", fn: bindSource(fn), inner: convert(p.unpacked, dir, span) };
      }
      if (t.name === "List") return { k: "list", elem: convert(t.args[0]!, dir, span) };
      const rec = scope.record(t.name);
      if (rec) return { k: "record", fields: scope.fieldTypes(rec, t.args).map((f) => ({ name: f.name, conv: convert(f.type, dir, span) })) };
      return { k: "tuple", items: t.args.map((a) => convert(a, dir, span)) };
    };
    const crossing = (name: string, type: Type, dir: "to" | "from", span: Span): Crossing => ({ name, type, schema: scope.schema(type, span), conv: convert(type, dir, span) });

    const lower = (e: Segmented): PlanExpr => {
      if (e.k === "record" && e.type.k === "con") {
        const ctor = scope.objectCtor(m.lang, e.type.name);
        if (ctor && tr.values === "convert") objectClass(e.type.name, ctor, e.span);
      }
      return mapNode(e, lower, (c): PlanExpr => {
        if (c.k === "cut") {
          const t = c.target;
          const args = t.params.map((p) => crossing(p.name, p.type, "to", c.span));
          return { k: "foreign", target: t, args, ret: crossing("", t.ret.type, "from", c.span), type: c.type, span: c.span, ...(c.labelled ? { via: "nexus" as const } : {}) };
        }
        const fn = tr.infix && isOperatorName(c.impl.foreignName) ? null : bindSource(c.impl);
        for (const l of c.impl.links ?? []) if (!pool.links.includes(l)) pool.links.push(l);
        return { k: "call", impl: c.impl, fn, inst: c.inst, args: c.args.map(lower), type: c.type, span: c.span };
      });
    };

    if (fn) {
      pool.fns.push({ name: fn.name, params: fn.params, body: lower(body), span: fn.span });
      continue;
    }
    m.params = m.params.map((p) => crossing(p.name, p.type, "from", m.span));
    m.body = lower(body);
    m.ret = crossing("", m.ret.type, "to", m.span);
    pool.manifolds.push(m);
  }
  const ordered = traits.map((t) => pools.get(t.lang)).filter((p) => p !== undefined);
  return { module: input.module, scope, typeFiles: input.typeFiles, pools: ordered.map(({ dirs: _d, keys: _k, ...p }) => p), commands, labelled };
}

/** `map (\p -> lbl@f ...p...) xs` with a labelled call as the lambda's whole body and `p` among its free variables. */
function labelledMap(e: CallExpr): { param: Param; body: CallExpr; list: Expr } | null {
  if (e.term !== "map" || e.args.length !== 2) return null;
  const [fn, list] = e.args as [Expr, Expr];
  if (fn.k !== "lam" || fn.params.length !== 1 || fn.body.k !== "call" || !fn.body.label) return null;
  const param = fn.params[0]!;
  if (!freeVars(fn.body).has(param.name)) return null;
  return { param, body: fn.body, list };
}

function unknownKind(e: { k: string }): never {
  throw new Error(`internal: the expression kind ${e.k} is not known to mapNode (src/select/ast.ts)`);
}
