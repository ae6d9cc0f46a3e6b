// The command-line interface of each command, from its docstrings (language-head.md B.1): the
// description, the name, and per parameter a positional, an option with a default, a Bool flag or
// an unrolled record. Written into the nexus manifest (optional fields); the nexus builds its
// parser and help from it. Every misuse is a positioned compile error.

import type { ErrorCode, ErrorData } from "../codes";
import { CompileError, CompileErrors, type Span } from "../diagnostics";
import type * as Src from "../frontend/ast";
import type { DocBlock } from "../frontend/docstrings";
import type { Resolved } from "../resolve";
import type { Command, Manifest, ParamCli } from "../nexus/manifest";
import { parseSchema, schemaToString } from "../../shm/schema";
import { checkDefault } from "./defaults";
import { ARG_KEYS, directive, readDoc, type ReadDoc } from "./directives";

type Warn = (w: CompileError) => void;

/** Fill the manifest's description, groups and per-command `cli` from the program's docstrings. */
export function applyInterfaces(program: Resolved, manifest: Manifest, warn: Warn = () => {}): void {
  const errors: CompileError[] = [];
  const fail: Fail = (code, data, span) => errors.push(new CompileError(code, data, span));
  const root = program.root.ast;
  if (root.doc) {
    // module docstrings are prose: `key: v` lines stay text; `epilogue:` starts a block that is not printed
    const lines: string[] = [];
    for (const l of root.doc.lines) {
      const t = l.text.replace(/^ /, "");
      if (/^\s*@?epilogue:?(\s|$)/.test(t)) break;
      if (t.trim() !== "") lines.push(t);
    }
    if (lines.length > 0) manifest.description = lines;
  }
  for (const b of root.strayDocs ?? []) {
    for (const d of readDoc(b, () => {}).directives) {
      if (ARG_KEYS.includes(d.key)) fail("MisplacedDirective", { kind: "notAboveParam", key: d.key }, d.span);
    }
  }
  const renamed = new Map<string, string>();
  for (const cmd of manifest.commands) {
    const original = cmd.name;
    commandInterface(program, cmd, fail, warn);
    renamed.set(original, cmd.name);
  }
  const seen = new Map<string, Command>();
  for (const cmd of manifest.commands) {
    if (seen.has(cmd.name)) fail("BadCommandName", { kind: "duplicate", name: cmd.name }, program.root.ast.span);
    seen.set(cmd.name, cmd);
  }
  if (root.exportGroups) {
    manifest.groups = root.exportGroups.map((g) => ({ name: g.name, description: g.description, members: g.members.filter((m) => renamed.has(m)).map((m) => renamed.get(m)!) }));
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new CompileErrors(errors);
}

type Fail = <C extends ErrorCode>(code: C, data: ErrorData<C>, span: Span) => void;

function commandInterface(program: Resolved, cmd: Command, fail: Fail, warn: Warn): void {
  const info = program.root.terms.get(cmd.name);
  if (!info) return;
  const hasDocs = (s: Src.Signature) => !!s.docs && (!!s.docs.head || !!s.docs.ret || s.docs.params.some((p) => p));
  const sig = info.sigs.find((s) => s.module === program.root && hasDocs(s.sig))?.sig ?? info.sigs.find((s) => hasDocs(s.sig))?.sig;
  const decl = info.decls.find((d) => d.decl.doc)?.decl;

  if (sig?.docs?.head) {
    const head = readDoc(sig.docs.head, warn);
    for (const d of head.directives) {
      if (ARG_KEYS.includes(d.key)) {
        fail("MisplacedDirective", { kind: "onFunction", key: d.key }, d.span);
      }
    }
    if (head.text.length > 0) cmd.description = head.text;
    const name = directive(head, "name");
    if (name) {
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name.value)) fail("BadCommandName", { kind: "invalid", name: name.value }, name.span);
      else if (name.value.startsWith("mlcp_")) fail("BadCommandName", { kind: "reserved", name: name.value }, name.span);
      else cmd.name = name.value;
    }
    for (const d of head.directives) {
      if (d.key === "with" || d.key === "render") warn(new CompileError("DocstringDirective", { kind: "unsupported", key: d.key }, d.span));
    }
    const ret = directive(head, "return");
    if (ret) cmd.returnDoc = ret.value;
  }
  if (decl?.doc) {
    const d = readDoc(decl.doc, warn);
    for (const x of d.directives) fail("MisplacedDirective", { kind: "needsSignature", key: x.key, name: decl.name }, x.span);
    if (d.text.length > 0) cmd.description = d.text;
  }
  if (sig?.docs?.ret) {
    const r = readDoc(sig.docs.ret, warn);
    for (const x of r.directives) fail("MisplacedDirective", { kind: "onReturn", key: x.key }, x.span);
    if (r.text.length > 0) cmd.returnDoc = r.text.join(" ");
  }
  const paramDocs = sig?.docs?.params ?? [];
  // a record documented `unroll` unrolls wherever it is a parameter, documented or not
  const unrolled = cmd.params.some((p) => recordOf(program, p.type)?.unroll);
  // the type names written in the signature: a documented alias lends its docstring
  const written = info.sigs.find((s) => s.module === program.root)?.sig ?? info.sigs[0]?.sig;
  const heads = cmd.params.map((_, k) => {
    const t = written?.type.kind === "tfun" && written.type.args.length === cmd.params.length ? written.type.args[k]! : undefined;
    return t?.kind === "tcon" ? t.name : undefined;
  });
  const aliased = heads.some((h) => h && aliasDocs(program, h, () => {}).length > 0);
  if (!paramDocs.some((p) => p) && !unrolled && !aliased) return;
  if (paramDocs.some((p) => p) && paramDocs.length !== cmd.params.length) {
    const first = paramDocs.find((p) => p)!;
    fail("DocumentedParamCount", { command: cmd.name, documented: paramDocs.length, takes: cmd.params.length }, first.lines[0]!.span);
    return;
  }
  const clis = cmd.params.map((p, k) => paramInterface(program, p, paramDocs[k], fail, warn, heads[k]));
  cmd.cli = clis;

  // positional rules: `many` and `stdin` only on the last positional
  const positional = clis.map((c, k) => [c, k] as const).filter(([c]) => c.kind === "positional");
  positional.forEach(([c, k], i) => {
    const last = i === positional.length - 1;
    const span = paramDocs[k]?.lines[0]!.span ?? sig?.span ?? program.root.ast.span;
    if (c.many && !last) fail("ConflictingDirectives", { kind: "notLast", key: "many" }, span);
    if (c.stdin && !last) fail("ConflictingDirectives", { kind: "notLast", key: "stdin" }, span);
  });
  // one long name per command, unrolled fields included
  const longs = new Map<string, string[]>();
  const addLong = (c: ParamCli, how: string) => {
    if (!c.long) return;
    longs.set(c.long, [...(longs.get(c.long) ?? []), how]);
  };
  clis.forEach((c) => {
    if (c.kind === "option") addLong(c, "arg:");
    if (c.kind === "flag") addLong(c, c.flagValue ? "true:" : "false:");
    if (c.kind === "unroll") {
      addLong(c, "arg:");
      for (const f of c.fields ?? []) addLong(f.cli, f.cli.kind === "flag" ? (f.cli.flagValue ? "true:" : "false:") : "arg:");
    }
  });
  for (const [long, by] of longs) {
    if (by.length > 1) fail("BadOptionName", { kind: "duplicate", long, by, command: cmd.name }, (sig?.docs?.head?.lines[0] ?? paramDocs.find((p) => p)?.lines[0])?.span ?? sig?.span ?? program.root.ast.span);
  }
}

/** Read a parameter's directives into its command-line form. */
function paramInterface(program: Resolved, p: { name: string; type: string; schema: string }, block: DocBlock | undefined, fail: Fail, warn: Warn, typeHead?: string): ParamCli {
  const own = block ? readDoc(block, warn) : undefined;
  const inherited = aliasDocs(program, typeHead ?? p.type, warn);
  // the use site wins key by key (directive() takes the last), and its text when it has any
  const doc: ReadDoc = {
    text: own && own.text.length > 0 ? own.text : [...inherited].reverse().find((d) => d.text.length > 0)?.text ?? [],
    directives: [...inherited.flatMap((d) => d.directives), ...(own?.directives ?? [])],
    span: own?.span ?? inherited[0]?.span ?? program.root.ast.span,
  };
  const cli: ParamCli = { kind: "positional" };
  if (doc.text.length > 0) cli.description = doc.text;
  for (const d of doc.directives) {
    if (["with", "render", "return", "mime"].includes(d.key)) fail("MisplacedDirective", { kind: "onParameter", key: d.key }, d.span);
  }
  const name = directive(doc, "name");
  if (name) p.name = name.value;
  const record = recordOf(program, p.type);
  const unroll = directive(doc, "unroll");
  const unrollOn = unroll ? unroll.value === "true" : record?.unroll === true;
  if (unroll && unroll.value !== "true" && unroll.value !== "false") fail("BadDirectiveValue", { kind: "bool", key: "unroll", value: unroll.value }, unroll.span);
  const d = readFields(doc, p, fail);
  Object.assign(cli, d);
  if (cli.kind === "positional" && unrollOn) {
    if (!p.schema.startsWith("m")) {
      fail("DirectiveTypeMismatch", { kind: "needs", key: "unroll", param: p.name, type: p.type }, unroll?.span ?? doc.span);
      return cli;
    }
    cli.kind = "unroll";
    cli.fields = unrollFields(program, record?.def, p, fail, warn, unroll?.span ?? doc.span);
    if (record?.arg && !cli.long && !cli.short) Object.assign(cli, record.arg);
  } else if (cli.kind === "option" && unrollOn && p.schema.startsWith("m")) {
    // `arg --cfg` with `unroll`: a whole-record option beside the per-field ones
    const whole = { short: cli.short, long: cli.long };
    cli.kind = "unroll";
    cli.fields = unrollFields(program, record?.def, p, fail, warn, unroll?.span ?? doc.span);
    Object.assign(cli, whole);
    delete cli.default;
  }
  if (cli.many && cli.kind === "unroll") fail("ConflictingDirectives", { kind: "combine", key: "many", other: "unroll" }, directive(doc, "many")!.span);
  return cli;
}

/** The directives shared by parameters and record fields: arg, true/false, default, metavar, many, check.path, stdin. */
function readFields(doc: ReadDoc, p: { name: string; type: string; schema: string }, fail: Fail): ParamCli {
  const cli: ParamCli = { kind: "positional" };
  const isBool = p.schema === "b";
  const arg = directive(doc, "arg");
  const tr = directive(doc, "true");
  const fa = directive(doc, "false");
  const def = directive(doc, "default");
  const metavar = directive(doc, "metavar");
  const many = directive(doc, "many");
  const stdin = directive(doc, "stdin");
  const check = directive(doc, "check.path");
  const literal = directive(doc, "literal");
  if (literal) fail("DeprecatedDirective", { key: "literal", instead: "source: inline" }, literal.span);
  if (metavar) cli.metavar = metavar.value;
  if (many) {
    if (many.value !== "true" && many.value !== "false") fail("BadDirectiveValue", { kind: "bool", key: "many", value: many.value }, many.span);
    else if (many.value === "true") {
      if (!p.schema.startsWith("a")) fail("DirectiveTypeMismatch", { kind: "needs", key: "many", param: p.name, type: p.type }, many.span);
      cli.many = true;
    }
  }
  if (check) {
    if (!["r", "w", "x", "rw"].includes(check.value)) fail("BadDirectiveValue", { kind: "checkPath", value: check.value }, check.span);
    else if (p.schema !== "s" && p.schema !== "?s") fail("DirectiveTypeMismatch", { kind: "needs", key: "check.path", param: p.name, type: p.type }, check.span);
    else cli.checkPath = check.value;
  }
  if (stdin && stdin.value === "true") {
    if (p.schema !== "s") fail("DirectiveTypeMismatch", { kind: "needs", key: "stdin", param: p.name, type: p.type }, stdin.span);
    if (arg || tr || fa) fail("ConflictingDirectives", { kind: "combine", key: "stdin", other: arg ? "arg" : tr ? "true" : "false", positional: true }, stdin.span);
    if (many) fail("ConflictingDirectives", { kind: "combine", key: "stdin", other: "many" }, stdin.span);
    if (def) fail("ConflictingDirectives", { kind: "combine", key: "stdin", other: "default" }, stdin.span);
    cli.stdin = true;
    cli.checkPath ??= "r";
  }
  const flagShape = (d: typeof arg) => {
    if (!d) return undefined;
    const m = /^(?:-(\S)(?:\/--(\S+))?|--(\S+))$/.exec(d.value);
    if (!m) return undefined; // a value of no known shape is ignored, as in the reference
    const short = m[1];
    const long = m[2] ?? m[3];
    if (short !== undefined && !/^[A-Za-z]$/.test(short)) {
      fail("BadOptionName", { kind: "short", short }, d.span);
      return undefined;
    }
    if (long !== undefined && long.startsWith("_")) {
      fail("BadOptionName", { kind: "underscore", long }, d.span);
      return undefined;
    }
    if (short === "h" || long === "help") {
      fail("BadOptionName", { kind: "help" }, d.span);
      return undefined;
    }
    return { short, long };
  };
  if (tr || fa) {
    if (!isBool) fail("DirectiveTypeMismatch", { kind: "flag", key: tr ? "true" : "false", param: p.name, type: p.type }, (tr ?? fa)!.span);
    if (arg) fail("DirectiveTypeMismatch", { kind: "argOnBool" }, arg.span);
    if (metavar) fail("DirectiveTypeMismatch", { kind: "metavarOnFlag" }, metavar.span);
    const ts = flagShape(tr);
    const fs = flagShape(fa);
    let dflt: boolean;
    if (def) {
      if (def.value !== "true" && def.value !== "false") fail("BadDirectiveValue", { kind: "flagDefault", value: def.value }, def.span);
      dflt = def.value === "true";
      if (tr && !fa && dflt) fail("ConflictingDirectives", { kind: "noop", key: "true" }, def.span);
      if (fa && !tr && !dflt) fail("ConflictingDirectives", { kind: "noop", key: "false" }, def.span);
    } else dflt = !tr;
    // with both spellings the listed flag is the one that changes the default
    const primary = tr && fa ? (dflt ? fs : ts) : (ts ?? fs);
    const reverse = tr && fa ? (dflt ? ts : fs) : undefined;
    if (primary) {
      cli.kind = "flag";
      cli.short = primary.short;
      cli.long = primary.long;
      cli.flagValue = !dflt;
      cli.default = String(dflt);
      if (reverse?.long) cli.reverseLong = reverse.long;
    }
    return cli;
  }
  const opt = flagShape(arg);
  if (arg && isBool) fail("DirectiveTypeMismatch", { kind: "argOnBool" }, arg.span);
  if (opt) {
    cli.kind = "option";
    cli.short = opt.short;
    cli.long = opt.long;
    if (def) {
      const err = checkDefault(def.value, p.schema, p.type);
      if (err) fail("BadDirectiveValue", { kind: "default", param: p.name, reason: err }, def.span);
      cli.default = def.value;
    } else if (cli.many) cli.default = "[]";
    else if (p.schema.startsWith("m")) {
      // a whole-record option of an unrolled record takes its defaults from the fields
    } else fail("OptionDefault", { kind: "missing", short: opt.short, long: opt.long }, arg!.span);
  } else if (def) {
    fail("OptionDefault", { kind: "positional", param: p.name }, def.span);
  }
  return cli;
}

/** Docstrings of the `type A = ...` aliases a parameter's type goes through, outermost last. */
function aliasDocs(program: Resolved, type: string, warn: Warn): ReadDoc[] {
  const out: ReadDoc[] = [];
  const seen = new Set<string>();
  let name = type.split(/[\s<]/)[0]!;
  while (!seen.has(name)) {
    seen.add(name);
    const def = program.typedefs.find((t) => t.form === "type" && t.lang === null && t.name === name && t.rhs);
    if (!def) break;
    if (def.doc) out.unshift(readDoc(def.doc, warn));
    const rhs = def.rhs!;
    if (rhs.kind !== "tcon") break;
    name = rhs.name;
  }
  return out;
}

/** The record type named by a parameter's type, its docstring's record-level directives and its definition. */
function recordOf(program: Resolved, type: string): { def: Src.TypeDef; unroll?: boolean; arg?: { short?: string; long?: string } } | undefined {
  const name = type.split(/[\s<]/)[0]!;
  const def = program.typedefs.find((t) => t.name === name && t.lang === null && t.fields);
  if (!def) return undefined;
  const out: { def: Src.TypeDef; unroll?: boolean; arg?: { short?: string; long?: string } } = { def };
  if (def.doc) {
    const d = readDoc(def.doc, () => {});
    const u = directive(d, "unroll");
    if (u) out.unroll = u.value === "true";
    const a = directive(d, "arg");
    const m = a && /^(?:-([A-Za-z])(?:\/--(\S+))?|--(\S+))$/.exec(a.value);
    if (m) out.arg = { short: m[1], long: m[2] ?? m[3] };
  }
  return out;
}

/** Each field of an unrolled record: an option (arg + default) or a Bool flag. */
function unrollFields(program: Resolved, def: Src.TypeDef | undefined, p: { name: string; schema: string }, fail: Fail, warn: Warn, span: Span): ParamCli["fields"] {
  const fields = fieldSchemas(p.schema);
  return fields.map(({ key, schema }) => {
    const field = def?.fields?.find((f) => f.name === key);
    const type = field ? showTypeExpr(field.type) : schema;
    const doc = field?.doc ? readDoc(field.doc, warn) : undefined;
    let cli: ParamCli = { kind: "positional" };
    if (doc) {
      cli = readFields(doc, { name: key, type, schema }, fail);
      if (doc.text.length > 0) cli.description = doc.text;
    }
    if (cli.kind !== "option" && cli.kind !== "flag") {
      fail("OptionDefault", { kind: "unrolledField", key, record: p.name }, field?.span ?? span);
    }
    return { key, type, schema, cli };
  });
}

/** A record schema's keys and field schemas (`m2:2:loi82:hii8`). */
function fieldSchemas(schema: string): { key: string; schema: string }[] {
  const s = parseSchema(schema);
  if (s.kind !== "record") return [];
  return s.keys.map((key, i) => ({ key, schema: schemaToString(s.items[i]!) }));
}

export function showTypeExpr(t: Src.TypeExpr): string {
  switch (t.kind) {
    case "tvar":
      return t.name;
    case "tcon":
      return t.args.length === 0 ? t.name : `${t.name} ${t.args.map((a) => (a.kind === "tcon" && a.args.length > 0 ? `(${showTypeExpr(a)})` : showTypeExpr(a))).join(" ")}`;
    case "tlist":
      return `[${showTypeExpr(t.elem)}]`;
    case "ttuple":
      return `(${t.elems.map(showTypeExpr).join(", ")})`;
    case "tunit":
      return "()";
    case "tfun":
      return `${t.args.map((a) => (a.kind === "tfun" ? `(${showTypeExpr(a)})` : showTypeExpr(a))).join(" -> ")} -> ${showTypeExpr(t.ret)}`;
    default:
      return "?";
  }
}

/** A command's docstring description (the declaration's wins over the signature's), for `morloc typecheck`. */
export function describe(program: Resolved, name: string): string[] {
  const info = program.root.terms.get(name);
  if (!info) return [];
  const decl = info.decls.find((d) => d.decl.doc)?.decl.doc;
  const head = decl ?? info.sigs.find((s) => s.sig.docs?.head)?.sig.docs?.head;
  return head ? readDoc(head, () => {}).text : [];
}
