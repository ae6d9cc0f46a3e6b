// Ohm parse tree -> AST (ast.ts), one semantics operation. Attaches a span in the ORIGINAL text to
// every node, and desugars composition into a lambda. No checking happens here beyond naming the
// language of a `source`/`type Lang =>`, which the AST stores as an id.

import type { Grammar, MatchResult, Node, Semantics } from "ohm-js";
import { CompileError, type Span } from "../diagnostics";
import type * as A from "./ast";
import type { LayoutResult } from "./layout";
import { spanAt } from "./spans";
import { tokenBefore } from "./tokens";
import { checkBinders } from "./patterns";

interface Ctx {
  file: string;
  src: string;
  lay: LayoutResult;
  /** Counter for the variables introduced by composition. */
  fresh: number;
  /** Decoded string pieces by original offset (built on first use). */
  pieces?: Map<number, string>;
}
let ctx: Ctx;

/** The span of a node, mapped back through the layout pass and trimmed of virtual delimiters. */
/** A source path must be a plain path (no control characters) and, for Python, a module file. */
function checkSourcePath(path: string, language: string, span: Span): void {
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    throw new CompileError("BadSourcePath", { path }, span);
  }
  if (language === "py" && !/\.py$/.test(path)) {
    throw new CompileError("NotAPythonSource", { path }, span);
  }
}

function sp(node: Node): Span {
  const lay = ctx.lay;
  let s = node.source.startIdx;
  let e = node.source.endIdx;
  while (s < e && lay.isVirtual(s)) s++;
  while (e > s && lay.isVirtual(e - 1)) e--;
  const start = lay.origin[s]!;
  // Trailing whitespace and comments before a block's end belong to no node: end at the last token.
  const last = e > s ? tokenBefore(lay.tokens, lay.origin[e - 1]! + 1) : null;
  const end = last && last.end > start ? last.end : start;
  return spanAt(ctx.file, ctx.src, start, end);
}

const LANGS: Record<string, A.Lang> = {
  py: "py", python: "py", python3: "py", cpp: "cpp", "c++": "cpp", r: "r", c: "c", perl: "perl",
  ts: "ts", typescript: "ts",
};
function lang(node: Node): A.Lang {
  const l = LANGS[node.sourceString.toLowerCase()];
  if (!l) {
    throw new CompileError("SyntaxError", { message: `unknown language "${node.sourceString}"`,
      hint: "known languages: Py (py, python, python3), Cpp (cpp, c++), R, TS (ts, typescript), C, Perl" }, sp(node));
  }
  return l;
}

const opt = (node: Node): Node | null => (node.numChildren > 0 ? node.children[0]! : null);
const list = (node: Node): any[] => node.asIteration().children.map((c: Node) => c.ast());
/** A module body's items; one written item may stand for several (shared instance heads). */
const topItems = (node: Node): A.TopItem[] => list(node).flatMap((x) => (x.kind === "many" ? x.items : [x]));
const all = (node: Node): any[] => node.children.map((c: Node) => c.ast());
/** A string literal's piece by the original offset its grammar character maps to (start, or the closing quote of an end piece). */
function piece(node: Node): string {
  if (!ctx.pieces) {
    ctx.pieces = new Map();
    for (const t of ctx.lay.tokens) if (t.kind === "string") ctx.pieces.set(t.part === "end" ? t.end - 1 : t.start, t.value ?? "");
  }
  const v = ctx.pieces.get(ctx.lay.origin[node.source.startIdx]!);
  if (v === undefined) throw new Error("internal: a string literal without its token");
  return v;
}
/** A string literal's decoded value, read from its token (the grammar's input leaves the body out). */
const strOf = (node: Node): string => piece(node);
/** The name an ExportName/TermName/FixityOp node declares: an identifier or a parenthesised operator. */
function termName(node: Node): string {
  const c = node.ctorName === "OpRef" ? node : node.numChildren === 1 ? node.children[0]! : node;
  if (c.ctorName === "OpRef") return c.children[1]!.sourceString;
  return node.sourceString;
}
/** `(+ 1)` and `(2 <)`: a lambda over the missing operand. */
function section(op: Node, args: (x: A.Expr) => A.Expr[], node: Node): A.Expr {
  const span = sp(node);
  const v = `x_${++ctx.fresh}`; // underscores cannot appear in user names
  const body: A.Expr = { kind: "app", fn: { kind: "var", name: op.sourceString, span: sp(op) }, args: args({ kind: "var", name: v, span }), span };
  return { kind: "lambda", params: [{ name: v, span }], body, span };
}
const isUpper = (name: string) => /^\p{Lu}/u.test(name);

/**
 * Parameters as names: a pattern gets a generated name (underscores cannot appear in user names)
 * and is kept in `patterns` at its position; `patterns` is absent when every parameter is a name.
 */
function paramList(params: Node): { params: A.Name[]; patterns?: (A.Pattern | null)[] } {
  const pats = params.children.map((p: Node) => p.ast() as A.Pattern);
  const names = pats.map((p) => (p.kind === "pvar" ? { name: p.name, span: p.span } : { name: `p_${++ctx.fresh}`, span: p.span }));
  const patterns = pats.map((p) => (p.kind === "pvar" ? null : p));
  const out = patterns.some((p) => p !== null) ? { params: names, patterns } : { params: names };
  checkBinders(out.params, out.patterns);
  return out;
}

/** `f . g . h` is `\x -> f (g (h x))`; an application part gets the inner value as its last argument. */
function compose(parts: A.Expr[], span: Span): A.Expr {
  const v = `x_${++ctx.fresh}`; // underscores cannot appear in user names
  let inner: A.Expr = { kind: "var", name: v, span };
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    inner = p.kind === "app" ? { kind: "app", fn: p.fn, args: [...p.args, inner], span: p.span }
      : { kind: "app", fn: p, args: [inner], span: p.span };
  }
  return { kind: "lambda", params: [{ name: v, span }], body: inner, span };
}

const TS_KEYWORD_OPS = new Set(["in", "instanceof", "typeof", "void", "delete"]);

function source(l: Node, path: Node, items: A.SourceItem[], node: Node): A.Source {
  const p = opt(path);
  const language = lang(l);
  if (p) checkSourcePath(strOf(p), language, sp(p));
  const keyword = items.find((it) => it.name.startsWith("`"));
  if (keyword && language === "r") {
    throw new CompileError("SyntaxError", { kind: "rKeyword", name: keyword.name }, keyword.span);
  }
  // TypeScript's keyword operators are these; `and`, `not`, `or` would print code Bun cannot parse
  const tsKeyword = items.find((it) => it.name.startsWith("`") && !TS_KEYWORD_OPS.has(it.name.slice(1, -1)));
  if (tsKeyword && language === "ts") {
    throw new CompileError("SyntaxError", { kind: "tsKeyword", name: tsKeyword.name, known: [...TS_KEYWORD_OPS].join(", ") }, tsKeyword.span);
  }
  return { kind: "source", lang: language, path: p ? strOf(p) : null, items, span: sp(node) };
}

function typeDef(form: A.TypeDefForm, langArrow: Node | null, head: Node, node: Node): A.TypeDef {
  const l = langArrow && opt(langArrow);
  const h = head.ast() as { name: string; params: string[] };
  return {
    kind: "typedef", form, lang: l ? lang(l.children[0]!) : null, name: h.name, params: h.params,
    rhs: null, ctor: null, ctorIsConcrete: false, fields: null, span: sp(node),
  };
}

const actions: Record<string, (this: Node, ...args: Node[]) => any> = {
  Program_modules(_o, mods, _c, _e) {
    return list(mods);
  },
  Program_main(_o, items, _c, _e) {
    // a file without a header is `module main (*)`
    return [{ kind: "module", name: "main", exports: null, body: topItems(items), span: sp(this) }];
  },
  Module(_kw, name, _lp, exports, _rp, _o, items, _c) {
    const n = opt(name);
    return { kind: "module", name: n ? n.sourceString : "", exports: exports.ast(), body: topItems(items), span: sp(this) };
  },
  Exports_all(_star) {
    return null;
  },
  Exports_list(names) {
    return names.asIteration().children.map((c: Node) => ({ name: termName(c), span: sp(c) }));
  },
  Fixity(kw, digits, ops) {
    const prec = Number(digits.sourceString);
    if (prec > 9) throw new CompileError("SyntaxError", { message: `infix precedence must be in [0,9], got ${digits.sourceString}` }, sp(digits));
    const assoc = kw.sourceString === "infixl" ? "left" : kw.sourceString === "infixr" ? "right" : "none";
    return { kind: "fixity", assoc, prec, ops: ops.asIteration().children.map((c: Node) => ({ name: termName(c), span: sp(c) })), span: sp(this) };
  },
  ExprStmt(e) {
    return { kind: "exprstmt", expr: e.ast(), span: sp(this) };
  },
  Import(_kw, name, as, items) {
    const l = opt(items);
    const a = opt(as);
    return { kind: "import", module: name.sourceString, items: l ? l.ast() : null, ...(a ? { as: a.children[1]!.sourceString } : {}), span: sp(this) };
  },
  ImportList(_lp, items, _rp) {
    return list(items);
  },
  ImportItem(name, _as, alias) {
    const a = opt(alias);
    return { name: termName(name), alias: a ? termName(a) : termName(name), span: sp(this) };
  },
  Source_list(_kw, l, _from, path, _lp, items, _rp) {
    return source(l, path, list(items), this);
  },
  Source_block(_kw, l, _from, path, _where, _o, items, _c) {
    return source(l, path, list(items), this);
  },
  SourceLine_bare(name, _as, alias) {
    const a = opt(alias);
    return { name: name.sourceString, alias: a ? termName(a) : name.sourceString, label: null, span: sp(this) };
  },
  SourceItem_named(label, _colon, name, _as, alias) {
    const a = opt(alias);
    const lb = opt(label);
    return { name: strOf(name), alias: a ? termName(a) : strOf(name), label: lb ? lb.sourceString : null, span: sp(this) };
  },
  SourceItem_keyword(quoted, _as, alias) {
    const word = quoted.sourceString.slice(1, -1);
    if (word === "") throw new CompileError("SyntaxError", { kind: "emptyBacktick" }, sp(quoted));
    const a = opt(alias);
    // the backticks stay in the foreign name: they mark a keyword the back ends write infix
    return { name: quoted.sourceString, alias: a ? termName(a) : word, label: null, native: true, span: sp(this) };
  },
  SourceItem_native(op) {
    const name = termName(op);
    return { name, alias: name, label: null, native: true, span: sp(this) };
  },
  Signature(label, _colon, name, generics, _dc, props, _arrow, type, constraints) {
    const lb = opt(label);
    const pr = opt(props);
    const cs = opt(constraints);
    return {
      kind: "signature", name: termName(name), label: lb ? lb.sourceString : null,
      generics: generics.children.map((g: Node) => g.sourceString), props: pr ? pr.ast() : [],
      type: type.ast(), constraints: cs ? cs.ast() : [], span: sp(this),
    };
  },
  Props_paren(_lp, props, _rp) {
    return list(props);
  },
  Props_bare(props) {
    return list(props);
  },
  Prop(words) {
    return words.children.map((w: Node) => w.sourceString);
  },
  Constraints(_kw, _o, lines, _c) {
    return list(lines);
  },
  Constraint(words) {
    return words.children.map((w: Node) => w.sourceString).join(" ");
  },
  TypeDef_alias(_kw, langArrow, head, _eq, rhs) {
    return { ...typeDef("type", langArrow, head, this), rhs: rhs.ast() };
  },
  TypeDef_record(kw, langArrow, head, _eq, ctor, fields) {
    const c = ctor.children[0]!;
    const isStr = c.ctorName === "string";
    const f = opt(fields);
    return {
      ...typeDef(kw.sourceString as A.TypeDefForm, langArrow, head, this),
      ctor: isStr ? strOf(c) : c.sourceString, ctorIsConcrete: isStr, fields: f ? f.ast() : null,
    };
  },
  TypeDef_newtype(_kw, head, _eq, rhs) {
    // a newtype keeps its parent's wire format; it is compiled as an alias (see docs/architecture.md)
    return { ...typeDef("type", null, head, this), rhs: rhs.ast() };
  },
  TypeDef_block(kw, head, _where, _o, fields, _c) {
    const h = head.ast() as { name: string };
    return { ...typeDef(kw.sourceString as A.TypeDefForm, null, head, this), ctor: h.name, ctorIsConcrete: false, fields: list(fields) };
  },
  TypeDef_opaque(_kw, head) {
    return { ...typeDef("type", null, head, this) };
  },
  TdHead_paren(_lp, name, params, _rp) {
    return { name: name.sourceString, params: params.children.map((p: Node) => p.sourceString) };
  },
  TdHead_bare(name, params) {
    return { name: name.sourceString, params: params.children.map((p: Node) => p.sourceString) };
  },
  TypeRhs_concrete(_tag, text, args) {
    return { kind: "tconcrete", text: strOf(text), args: all(args), span: sp(this) };
  },
  Fields(_lb, fields, _rb) {
    return list(fields);
  },
  Field(name, _dc, type) {
    return { name: name.sourceString, type: type.ast(), span: sp(this) };
  },
  ClassDef(_kw, _ctx, _arrow, head, body) {
    const h = head.ast() as { name: string; params: string[] };
    const b = opt(body);
    return { kind: "class", name: h.name, params: h.params, sigs: b ? b.ast() : [], span: sp(this) };
  },
  ClassBody(_kw, _o, sigs, _c) {
    return list(sigs);
  },
  InstanceDef(_kw, _ctx, _arrow, heads, body) {
    const b = opt(body);
    const items = b ? b.ast() : [];
    // shared heads (`instance Show Int, Show Real where ...`) are one instance per head with the same body
    const hs = heads.asIteration().children;
    const one = (h: Node): A.InstanceDef => ({ kind: "instance", cls: h.children[0]!.sourceString, types: all(h.children[1]!), items, span: hs.length === 1 ? sp(this) : sp(h) });
    return hs.length === 1 ? one(hs[0]!) : { kind: "many", items: hs.map(one) };
  },
  InstanceBody(_kw, _o, items, _c) {
    return list(items);
  },
  Declaration_plain(name, params, body, where) {
    const w = opt(where);
    return {
      kind: "decl", name: termName(name), ...paramList(params), body: body.ast(), where: w ? w.ast() : [], span: sp(this),
    };
  },
  Declaration_clauses(name, clauses, where) {
    const w = opt(where);
    return {
      kind: "decl", name: termName(name), params: [], body: { kind: "unit", span: sp(name) }, clauses: all(clauses),
      where: w ? w.ast() : [], span: sp(this),
    };
  },
  DeclBody_plain(_eq, e) {
    return e.ast();
  },
  Clause(_bar, patterns, body) {
    return { patterns: all(patterns), body: body.ast(), span: sp(this) };
  },
  Let(_kw, block, _in, body) {
    return { kind: "let", bindings: block.ast(), body: body.ast(), span: sp(this) };
  },
  LetBlock_braces(_lb, binds, _rb) {
    return list(binds);
  },
  LetBlock_layout(_o, binds, _c) {
    return list(binds);
  },
  LetBind_fun(name, params, body) {
    return {
      pattern: { kind: "pvar", name: name.sourceString, span: sp(name) },
      params: params.children.map((p: Node) => ({ name: p.sourceString, span: sp(p) })), body: body.ast(), span: sp(this),
    };
  },
  LetBind_value(pattern, body) {
    return { pattern: pattern.ast(), params: [], body: body.ast(), span: sp(this) };
  },
  Guard(arms, _colon, otherwise) {
    return { kind: "guard", arms: all(arms), otherwise: otherwise.ast(), span: sp(this) };
  },
  GuardArm(_q, cond, _eq, value) {
    return { cond: cond.ast(), value: value.ast(), span: sp(this) };
  },
  ClausePat_tuple(_lp, first, _comma, rest, _rp) {
    return { kind: "ptuple", elems: [first.ast(), ...list(rest)], span: sp(this) };
  },
  ClausePat_record(_lb, fields, _rb) {
    return { kind: "precord", fields: list(fields), span: sp(this) };
  },
  ClausePat_paren(_lp, p, _rp) {
    return p.ast();
  },
  ClauseField(key, _eq, pattern) {
    return { key: key.sourceString, pattern: pattern.ast(), span: sp(this) };
  },
  ClausePat_str(s) {
    return { kind: "plit", value: s.ast(), span: sp(this) };
  },
  ClausePat_bool(b) {
    return { kind: "plit", value: b.ast(), span: sp(this) };
  },
  ClausePat_num(n) {
    return { kind: "plit", value: n.ast(), span: sp(this) };
  },
  ClausePat_unit(_lp, _rp) {
    return { kind: "plit", value: { kind: "unit", span: sp(this) }, span: sp(this) };
  },
  WhereBlock(_kw, _o, items, _c) {
    return list(items);
  },
  Type(first, _arrows, rest) {
    if (rest.numChildren === 0) return first.ast();
    const ts = [first.ast(), ...all(rest)];
    return { kind: "tfun", args: ts.slice(0, -1), ret: ts[ts.length - 1], span: sp(this) };
  },
  ArgType_app(_tag, name, args) {
    return { kind: "tcon", name: name.sourceString, args: all(args), span: sp(name) };
  },
  AtomType_unit(_lp, _rp) {
    return { kind: "tunit", span: sp(this) };
  },
  AtomType_tuple(_lp, first, _comma, rest, _rp) {
    return { kind: "ttuple", elems: [first.ast(), ...list(rest)], span: sp(this) };
  },
  AtomType_paren(_lp, t, _rp) {
    return t.ast();
  },
  AtomType_list(_lb, t, _rb) {
    return { kind: "tlist", elem: t.ast(), span: sp(this) };
  },
  // `?T` is the optional type; the type checker knows the constructor "?" (src/types/optional.ts).
  OptionalType(_q, t) {
    return { kind: "tcon", name: "?", args: [t.ast()], span: sp(this) };
  },
  AtomType_tagged(_tag, t) {
    return t.ast();
  },
  AtomType_name(name) {
    const n = name.sourceString;
    return isUpper(n) ? { kind: "tcon", name: n, args: [], span: sp(this) } : { kind: "tvar", name: n, span: sp(this) };
  },
  Access(head, _at, key) {
    return { kind: "access", expr: head.ast(), key: key.sourceString, span: sp(this) };
  },
  AccessBox(head, _at, key) {
    return { kind: "access", expr: head.ast(), key: key.sourceString, span: sp(this) };
  },
  Unit(_lp, _rp) {
    return { kind: "unit", span: sp(this) };
  },
  Compose(first, _dots, rest) {
    return compose([first.ast(), ...all(rest)], sp(this));
  },
  CPart_paren(_lp, p, _rp) {
    return p.ast();
  },
  Record(_lb, fields, _rb) {
    return { kind: "record", fields: list(fields), span: sp(this) };
  },
  RecordField(key, _eq, value) {
    return { key: key.sourceString, value: value.ast(), span: sp(this) };
  },
  Tuple(_lp, first, _comma, rest, _rp) {
    return { kind: "tuple", elems: [first.ast(), ...list(rest)], span: sp(this) };
  },
  Annot(e, _dc, type) {
    return { kind: "annot", expr: e.ast(), type: type.ast(), span: sp(this) };
  },
  App(fn, args) {
    return { kind: "app", fn: fn.ast(), args: all(args), span: sp(this) };
  },
  List(_lb, elems, _rb) {
    return { kind: "list", elems: list(elems), span: sp(this) };
  },
  Paren(_lp, e, _rp) {
    return e.ast();
  },
  Lambda(_bs, params, _arrow, body) {
    return { kind: "lambda", ...paramList(params), body: body.ast(), span: sp(this) };
  },
  Getter_chained(_dp, _entries, _rp, dot) {
    throw new CompileError("SyntaxError", { kind: "groupThenAccessor" }, sp(dot));
  },
  Getter_group(_dp, entries, _rp) {
    const es = entries.asIteration().children;
    const items = es.map((c: Node) => c.ast() as { path: A.AccessStep[]; value?: A.Expr; span: Span });
    const sets = items.filter((i) => i.value !== undefined).length;
    if (sets > 0 && sets < items.length) throw new CompileError("SyntaxError", { kind: "mixedGroup" }, sp(this));
    if (sets > 0) return { kind: "setter", entries: items, span: sp(this) };
    if (items.length === 1) return { kind: "getter", path: items[0]!.path, span: sp(this) };
    return { kind: "getters", paths: items.map((i) => i.path), span: sp(this) };
  },
  Getter_chain(path) {
    return { kind: "getter", path: path.ast(), span: sp(this) };
  },
  GroupEntry_set(path, _eq, value) {
    return { path: path.ast(), value: value.ast(), span: sp(this) };
  },
  GroupEntry_get(path) {
    return { path: path.ast(), span: sp(this) };
  },
  AccChain_bracket(path, _db, body, tail) {
    const p = opt(path);
    return [...(p ? p.ast() : []), body.ast(), ...tail.ast()];
  },
  AccChain_path(path) {
    return path.ast();
  },
  AccTail_bracket(_rb, path, _db, body, tail) {
    const p = opt(path);
    return [...(p ? p.ast() : []), body.ast(), ...tail.ast()];
  },
  AccTail_path(_rb, path) {
    return path.ast();
  },
  AccTail_end(_rb) {
    return [];
  },
  BracketBody_slice(start, _c1, stop, _c2, step) {
    const st = opt(step);
    return { kind: "slice", start: start.ast(), stop: stop.ast(), step: st ? st.ast() : null, span: sp(this) };
  },
  BracketBody_index(e) {
    return { kind: "at", index: e.ast(), span: sp(this) };
  },
  SlicePart(e) {
    const x = opt(e);
    return x ? x.ast() : null;
  },
  SliceChain(first, ops, rest) {
    return {
      kind: "opchain", operands: [first.ast(), ...all(rest)],
      ops: ops.children.map((o: Node) => ({ name: o.sourceString, span: sp(o) })), span: sp(this),
    };
  },
  accPath(steps) {
    return all(steps);
  },
  accStep(_dot, _body) {
    const text = this.sourceString.slice(1);
    if (/^[0-9]+$/.test(text)) {
      const index = Number(text);
      if (!Number.isSafeInteger(index)) throw new CompileError("SyntaxError", { kind: "bigIndex", text }, sp(this));
      return { kind: "index", index, span: sp(this) };
    }
    return { kind: "field", name: text, span: sp(this) };
  },
  Param(p) {
    return p.ast();
  },
  Pattern_as(name, _at, _look, p) {
    return { kind: "pas", name: name.sourceString, pattern: p.ast(), span: sp(this) };
  },
  Pattern_tuple(_lp, first, _comma, rest, _rp) {
    return { kind: "ptuple", elems: [first.ast(), ...list(rest)], span: sp(this) };
  },
  Pattern_record(_lb, fields, _rb) {
    return { kind: "precord", fields: list(fields), span: sp(this) };
  },
  Pattern_paren(_lp, p, _rp) {
    return p.ast();
  },
  Pattern_wild(_w) {
    return { kind: "pwild", span: sp(this) };
  },
  Pattern_var(name) {
    return { kind: "pvar", name: name.sourceString, span: sp(this) };
  },
  PatField(key, _eq, p) {
    return { key: key.sourceString, pattern: p.ast(), span: sp(this) };
  },
  OpChain(first, ops, rest) {
    return {
      kind: "opchain", operands: [first.ast(), ...all(rest)],
      ops: ops.children.map((o: Node) => ({ name: o.sourceString, span: sp(o) })), span: sp(this),
    };
  },
  Negate(_minus, e) {
    return { kind: "app", fn: { kind: "var", name: "negate", span: sp(_minus) }, args: [e.ast()], span: sp(this) };
  },
  OpRef(_lp, op, _rp) {
    return { kind: "var", name: op.sourceString, span: sp(op) };
  },
  Section_right(_lp, op, e, _rp) {
    return section(op, (x) => [x, e.ast()], this);
  },
  Section_left(_lp, e, op, _rp) {
    return section(op, (x) => [e.ast(), x], this);
  },
  argNumber(_sign, numBody) {
    return numberNode(this, numBody);
  },
  Var(name) {
    return { kind: "var", name: name.sourceString, span: sp(this) };
  },
  labelled(_ahead, label, _at, name) {
    // field access or a label: the type checker knows which (a variable `p` in scope: access)
    return { kind: "access", expr: { kind: "var", name: label.sourceString, span: sp(label) }, key: name.sourceString, span: sp(this) };
  },
  string(_q1, _body, _q2) {
    return { kind: "str", value: strOf(this), span: sp(this) };
  },
  Interp(start, first, mids, rest, end) {
    const texts = [piece(start), ...mids.children.map(piece), piece(end)];
    return { kind: "interp", texts, holes: [first.ast(), ...all(rest)], span: sp(this) };
  },
  bool(_kw) {
    return { kind: "bool", value: this.sourceString === "True", span: sp(this) };
  },
  null(_kw) {
    return { kind: "null", span: sp(this) };
  },
  number(_sign, _ws, numBody) {
    return numberNode(this, numBody);
  },
};

function numberNode(node: Node, numBody: Node): A.Expr {
    const text = node.sourceString.replace(/\s+/g, "").replace(/^\+/, "");
    const body = numBody.children[0]!;
    const negative = text.startsWith("-");
    if (body.ctorName === "nonfinite") {
      const value = body.sourceString === "NaN" ? NaN : negative ? -Infinity : Infinity;
      return { kind: "real", value, text: body.sourceString === "NaN" ? "NaN" : text, span: sp(node) };
    }
    if (body.ctorName === "real") {
      const value = Number(text);
      if (!Number.isFinite(value)) {
        throw new CompileError("RealOverflow", { kind: "literal", text }, sp(node));
      }
      return { kind: "real", value, text, span: sp(node) };
    }
    const n = body.ctorName === "radixInt" ? radixValue(body, negative) : BigInt(text);
    // Int is 64-bit everywhere it crosses (the arena's i8): a literal beyond it would wrap silently
    if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) {
      throw new CompileError("IntegerOverflow", { kind: "literal", text }, sp(node));
    }
    return { kind: "int", text: String(n), span: sp(node) };
}

const RADIX: Record<string, [string, RegExp]> = {
  x: ["hexadecimal", /^[0-9a-f]+$/i], o: ["octal", /^[0-7]+$/], b: ["binary", /^[01]+$/],
};
/** The value of `0x..`, `0o..` or `0b..` (prefix in either case); junk after the prefix is an error. */
function radixValue(node: Node, negative: boolean): bigint {
  const written = node.sourceString;
  const [name, digits] = RADIX[written[1]!.toLowerCase()]!;
  if (!digits.test(written.slice(2))) {
    throw new CompileError("SyntaxError", { message: `malformed ${name} literal: ${written}`, hint: `a ${name} literal is 0${written[1]} followed by ${name} digits only` }, sp(node));
  }
  const n = BigInt("0" + written[1]!.toLowerCase() + written.slice(2));
  return negative ? -n : n;
}

let semanticsFor: WeakMap<Grammar, Semantics> = new WeakMap();

/** Converts a successful match into modules. */
export function toAst(grammar: Grammar, match: MatchResult, file: string, src: string, lay: LayoutResult): A.Module[] {
  let sem = semanticsFor.get(grammar);
  if (!sem) {
    sem = grammar.createSemantics().addOperation("ast", actions);
    semanticsFor.set(grammar, sem);
  }
  ctx = { file, src, lay, fresh: 0 };
  return sem(match).ast();
}
