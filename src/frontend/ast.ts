// The source AST: what the front end produces from one .loc file. Every node carries a span.
// Composition (`f . g`) is desugared by the front end into a lambda, as the reference does.

import type { Span } from "../diagnostics";
import type { DocBlock, ExportGroup, SignatureDocs } from "./docstrings";

export type Lang = "py" | "cpp" | "r" | "ts" | "c" | "perl";

export interface Program {
  file: string;
  modules: Module[];
}

export interface Module {
  kind: "module";
  /** Dotted name; "" for an empty name; "main" for a file without a header (exporting everything). */
  name: string;
  /** null means `(*)`. */
  exports: Name[] | null;
  body: TopItem[];
  /** The module's `infixl/infixr/infix` declarations, by operator. */
  fixities?: Record<string, { assoc: "left" | "right" | "none"; prec: number }>;
  /** `--'` lines above `module` and `--*` export groups (src/frontend/docstrings.ts). */
  doc?: DocBlock;
  exportGroups?: ExportGroup[];
  /** `--'` blocks above no documentable node. */
  strayDocs?: DocBlock[];
  span: Span;
}

/** A name with the place where it was written. */
export interface Name {
  name: string;
  span: Span;
}

export type TopItem = Import | Source | Signature | TypeDef | ClassDef | InstanceDef | Declaration | ExprStmt;

export interface Import {
  kind: "import";
  module: string;
  /** null imports every export. */
  items: ImportItem[] | null;
  /** `import m as n`: the imported terms are named `n.f` (types and classes keep their names). */
  as?: string;
  span: Span;
}
export interface ImportItem {
  name: string;
  alias: string;
  span: Span;
}

export interface Source {
  kind: "source";
  lang: Lang;
  /** Path as written (relative to the module's file); null for a language builtin. */
  path: string | null;
  items: SourceItem[];
  span: Span;
}
export interface SourceItem {
  /** The name in the foreign language, e.g. "math.factorial". */
  name: string;
  /** The morloc name; defaults to `name`. */
  alias: string;
  label: string | null;
  /** `((+))`: the language's own infix operator, called as `x + y`. */
  native?: boolean;
  span: Span;
}

export interface Signature {
  kind: "signature";
  name: string;
  label: string | null;
  /** Explicit generics in the order written: the C++ template order. */
  generics: string[];
  /** Properties before `=>`, each a list of words (`Foo a` → ["Foo", "a"]). */
  props: string[][];
  type: TypeExpr;
  /** Raw constraint lines after `where`. */
  constraints: string[];
  /** `--'` docstrings above the signature and its parameter types (src/frontend/docstrings.ts). */
  docs?: SignatureDocs;
  span: Span;
}

export type TypeDefForm = "type" | "record" | "object" | "table";

export interface TypeDef {
  kind: "typedef";
  form: TypeDefForm;
  /** null for a general definition. */
  lang: Lang | null;
  name: string;
  params: string[];
  /** For `type`: the right-hand side (a concrete string type on `Lang =>` terminal mappings). */
  rhs: TypeExpr | null;
  /** For record/object/table: the constructor, a name or a concrete string. */
  ctor: string | null;
  /** True when the constructor was a string literal (a terminal, concrete definition). */
  ctorIsConcrete: boolean;
  /** For record/object/table; null when a concrete definition omits the field list. */
  fields: Field[] | null;
  doc?: DocBlock;
  span: Span;
}
export interface Field {
  name: string;
  type: TypeExpr;
  doc?: DocBlock;
  span: Span;
}

export interface ClassDef {
  kind: "class";
  name: string;
  params: string[];
  sigs: Signature[];
  span: Span;
}

export interface InstanceDef {
  kind: "instance";
  cls: string;
  types: TypeExpr[];
  items: (Source | Declaration)[];
  span: Span;
}

export interface Declaration {
  kind: "decl";
  name: string;
  /** A pattern parameter gets a generated name here (`p_1`) and its pattern in `patterns`. */
  params: Name[];
  /** Irrefutable parameter patterns by position (src/frontend/patterns.ts); absent when all are names. */
  patterns?: (Pattern | null)[];
  /** For `|` clauses: unit (the clauses hold the bodies). */
  body: Expr;
  /** `f | p1 p2 = e | ...`: refutable clauses, tried in order (params is then empty). */
  clauses?: Clause[];
  /** Signatures and declarations of the `where` block. */
  where: (Signature | Declaration)[];
  doc?: DocBlock;
  span: Span;
}

/** One `| p1 p2 = e` clause; its body may be a guard chain. */
export interface Clause {
  patterns: Pattern[];
  body: Expr;
  span: Span;
}

/** `let` binding: `p = e`, or a local function `f x y = e` (params non-empty, pattern a pvar). */
export interface LetBinding {
  pattern: Pattern;
  params: Name[];
  body: Expr;
  span: Span;
}

export interface ExprStmt {
  kind: "exprstmt";
  expr: Expr;
  span: Span;
}

export type TypeExpr =
  | { kind: "tvar"; name: string; span: Span }
  /** A named type applied to arguments: `Map k v`, `Real`, or a lowercase head `f a`. */
  | { kind: "tcon"; name: string; args: TypeExpr[]; span: Span }
  | { kind: "tfun"; args: TypeExpr[]; ret: TypeExpr; span: Span }
  | { kind: "tlist"; elem: TypeExpr; span: Span }
  | { kind: "ttuple"; elems: TypeExpr[]; span: Span }
  | { kind: "tunit"; span: Span }
  /** A concrete type string with its parameters: `"std::vector<$1>" a`. */
  | { kind: "tconcrete"; text: string; args: TypeExpr[]; span: Span };

/** The label of a call site `lbl@f`. */
export interface Label {
  name: string;
  span: Span;
}

export type Expr =
  | { kind: "var"; name: string; span: Span }
  /** Decimal digits with an optional sign, kept as text so 64-bit values survive. */
  | { kind: "int"; text: string; span: Span }
  | { kind: "real"; value: number; text: string; span: Span }
  | { kind: "str"; value: string; span: Span }
  /** `"a#{x}b"`: the literal texts around the holes (one more than the holes), and the holes. */
  | { kind: "interp"; texts: string[]; holes: Expr[]; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "unit"; span: Span }
  /** `Null`, the absent value of every optional type `?T`. */
  | { kind: "null"; span: Span }
  | { kind: "list"; elems: Expr[]; span: Span }
  | { kind: "tuple"; elems: Expr[]; span: Span }
  | { kind: "record"; fields: { key: string; value: Expr; span: Span }[]; span: Span }
  | { kind: "app"; fn: Expr; args: Expr[]; span: Span }
  /** `patterns` as in Declaration: set when a parameter is a tuple/record/as pattern. */
  | { kind: "lambda"; params: Name[]; patterns?: (Pattern | null)[]; body: Expr; span: Span }
  /** A getter `.a.b.0`, `.[i]`, `.[a:b:s].x`: a function of the value it reads from. */
  | { kind: "getter"; path: AccessStep[]; span: Span }
  /** `.(.a, .b.0)`: a function returning a tuple of what each path reads. */
  | { kind: "getters"; paths: AccessStep[][]; span: Span }
  /** `.(.a = 1, .b.0 = "z")`: a function returning a copy with the paths set. */
  | { kind: "setter"; entries: { path: AccessStep[]; value: Expr; span: Span }[]; span: Span }
  /** A glued `p@x` labels the call of `x` when `p` is no variable in scope (docs/labels.md, src/types/infer.ts). */
  | { kind: "access"; expr: Expr; key: string; span: Span }
  | { kind: "annot"; expr: Expr; type: TypeExpr; span: Span }
  /** `let b1; b2 in body`: each binding evaluated once, in order, seeing the ones before it. */
  | { kind: "let"; bindings: LetBinding[]; body: Expr; span: Span }
  /** `? c1 = e1 ? c2 = e2 : otherwise`: the first arm whose condition holds. */
  | { kind: "guard"; arms: { cond: Expr; value: Expr; span: Span }[]; otherwise: Expr; span: Span };

/**
 * One step of an accessor path. `index` is `.0` (a tuple element, or a record field by position);
 * `at` is `.[i]` on a list; `slice` is `.[a:b:s]` (any part may be absent), after which the rest of
 * the path applies to each element.
 */
export type AccessStep =
  | { kind: "field"; name: string; span: Span }
  | { kind: "index"; index: number; span: Span }
  | { kind: "at"; index: Expr; span: Span }
  | { kind: "slice"; start: Expr | null; stop: Expr | null; step: Expr | null; span: Span };

/**
 * Patterns: irrefutable ones (parameters, lambdas, `let`): tuples, records by field name, `_`,
 * `x@(...)`; and in `|` clauses also literals, tested with the `==` in scope.
 */
export type Pattern =
  | { kind: "pvar"; name: string; span: Span }
  | { kind: "pwild"; span: Span }
  | { kind: "ptuple"; elems: Pattern[]; span: Span }
  | { kind: "precord"; fields: { key: string; pattern: Pattern; span: Span }[]; span: Span }
  | { kind: "pas"; name: string; pattern: Pattern; span: Span }
  /** A literal of a `|` clause: an int, real, str, bool or unit expression. */
  | { kind: "plit"; value: Expr; span: Span };
