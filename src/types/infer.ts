// Stage 3, typecheck: builds one typed core tree per exported term. Declarations are inlined
// (their where-blocks too, closing over enclosing parameters), sourced functions are instantiated
// from their general signatures and saturated by eta expansion, and every node gets a type.

import type * as Src from "../frontend/ast";
import { CompileError, type Span } from "../diagnostics";
import { nearest, type DeclDef, type InstanceImpl, type ModuleInfo, type Resolved, type SigDef, type SourceDef, type TermInfo } from "../resolve";
import type { Command, Core, Param } from "./core";
import { checkClauses, checkGuard, checkLet, clauseArity, type Checking } from "./control";
import { liftRecursion, type Recursive } from "./recursion";
import { TypeScope } from "./scope";
import { Packers } from "./packers";
import { con, fun, showType, tupleName, type Type } from "./type";
import { isOptional, optional } from "./optional";
import { FLOAT_TYPES, Subst } from "./unify";
import { typeVars } from "./typevars";
import { checkAlternatives } from "./valuecheck";
import { interpolate } from "./interp";
import { Accessors } from "./accessors";
import { patternBinders } from "../frontend/patterns";

export { typeVars };

/** What a name means at a point of the program. */
type Binding =
  | { kind: "bound"; name: string; type: Type }
  | { kind: "local"; def: DeclDef; sig: SigDef | undefined; env: Env }
  /** A name bound by a pattern: the accessor path that reads it from the bound variable `base`. */
  | { kind: "path"; base: string; type: Type; path: Src.AccessStep[] };

interface Env {
  module: ModuleInfo;
  names: Map<string, Binding>;
}

export interface Checked {
  commands: Command[];
  /**
   * Exports that stay generic (a class method, or a sourced function whose signature has type
   * variables): a library module exports these; they become commands only once used at a type.
   */
  generic: { name: string; type: string }[];
  scope: TypeScope;
  /** Positioned warnings: the program compiles, but the user should look (rendered by the CLI). */
  warnings: CompileError[];
}

/**
 * `library`: check a module as a library (typecheck/check): generic and signature-only exports are
 * reported by their signatures. Otherwise (make) every export must become a runnable command.
 */
export function typecheck(program: Resolved, library = false): Checked {
  const scope = new TypeScope(program.typedefs, program.typedefOwners, program.typeRenames);
  scope.packers = new Packers(program, scope);
  const commands: Command[] = [];
  const generic: { name: string; type: string }[] = [];
  const warnings: CompileError[] = [];
  // `module m (*)` exports everything, helpers included: what cannot be a command is simply not one
  const exportsAll = program.root.ast.exports === null;
  for (const name of program.root.exports) {
    const info = program.root.terms.get(name);
    if (!info) continue; // an exported type
    const sig = governingSig(info, program.root) ?? info.sigs.find((s) => s.cls) ?? classSig(program.classes, name, info) ?? info.sigs[0];
    const isGeneric = sig && (sig.cls || typeVars(sig.sig.type).length > 0) && info.decls.length === 0;
    const signatureOnly = sig && info.decls.length === 0 && info.sources.length === 0 && info.instances.length === 0;
    // (*) also re-exports what the module imports: a signature without an implementation is no command
    if ((isGeneric || signatureOnly) && !library && exportsAll) continue;
    if (isGeneric && !library)
      throw new CompileError("GenericExport", { name, type: showType(scope.toType(sig.sig.type, new Map(typeVars(sig.sig.type).map((v) => [v, { k: "var", name: v } as Type])))) }, sig.sig.span);
    if (library && (isGeneric || signatureOnly)) {
      if (sig) generic.push({ name, type: showType(scope.toType(sig.sig.type, new Map(typeVars(sig.sig.type).map((v) => [v, { k: "var", name: v } as Type])))) });
      continue;
    }
    const command = new Checker(scope, program.classes).command(name, info, program.root);
    const blocked = exportsAll && !library ? whyNotACommand(command, scope) : null;
    if (blocked) {
      warnings.push(new CompileError("NotACommand", { name, reason: blocked.message, hint: blocked.hint }, blocked.span ?? command.span));
      continue;
    }
    commands.push(command);
  }
  // Generic declarations of the program's own module hold for every instantiation of their generics.
  for (const info of program.root.terms.values()) {
    const sig = governingSig(info, program.root) ?? info.sigs[0];
    if (!sig || sig.cls || (sig.sig.generics.length === 0 && typeVars(sig.sig.type).length === 0)) continue;
    for (const def of info.decls) {
      if (def.module !== program.root) continue;
      try {
        new Checker(scope, program.classes).checkGeneric(def, sig);
      } catch (e) {
        // v0.51 accepted a signature more general than its body when the signature's own types
        // force the variable (`Map n v -> Map Str v` returning its input): specialise, and warn.
        const narrowed = e instanceof CompileError && e.code === "TypeMismatch" ? new Checker(scope, program.classes).specialise(def, sig) : undefined;
        if (!narrowed) throw e;
        warnings.push(
          new CompileError(
            "GeneralSignature",
            { name: def.decl.name, general: narrowed.general, specialised: narrowed.specialised, generics: narrowed.generics },
            sig.sig.span,
          ),
        );
      }
    }
  }
  return { commands, generic, scope, warnings };
}

/** A use of a class method whose instance is chosen once the types around it are known. */
interface PendingMethod {
  name: string;
  node: Core;
  /** The types standing for the class parameters at this use. */
  classTypes: Type[];
  instances: InstanceImpl[];
  span: Span;
  /** Set when the method is one implementation among others: no instance then drops it. */
  optional: boolean;
}

class Checker implements Checking<Env> {
  s = new Subst();
  private counter = 0;
  private inlining: DeclDef[] = [];
  /** Per declaration being inlined: the name and type it is called by when it recurs. */
  private frames = new Map<DeclDef, { name?: string; type: Type }>();
  /** Declarations found recursive: kept as named functions (src/types/recursion.ts). */
  private recursive: Recursive[] = [];
  private pending: PendingMethod[] = [];
  /** Method uses dropped for want of an instance, with the error to report if nothing else remains. */
  private dropped = new Map<Core, CompileError>();
  /** The parameter types of each sourced call: a literal list or tuple argument takes them when they are wider (`?T` elements). */
  private wants = new WeakMap<Core, Type[]>();
  /** Set while checking a generic declaration on its own: its signature, with rigid variables (flexible in specialise). */
  private rigid?: { def: DeclDef; type: Type };
  /** The exported command being checked: run-time errors of list accessors name it when no declaration holds them. */
  private commandName = "";
  private accessorsOf?: Accessors;
  private get acc(): Accessors {
    this.accessorsOf ??= new Accessors({ s: this.s, scope: this.scope, fresh: (b) => this.fresh(b), fnName: () => this.inlining[this.inlining.length - 1]?.decl.name ?? this.commandName });
    return this.accessorsOf;
  }

  constructor(
    private scope: TypeScope,
    private classes: Resolved["classes"],
  ) {}

  command(name: string, info: TermInfo, module: ModuleInfo): Command {
    const span = info.decls[0]?.decl.span ?? info.sources[0]?.span ?? (governingSig(info, module) ?? info.sigs[0])?.sig.span ?? module.ast.span;
    const env: Env = { module, names: new Map() };
    this.commandName = name;
    let body = this.term(name, info, env, span);
    this.resolveAccessorsAndMethods();
    this.s.defaultNumerics();
    // Eta-expand point-free exports so every command takes its arguments explicitly.
    const t = this.s.zonk(body.type);
    let params: Param[] = [];
    if (body.k === "lam") {
      params = body.params;
      body = body.body;
    }
    const tb = this.s.zonk(body.type);
    if (tb.k === "fun") {
      const extra = tb.args.map((a) => ({ name: this.fresh("x"), type: a }));
      body = this.apply(body, extra.map((p): Core => ({ k: "var", name: p.name, type: p.type, span })), span);
      params = [...params, ...extra];
      if (body.k === "lam") {
        params = [...params, ...body.params];
        body = body.body;
      }
    }
    const cmd = this.zonkCommand({ name, params, body, type: t, span });
    // The result has the declared type, which may be wider (`?Int` for an Int body): that is what crosses.
    const declared = cmd.type.k === "fun" && cmd.type.args.length === cmd.params.length ? cmd.type.ret : cmd.params.length === 0 ? cmd.type : undefined;
    if (declared) cmd.body = widen(cmd.body, declared);
    if (declared && isOptional(declared) && !isOptional(cmd.body.type) && cmd.body.k !== "lit") cmd.body = { ...cmd.body, type: declared } as Core;
    return cmd;
  }

  /**
   * Checks a declaration against its generic signature on its own, with the generics rigid: `f a ::
   * a -> a` must hold for every `a`, so `f x = add x 1` is refused even if every use is at Int.
   */
  checkGeneric(def: DeclDef, sig: SigDef): void {
    const names = [...sig.sig.generics];
    for (const v of typeVars(sig.sig.type)) if (!names.includes(v)) names.push(v);
    const vars = new Map(names.map((n) => [n, { k: "var", name: n } as Type] as const));
    this.rigid = { def, type: dropUnitInputs(this.scope.toType(sig.sig.type, vars)) };
    // Class methods used inside keep their instance open here: their choice needs a concrete type.
    this.inline(def, sig, { module: def.module, names: new Map() }, def.decl.span);
    this.acc.resolve(true);
  }

  /**
   * Checks a declaration whose generic signature failed the rigid check again, with the generics
   * flexible. Returns both types when it then holds and every variable the body fixed was fixed to
   * types the signature itself names (so the signature contradicts itself, as `Map n v -> Map Str
   * v` returning its input does); undefined when a type from the body decides (`a -> a` with an
   * `Int` body stays an error) or the body does not fit even so.
   */
  specialise(def: DeclDef, sig: SigDef): { general: string; specialised: string; generics: string[] } | undefined {
    const names = [...sig.sig.generics];
    for (const v of typeVars(sig.sig.type)) if (!names.includes(v)) names.push(v);
    const metas = new Map(names.map((n) => [n, this.s.fresh()] as const));
    const flexible = dropUnitInputs(this.scope.toType(sig.sig.type, metas));
    const general = dropUnitInputs(this.scope.toType(sig.sig.type, new Map(names.map((n) => [n, { k: "var", name: n } as Type]))));
    this.rigid = { def, type: flexible };
    try {
      this.inline(def, sig, { module: def.module, names: new Map() }, def.decl.span);
      this.acc.resolve(true);
    } catch (e) {
      if (e instanceof CompileError) return undefined;
      throw e;
    }
    const own = conNames(general);
    const shown = new Map<number, string>();
    for (const n of names) {
      const t = this.s.zonk(metas.get(n)!);
      if (t.k === "meta" && !shown.has(t.id)) shown.set(t.id, n);
      else if (![...conNames(t)].every((c) => own.has(c))) return undefined;
    }
    return { general: showType(general), specialised: showType(this.s.zonk(flexible), shown), generics: [...shown.values()] };
  }

  fresh(base: string): string {
    return `${base.replace(/[^A-Za-z0-9]/g, "")}_${this.counter++}`;
  }

  /**
   * A use of a module-level term. Its sources, declarations and class instances are alternatives
   * (selection keeps the cheapest), and one signature of the module covers them all.
   */
  private term(name: string, info: TermInfo, env: Env, span: Span): Core {
    const governing = governingSig(info, env.module);
    const others = info.sources.length > 0 || info.decls.length > 0;
    if (info.instances.length > 0 && !others && !governing) return this.method(name, info, span, false);
    if (info.decls.length > 1) checkAlternatives(name, info.decls.map((d) => d.decl));
    const options: Core[] = [];
    if (info.sources.length > 0) options.push(...this.sources(name, info, governing, span));
    for (const def of info.decls) {
      // Inside its own declaration a term means its other implementations, when it has some
      // (`f x = f x` beside `source ... as f`); with none, inlining reports the recursion.
      if (this.inlining.includes(def) && (info.sources.length > 0 || info.decls.length > 1 || info.instances.length > 0)) continue;
      options.push(this.inline(def, governing ?? info.sigs[0], { module: def.module, names: new Map() }, span));
    }
    // instances last: on a tie in cost, the module's own implementations are kept
    if (info.instances.length > 0) options.push(this.method(name, info, span, others));
    if (options.length === 0) {
      throw new CompileError("NoImplementation", { kind: "signatureOnly", name }, span);
    }
    if (governing) {
      const want = this.instantiate(governing.sig).type;
      for (const o of options) this.s.unify(o.type, want, o.span, `'${name}' against its signature`);
    }
    if (options.length === 1) return options[0]!;
    for (const o of options.slice(1)) this.s.unify(o.type, options[0]!.type, o.span, `the implementations of '${name}'`);
    return { k: "alt", options, type: options[0]!.type, span };
  }

  /**
   * References to sourced functions: each source is typed by the signature of the module that
   * sourced it (its generics are the C++ template arguments), else by the term's governing one.
   */
  private sources(name: string, info: TermInfo, governing: SigDef | undefined, span: Span): Core[] {
    const groups = new Map<SigDef, SourceDef[]>();
    for (const src of info.sources) {
      const sig = info.sigs.find((s) => !s.cls && s.module.file === src.span.file) ?? governing ?? info.sigs[0];
      if (!sig) throw new CompileError("MissingGeneralSignature", { kind: "sourced", name }, span);
      groups.set(sig, [...(groups.get(sig) ?? []), src]);
    }
    return [...groups].map(([sig, cands]) => {
      const { type, inst } = this.instantiate(sig.sig);
      return this.sourceCall(name, cands, type, inst, span);
    });
  }

  private sourceCall(name: string, cands: SourceDef[], type: Type, inst: Type[], span: Span): Core {
    if (type.k !== "fun") return { k: "call", term: name, cands, inst, args: [], type, span };
    const params = type.args.map((a) => ({ name: this.fresh("a"), type: a }));
    const call: Core = { k: "call", term: name, cands, inst, args: params.map((p) => ({ k: "var", name: p.name, type: p.type, span })), type: type.ret, span };
    return { k: "lam", params, body: call, type, span };
  }

  private instantiate(sig: Src.Signature, fixed: Map<string, Type> = new Map()): { type: Type; inst: Type[] } {
    const names = [...sig.generics];
    for (const v of typeVars(sig.type)) if (!names.includes(v)) names.push(v);
    const vars = new Map(fixed);
    for (const n of names) if (!vars.has(n)) vars.set(n, this.s.fresh());
    return { type: dropUnitInputs(this.scope.toType(sig.type, vars)), inst: names.filter((n) => !fixed.has(n)).map((n) => vars.get(n)!) };
  }

  /**
   * A use of a class method: typed from the class's signature now; the instance is chosen after
   * the whole command is checked, from the types the class parameters turned out to have.
   * Until then the node is a placeholder that resolveMethods fills in.
   */
  private method(name: string, info: TermInfo, span: Span, optional: boolean): Core {
    const sig = info.sigs.find((s) => s.cls) ?? classSig(this.classes, name, info) ?? info.sigs[0];
    if (!sig) throw new CompileError("MissingGeneralSignature", { kind: "method", name }, span);
    const classParams = sig.cls?.params ?? [];
    const fixed = new Map(classParams.map((p) => [p, this.s.fresh()] as const));
    const { type } = this.instantiate(sig.sig, fixed);
    const node = { k: "lit", lit: "unit", value: null, type, span } as Core;
    this.pending.push({ name, node, classTypes: classParams.map((p) => fixed.get(p)!), instances: info.instances, span, optional });
    return node;
  }

  /** Accessors and class methods each wait for types the other may fix: alternate until both are done. */
  private resolveAccessorsAndMethods(): void {
    this.acc.resolve(false);
    this.resolveMethods();
    while (this.acc.waiting && this.acc.resolve(false)) this.resolveMethods();
    this.acc.resolve(true);
  }

  /**
   * Binds the names of an irrefutable pattern matched against the variable `base` (a parameter, or
   * a `let` value bound to a fresh variable): each reads its accessor path from `base` where used.
   */
  bindPattern(names: Map<string, Binding>, base: Param, pattern: Src.Pattern, span: Span): void {
    this.s.unify(base.type, this.patternType(pattern), span, "the value matched by a pattern");
    for (const b of patternBinders(pattern)) {
      names.set(b.name, b.path.length === 0 ? { kind: "bound", name: base.name, type: base.type } : { kind: "path", base: base.name, type: base.type, path: b.path });
    }
  }

  /** The shape a pattern requires: tuples of their arity, the one record with every named field. */
  private patternType(p: Src.Pattern): Type {
    switch (p.kind) {
      case "pvar":
      case "pwild":
        return this.s.fresh();
      case "pas":
        return this.patternType(p.pattern);
      case "ptuple":
        return con(tupleName(p.elems.length), ...p.elems.map((e) => this.patternType(e)));
      case "precord": {
        const recs = this.scope.recordsWithField(p.fields[0]!.key).filter((r) => p.fields.every((f) => r.fields.some((x) => x.name === f.key)));
        if (recs.length === 0) throw new CompileError("KeyError", { kind: "unknownFields", keys: p.fields.map((f) => f.key) }, p.span);
        if (recs.length > 1) return this.s.fresh(); // the use decides which record; each field read waits for it
        const rec = recs[0]!;
        const args = rec.params.map(() => this.s.fresh());
        const fields = this.scope.fieldTypes(rec, args);
        for (const f of p.fields) this.s.unify(fields.find((x) => x.name === f.key)!.type, this.patternType(f.pattern), f.span, `the field '${f.key}' of ${rec.name}`);
        return con(rec.name, ...args);
      }
    }
  }

  /** Chooses the instance of every pending method use, now that the types are known. */
  private resolveMethods(): void {
    for (let round = 0; this.pending.length > 0; round++) {
      if (round > 100) throw new CompileError("RecursiveDefinition", { kind: "instances" }, this.pending[0]!.span);
      // Literals the context left open are Int by now: instances are chosen from them.
      this.s.defaultNumerics();
      const batch = this.pending;
      this.pending = [];
      for (const p of batch) this.resolveMethod(p);
    }
  }

  private resolveMethod(p: PendingMethod): void {
    const want = p.classTypes.map((t) => this.s.zonk(t));
    const shown = want.map((t) => showType(t)).join(" ");
    const matching: { inst: InstanceImpl; vars: Type[] }[] = [];
    let head: string | undefined;
    for (const inst of p.instances) {
      if (inst.types.length !== want.length)
        throw new CompileError(
          "InstanceSizeMismatch",
          { cls: inst.cls, given: inst.types.length, want: want.length },
          inst.span,
        );
      const names = [...new Set(inst.types.flatMap((t) => typeVars(t)))];
      const vars = new Map(names.map((n) => [n, this.s.fresh()] as const));
      const types = inst.types.map((t) => this.scope.toType(t, vars));
      const key = JSON.stringify(inst.types.map((t) => showType(this.scope.toType(t, new Map(names.map((n) => [n, { k: "var", name: n } as Type]))))));
      // A candidate must match without guessing: an unsolved class type matches nothing yet.
      if (want.some((t) => t.k === "meta")) continue;
      if (!types.every((t, i) => this.s.attempt(t, want[i]!))) continue;
      if (head !== undefined && head !== key) continue; // the first matching head wins; others are other instances
      head = key;
      matching.push({ inst, vars: names.map((n) => vars.get(n)!) });
    }
    if (matching.length === 0) {
      const error = want.some((t) => t.k === "meta")
        ? new CompileError("AmbiguousInstances", { name: p.name }, p.span)
        : new CompileError("NoInstanceFound", { name: p.name, type: shown }, p.span);
      if (!p.optional) throw error;
      // another implementation of the term remains: this one drops out of the alternatives
      const gone: Core = { k: "alt", options: [], type: p.node.type, span: p.span };
      replaceNode(p.node, gone);
      this.dropped.set(p.node, error);
      return;
    }
    const sources = matching.flatMap((m) => (m.inst.impl.kind === "source" ? [m.inst.impl.src] : []));
    const decl = matching.find((m) => m.inst.impl.kind === "decl");
    let replacement: Core;
    if (sources.length > 0) {
      replacement = this.sourceCall(p.name, sources, p.node.type, matching[0]!.vars, p.span);
    } else {
      const impl = decl!.inst.impl as { kind: "decl"; def: DeclDef };
      replacement = this.inline(impl.def, undefined, { module: impl.def.module, names: new Map() }, p.span);
      this.s.unify(replacement.type, p.node.type, p.span, `the instance of '${p.name}' for ${shown}`);
    }
    replaceNode(p.node, replacement);
  }

  /** Inlines a declaration as a lambda over fresh parameter names, with its where-block in scope. */
  private inline(def: DeclDef, sig: SigDef | undefined, outer: Env, span: Span): Core {
    const again = this.frames.get(def);
    if (again) {
      // A function met again inside itself recurs: it is called by name (src/types/recursion.ts).
      // A value has no parameters to stop on, so it could never be computed.
      if (again.type.k !== "fun")
        throw new CompileError("RecursiveValue", { name: def.decl.name }, span);
      // named on first recursion only, so the names of other variables do not shift
      again.name ??= this.fresh(def.decl.name);
      return { k: "var", name: again.name, type: again.type, span };
    }
    this.inlining.push(def);
    // `f = \x -> e` is the function `f x = e`
    const d: Src.Declaration = def.decl.params.length === 0 && !def.decl.clauses && def.decl.body.kind === "lambda"
      ? { ...def.decl, params: def.decl.body.params, patterns: def.decl.body.patterns, body: def.decl.body.body } : def.decl;
    const names = new Map(outer.names);
    const arity = d.clauses ? clauseArity(d) : d.params.length;
    const params: Param[] = Array.from({ length: arity }, (_, i) => ({ name: this.fresh(d.clauses ? "x" : d.params[i]!.name), type: this.s.fresh() }));
    this.bindParams(names, d.params, d.patterns, params);
    const frame: { name?: string; type: Type } = { type: fun(params.map((p) => p.type), this.s.fresh()) };
    this.frames.set(def, frame);
    const env: Env = { module: def.module, names };
    const whereSigs = new Map<string, SigDef>();
    for (const w of d.where) if (w.kind === "signature") whereSigs.set(w.name, { sig: w, module: def.module });
    const whereNames = new Set<string>();
    for (const w of d.where) {
      if (w.kind !== "decl") continue;
      if (d.params.some((p) => p.name === w.name)) throw new CompileError("WhereShadows", { name: w.name }, w.span);
      if (whereNames.has(w.name)) throw new CompileError("DuplicateWhere", { name: w.name }, w.span);
      whereNames.add(w.name);
      names.set(w.name, { kind: "local", def: { decl: w, module: def.module }, sig: whereSigs.get(w.name), env });
    }
    // Check against the signature from the start, so the body is read with its parameters' types.
    const sigType = this.rigid?.def === def ? this.rigid.type : sig ? this.instantiate(sig.sig).type : undefined;
    if (sigType?.k === "fun") params.forEach((p, i) => i < sigType.args.length && this.s.unify(p.type, sigType.args[i]!, d.span, `parameter ${i + 1} of '${d.name}'`));
    // a recursive call inside the body already has the signature's type
    if (sigType && params.length > 0) this.s.unify(frame.type, sigType, d.span, `the definition of '${d.name}' against its signature`);
    let body: Core;
    try {
      body = d.clauses ? checkClauses(this, d, params, env) : this.expr(d.body, env);
    } finally {
      this.frames.delete(def);
      this.inlining.pop();
    }
    if (frame.type.k === "fun") this.s.unify(body.type, frame.type.ret, d.span, `the result of '${d.name}'`);
    const result: Core = params.length === 0 ? body : { k: "lam", params, body, type: fun(params.map((p) => p.type), body.type), span: d.span };
    if (sigType) this.s.unify(result.type, sigType, d.span, `the definition of '${d.name}' against its signature`);
    // the signature's type is the declaration's (it may be wider: `f :: Int -> ?Int; f x = x`)
    if (sigType && result.k === "lam" && hasOptional(this.s.zonk(sigType))) result.type = sigType;
    if (frame.name === undefined || result.k !== "lam") return result;
    this.recursive.push({ name: frame.name, params, body, span: d.span });
    return { k: "var", name: frame.name, type: result.type, span };
  }

  expr(e: Src.Expr, env: Env): Core {
    switch (e.kind) {
      case "int":
        return { k: "lit", lit: "int", value: e.text, type: this.s.freshNumeric(), span: e.span };
      case "real":
        return { k: "lit", lit: "real", value: e.value, type: this.s.freshFractional(), span: e.span };
      case "str":
        return { k: "lit", lit: "str", value: e.value, type: con("Str"), span: e.span };
      case "interp":
        return interpolate(e.texts, e.holes.map((h) => this.expr(h, env)), this.s, e.span);
      case "bool":
        return { k: "lit", lit: "bool", value: e.value, type: con("Bool"), span: e.span };
      case "unit":
        return { k: "lit", lit: "unit", value: null, type: con("Unit"), span: e.span };
      case "null":
        return { k: "lit", lit: "null", value: null, type: optional(this.s.fresh()), span: e.span };
      case "list": {
        const elems = e.elems.map((x) => this.expr(x, env));
        const t = this.s.fresh();
        // optional elements first, so that `["a", Null]` is a [?Str] (each `T` then coerces)
        const opt = elems.filter((x) => isOptional(this.s.zonk(x.type)));
        [...opt, ...elems.filter((x) => !opt.includes(x))].forEach((x) => this.s.unify(x.type, t, x.span, "a list element"));
        return { k: "list", elems, type: con("List", t), span: e.span };
      }
      case "tuple": {
        const elems = e.elems.map((x) => this.expr(x, env));
        return { k: "tuple", elems, type: con(tupleName(elems.length), ...elems.map((x) => x.type)), span: e.span };
      }
      case "var":
        return this.variable(e.name, env, e.span);
      case "lambda": {
        const names = new Map(env.names);
        const params = e.params.map((p) => ({ name: this.fresh(p.name), type: this.s.fresh() }));
        this.bindParams(names, e.params, e.patterns, params);
        const body = this.expr(e.body, { module: env.module, names });
        return { k: "lam", params, body, type: fun(params.map((p) => p.type), body.type), span: e.span };
      }
      case "app":
        if (e.fn.kind === "getter" || e.fn.kind === "getters" || e.fn.kind === "setter") return this.applyAccessor(e.fn, e.args, env, e.span);
        return this.apply(this.expr(e.fn, env), e.args.map((a) => this.expr(a, env)), e.span);
      case "getter":
        return this.acc.getter(e.path, (x) => this.expr(x, env), e.span);
      case "getters":
        return this.acc.getters(e.paths, (x) => this.expr(x, env), e.span);
      case "setter":
        return this.acc.setter(e.entries.map((s) => ({ path: s.path, value: this.expr(s.value, env), span: s.span })), e.span);
      case "annot": {
        const inner = this.expr(e.expr, env);
        const vars = new Map(typeVars(e.type).map((v) => [v, this.s.fresh()] as const));
        this.s.unify(inner.type, this.scope.toType(e.type, vars), e.span, "the annotated expression");
        return inner;
      }
      case "record":
        return this.recordLiteral(e, env);
      case "access": {
        // `p@x` with `p` in scope is v0.51's field access; otherwise `p` labels the call of `x`
        if (glued(e) && !this.isDefined(env, e.expr.name)) return labelCalls(this.variable(e.key, env, e.span), { name: e.expr.name, span: e.span }, e.key);
        const inner = this.expr(e.expr, env);
        return { k: "access", expr: inner, key: e.key, type: this.fieldType(inner.type, e.key, e.span), span: e.span };
      }
      case "let":
        return checkLet(this, e, env);
      case "guard":
        return checkGuard(this, e, env);
    }
  }

  bindLocal(env: Env, name: string, decl: Src.Declaration): Env {
    const names = new Map(env.names);
    names.set(name, { kind: "local", def: { decl, module: env.module }, sig: undefined, env });
    return { module: env.module, names };
  }

  isDefined(env: Env, name: string): boolean {
    return env.names.has(name) || env.module.terms.has(name);
  }

  bindVar(env: Env, name: string, unique: string, type: Type): Env {
    const names = new Map(env.names);
    names.set(name, { kind: "bound", name: unique, type });
    return { module: env.module, names };
  }

  /** Parameters named in `names`; a pattern parameter binds the names of its pattern. */
  private bindParams(names: Map<string, Binding>, written: Src.Name[], patterns: (Src.Pattern | null)[] | undefined, params: Param[]): void {
    written.forEach((p, i) => {
      const pat = patterns?.[i];
      if (pat) this.bindPattern(names, params[i]!, pat, pat.span);
      else names.set(p.name, { kind: "bound", name: params[i]!.name, type: params[i]!.type });
    });
  }

  /**
   * An accessor applied to its value (`.name r`, `.(.a, .b) r`): the value is checked first, so its
   * type is usually known. A value read several times (groups, setters) is bound to a variable first.
   */
  private applyAccessor(fn: Extract<Src.Expr, { kind: "getter" | "getters" | "setter" }>, args: Src.Expr[], env: Env, span: Span): Core {
    const subject = this.expr(args[0]!, env);
    const ex = (x: Src.Expr) => this.expr(x, env);
    let result: Core;
    if (fn.kind === "getter") result = this.acc.path(subject, fn.path, ex, fn.span);
    else if (subject.k === "var") {
      result = fn.kind === "getters"
        ? this.acc.tupleOf(subject, fn.paths, ex, fn.span)
        : this.acc.update(subject, fn.entries.map((s) => ({ path: s.path, value: this.expr(s.value, env), span: s.span })), fn.span);
    } else {
      const f = fn.kind === "getters"
        ? this.acc.getters(fn.paths, ex, fn.span)
        : this.acc.setter(fn.entries.map((s) => ({ path: s.path, value: this.expr(s.value, env), span: s.span })), fn.span);
      result = this.apply(f, [subject], span);
    }
    return this.apply(result, args.slice(1).map((a) => this.expr(a, env)), span);
  }

  /** A record literal takes the one record type whose fields it names (record promotion). */
  private recordLiteral(e: Extract<Src.Expr, { kind: "record" }>, env: Env): Core {
    const keys = e.fields.map((f) => f.key);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) throw new CompileError("DuplicateField", { field: dup }, e.fields.filter((f) => f.key === dup)[1]!.span);
    const recs = this.scope.recordsWithFields(keys);
    if (recs.length === 0) throw new CompileError("UnknownRecord", { fields: keys }, e.span);
    const values = new Map(e.fields.map((f) => [f.key, this.expr(f.value, env)] as const));
    const build = (rec: (typeof recs)[number], args: Type[]): Core => {
      const fields = this.scope.fieldTypes(rec, args).map((ft) => {
        const value = values.get(ft.name)!;
        this.s.unify(value.type, ft.type, e.fields.find((f) => f.key === ft.name)!.span, `the field '${ft.name}' of ${rec.name}`);
        return { key: ft.name, value };
      });
      return { k: "record", fields, type: con(rec.name, ...args), span: e.span };
    };
    if (recs.length === 1) return build(recs[0]!, recs[0]!.params.map(() => this.s.fresh()));
    // several records have these fields: the type the context gives (a signature, an annotation) decides
    const ambiguous = () =>
      new CompileError("AmbiguousRecord", { kind: "literal", fields: keys, records: recs.map((r) => r.name) }, e.span);
    return this.acc.defer(this.s.fresh(), (t) => {
      const rec = t.k === "con" ? recs.find((r) => r.name === t.name) : undefined;
      if (!rec || t.k !== "con") throw ambiguous();
      return build(rec, t.args);
    }, ambiguous, e.span);
  }

  /** The type of field `key` of a value of type `t`. */
  fieldType(t: Type, key: string, span: Span): Type {
    let z = this.s.zonk(t);
    if (z.k === "meta") {
      const recs = this.scope.recordsWithField(key);
      if (recs.length !== 1)
        throw recs.length ? new CompileError("AmbiguousRecord", { kind: "field", key, records: recs.map((r) => r.name) }, span) : new CompileError("KeyError", { kind: "unknown", key }, span);
      const rec = recs[0]!;
      this.s.unify(z, con(rec.name, ...rec.params.map(() => this.s.fresh())), span, `the record holding '${key}'`);
      z = this.s.zonk(t);
    }
    const rec = z.k === "con" ? this.scope.record(z.name) : undefined;
    if (!rec || z.k !== "con") throw new CompileError("KeyError", { kind: "noFields", type: showType(z), key }, span);
    const field = this.scope.fieldTypes(rec, z.args).find((f) => f.name === key);
    if (!field) throw new CompileError("KeyError", { kind: "noField", record: rec.name, key, suggestion: nearest(key, rec.fields.map((f) => f.name)) }, span);
    return field.type;
  }

  variable(name: string, env: Env, span: Span): Core {
    const b = env.names.get(name);
    if (b?.kind === "bound") return { k: "var", name: b.name, type: b.type, span };
    if (b?.kind === "local") return this.inline(b.def, b.sig, b.env, span);
    if (b?.kind === "path") return this.acc.path({ k: "var", name: b.base, type: b.type, span }, b.path, () => {
      throw new Error("internal: a pattern path holds no bracket");
    }, span);
    const info = env.module.terms.get(name);
    if (!info) {
      const known = [...env.names.keys(), ...env.module.terms.keys()];
      throw new CompileError("UnboundVariable", { name, module: env.module.name || "<empty>", suggestion: nearest(name, known) }, span);
    }
    return this.term(name, info, env, span);
  }

  /** Applies a function to arguments: fills a saturating call directly, eta-expands a partial one. */
  apply(fn: Core, args: Core[], span: Span): Core {
    if (args.length === 0 || this.dropped.has(fn)) return fn;
    if (fn.k === "alt") {
      // apply each implementation, so each one saturates its own call (a dropped method drops out)
      const live = fn.options.filter((o) => !this.droppedIn(o));
      if (live.length === 0) return fn.options[0] ?? fn;
      const options = live.map((o) => this.apply(o, args, span));
      options.slice(1).forEach((o) => this.s.unify(o.type, options[0]!.type, span, "the implementations of a term"));
      return { k: "alt", options, type: options[0]!.type, span };
    }
    if (fn.k === "lam" && fn.body.k === "call" && isEtaOf(fn)) {
      const n = fn.params.length;
      const now = args.slice(0, n);
      now.forEach((a, i) => this.s.unify(a.type, fn.params[i]!.type, a.span, `argument ${i + 1} of '${fn.body.k === "call" ? fn.body.term : ""}'`));
      if (now.length < n) {
        const rest = fn.params.slice(now.length);
        const call: Core = { ...fn.body, args: [...now, ...rest.map((p): Core => ({ k: "var", name: p.name, type: p.type, span }))], span };
        this.wants.set(call, fn.params.map((p) => p.type));
        return { k: "lam", params: rest, body: call, type: fun(rest.map((p) => p.type), fn.body.type), span };
      }
      const call: Core = { ...fn.body, args: now, span };
      this.wants.set(call, fn.params.map((p) => p.type));
      return this.apply(call, args.slice(n), span);
    }
    if (fn.k === "apply" && fn.fn.k === "lam" && fn.args.length < fn.fn.params.length) return this.apply(fn.fn, [...fn.args, ...args], span);
    if (fn.k === "lam") {
      // A lambda (an inlined declaration): fill its parameters; a partial application
      // becomes a lambda over the rest, so generated code never calls with too few arguments.
      const n = fn.params.length;
      if (args.length < n) {
        const rest = fn.params.slice(args.length).map((p) => ({ name: this.fresh(p.name.replace(/_\d+$/, "")), type: p.type }));
        const inner = this.apply(fn, [...args, ...rest.map((p): Core => ({ k: "var", name: p.name, type: p.type, span }))], span);
        return { k: "lam", params: rest, body: inner, type: fun(rest.map((p) => p.type), inner.type), span };
      }
      if (args.length > n) return this.apply(this.apply(fn, args.slice(0, n), span), args.slice(n), span);
    }
    const t = this.s.zonk(fn.type);
    if (t.k !== "fun" && t.k !== "meta")
      throw new CompileError("ApplicationOfNonFunction", { count: args.length, type: showType(t) }, span);
    const ret = this.s.fresh();
    this.s.unify(fn.type, fun(args.map((a) => a.type), ret), span, "a function application");
    return { k: "apply", fn, args, type: ret, span };
  }

  /** The error of a dropped method use when `c` is one (or applies, or wraps one). */
  private droppedIn(c: Core): CompileError | undefined {
    if (c.k === "apply") return this.droppedIn(c.fn);
    if (c.k === "lam") return this.droppedIn(c.body);
    return this.dropped.get(c);
  }

  private zonkCommand(c: Command): Command {
    const z = (t: Type) => this.s.zonk(t);
    const go = (c: Core): Core => {
      switch (c.k) {
        case "lit": {
          let t = z(c.type);
          // A literal is never itself optional: `5` in a `?Int` slot is an Int that its place coerces.
          while (c.lit !== "null" && isOptional(t)) t = t.args[0];
          // An Int literal in a Real slot is that Real.
          if (c.lit === "int" && t.k === "con" && FLOAT_TYPES.has(t.name)) return { ...c, lit: "real", value: Number(c.value), type: t };
          return { ...c, type: t };
        }
        case "var":
          return { ...c, type: z(c.type) };
        case "list":
        case "tuple":
          return { ...c, elems: c.elems.map(go), type: z(c.type) };
        case "lam":
          return { ...c, params: c.params.map((p) => ({ ...p, type: z(p.type) })), body: go(c.body), type: z(c.type) };
        case "call": {
          const want = this.wants.get(c);
          return { ...c, inst: c.inst.map(z), args: c.args.map((a, i) => widen(go(a), want?.[i] && z(want[i]))), type: z(c.type) };
        }
        case "record": {
          const t = z(c.type);
          const rec = t.k === "con" ? this.scope.record(t.name) : undefined;
          const want = rec && t.k === "con" ? this.scope.fieldTypes(rec, t.args) : [];
          return { ...c, fields: c.fields.map((f) => ({ key: f.key, value: widen(go(f.value), want.find((w) => w.name === f.key)?.type) })), type: t };
        }
        case "access":
        case "index":
          return { ...c, expr: go(c.expr), type: z(c.type) };
        case "let":
          return { ...c, value: go(c.value), body: go(c.body), type: z(c.type) };
        case "if":
          return { ...c, conds: c.conds.map(go), then: go(c.then), else: go(c.else), type: z(c.type) };
        case "rcall":
          return { ...c, args: c.args.map(go), type: z(c.type) };
        case "at":
          return { ...c, expr: go(c.expr), index: go(c.index), type: z(c.type) };
        case "slice":
          return { ...c, expr: go(c.expr), start: c.start && go(c.start), stop: c.stop && go(c.stop), step: c.step && go(c.step), type: z(c.type) };
        case "each":
          return { ...c, expr: go(c.expr), param: { ...c.param, type: z(c.param.type) }, body: go(c.body), type: z(c.type) };
        case "alt": {
          if (this.dropped.has(c)) return c;
          const options = c.options.map(go).filter((o) => !this.droppedIn(o));
          if (options.length === 0) throw this.droppedIn(c.options[0]!) ?? new Error("internal: an alternative without options");
          return options.length === 1 ? options[0]! : { ...c, options, type: z(c.type) };
        }
        case "apply": {
          const fn = go(c.fn);
          const args = c.args.map(go);
          // A method resolved after its application was built: saturate the call directly.
          if (fn.k === "lam" && isEtaOf(fn) && fn.body.k === "call") {
            const n = fn.params.length;
            if (args.length < n) {
              // partially applied: a lambda over the remaining parameters
              const rest = fn.params.slice(args.length);
              const call: Core = { ...fn.body, args: [...args, ...rest.map((p): Core => ({ k: "var", name: p.name, type: p.type, span: c.span }))], span: c.span };
              return { k: "lam", params: rest, body: call, type: z(c.type), span: c.span };
            }
            const call: Core = { ...fn.body, args: args.slice(0, n), span: c.span };
            return args.length === n ? call : { k: "apply", fn: call, args: args.slice(n), type: z(c.type), span: c.span };
          }
          return { ...c, fn, args, type: z(c.type) };
        }
      }
    };
    const zonked = { ...c, params: c.params.map((p) => ({ ...p, type: z(p.type) })), body: go(c.body), type: z(c.type) };
    if (this.recursive.length === 0) return zonked;
    const fns = this.recursive.map((f) => ({ ...f, params: f.params.map((p) => ({ ...p, type: z(p.type) })), body: go(f.body) }));
    return liftRecursion(zonked, fns, (base) => this.fresh(base));
  }
}

/**
 * The signature that covers every implementation of a term in a module (sources, declarations,
 * instances, local and imported alike): the module's own, else the last imported one that is not
 * a class method's (an importing module's signature follows those it imported).
 */
function governingSig(info: TermInfo, module: ModuleInfo): SigDef | undefined {
  const plain = info.sigs.filter((s) => !s.cls);
  return plain.find((s) => s.module === module) ?? plain[plain.length - 1];
}

/** The class signature of a method whose class was not imported by name (classes travel implicitly). */
function classSig(classes: Resolved["classes"], name: string, info: TermInfo): SigDef | undefined {
  for (const inst of info.instances) {
    const sig = classes.get(inst.cls)?.methods.get(name);
    if (sig) return sig;
  }
  return undefined;
}

/** The type constructors a type names (Map, Str, Tuple2, ...). */
function conNames(t: Type, out = new Set<string>()): Set<string> {
  if (t.k === "con") {
    out.add(t.name);
    t.args.forEach((a) => conNames(a, out));
  } else if (t.k === "fun") {
    t.args.forEach((a) => conNames(a, out));
    conNames(t.ret, out);
  }
  return out;
}

/** Unit inputs are removed, as in the reference: `() -> Int` takes no argument. */
function dropUnitInputs(t: Type): Type {
  if (t.k !== "fun") return t;
  return fun(t.args.filter((a) => !(a.k === "con" && a.name === "Unit" && a.args.length === 0)), t.ret);
}

/**
 * A literal list or tuple (or Null) in a place whose type is wider by optionals (`["a", "b"]` where
 * `[?Str]` goes) takes that type, element by element, so a language that types containers (C++)
 * builds the wider one. Other values keep their type: a plain value coerces to `?T` where it goes.
 */
function widen(c: Core, want: Type | undefined): Core {
  if (!want || !hasOptional(want)) return c;
  if (c.k === "lit") return c.lit === "null" && isOptional(want) ? { ...c, type: want } : c;
  if (isOptional(want) && (c.k === "list" || c.k === "tuple")) return widen(c, want.args[0]);
  if (c.k === "list" && want.k === "con" && want.name === "List") return { ...c, elems: c.elems.map((e) => widen(e, want.args[0])), type: want };
  if (c.k === "tuple" && want.k === "con" && c.type.k === "con" && want.name === c.type.name && want.args.length === c.elems.length)
    return { ...c, elems: c.elems.map((e, i) => widen(e, want.args[i])), type: want };
  return c;
}

function hasOptional(t: Type): boolean {
  if (t.k === "con") return isOptional(t) || t.args.some(hasOptional);
  if (t.k === "fun") return t.args.some(hasOptional) || hasOptional(t.ret);
  return false;
}

/** Fills a placeholder node in place: the tree is still private to the checker. */
function replaceNode(target: Core, by: Core): void {
  for (const k of Object.keys(target)) delete (target as Record<string, unknown>)[k];
  Object.assign(target, by);
}

/** True when a lambda is just the eta expansion of a call made by `source`. */
function isEtaOf(l: Extract<Core, { k: "lam" }>): boolean {
  const b = l.body;
  return b.k === "call" && b.args.length === l.params.length && b.args.every((a, i) => a.k === "var" && a.name === l.params[i]!.name);
}

/** Why the command's arguments or result cannot travel between the nexus and a pool, or null. */
function whyNotACommand(cmd: Command, scope: TypeScope): CompileError | null {
  try {
    for (const p of cmd.params) scope.schema(p.type, cmd.span, true);
    scope.schema(cmd.body.type, cmd.span, true);
    return null;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

/** Mark the call(s) a labelled term `lbl@f` stands for: the call of a sourced `f`, or the call a declaration's body is. */
function labelCalls(c: Core, label: Src.Label, name: string): Core {
  let marked = 0;
  const mark = (x: Core): Core => {
    switch (x.k) {
      case "call":
        marked++;
        return { ...x, label };
      case "lam":
        return { ...x, body: mark(x.body) };
      case "alt":
        return { ...x, options: x.options.map(mark) };
      default:
        return x;
    }
  };
  const out = mark(c);
  if (marked === 0) throw new CompileError("LabelTarget", { label: label.name, name }, label.span);
  return out;
}

/** `p@x` written without spaces (its span is exactly the two names and the `@`): a label when `p` is no variable. */
function glued(e: Extract<Src.Expr, { kind: "access" }>): e is Extract<Src.Expr, { kind: "access" }> & { expr: { kind: "var"; name: string } } {
  return e.expr.kind === "var" && e.span.end - e.span.start === e.expr.name.length + 1 + e.key.length;
}
