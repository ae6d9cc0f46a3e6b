// Operator chains are parsed flat (`a + b * c` is operands [a, b, c] and ops [+, *]); once a file is
// parsed, each chain is rebuilt as applications by the fixities in force: the module's own
// `infixl/infixr/infix` declarations (anywhere in it), then those of the other modules of the file,
// else the default for an undeclared operator, infixl 9.

import { CompileError, type Span } from "../diagnostics";
import type * as A from "./ast";

export interface Fixity {
  assoc: "left" | "right" | "none";
  prec: number;
}
const DEFAULT: Fixity = { assoc: "left", prec: 9 };

interface FixityItem {
  kind: "fixity";
  assoc: Fixity["assoc"];
  prec: number;
  ops: A.Name[];
  span: Span;
}
interface OpChain {
  kind: "opchain";
  operands: A.Expr[];
  ops: A.Name[];
  span: Span;
}

/** Removes the fixity items from each module body into `module.fixities`, then reassociates every chain. */
export function reassociate(modules: A.Module[]): void {
  const perModule = modules.map((m) => {
    const table = new Map<string, Fixity>();
    const body: A.TopItem[] = [];
    for (const item of m.body as (A.TopItem | FixityItem)[]) {
      if (item.kind !== "fixity") {
        body.push(item);
        continue;
      }
      for (const op of item.ops) {
        const old = table.get(op.name);
        if (old && (old.assoc !== item.assoc || old.prec !== item.prec)) {
          throw new CompileError("SyntaxError", { message: `Conflicting fixity definitions for ${op.name}` }, op.span);
        }
        table.set(op.name, { assoc: item.assoc, prec: item.prec });
      }
    }
    m.body = body;
    m.fixities = Object.fromEntries(table);
    return table;
  });
  modules.forEach((m, i) => {
    const lookup = (op: string): Fixity => perModule[i]!.get(op) ?? perModule.find((t) => t.has(op))?.get(op) ?? DEFAULT;
    m.body = walk(m.body, lookup);
  });
}

/**
 * Rebuilds a parsed module's chains once the fixities of the operators it imports are known (a
 * fixity follows its operator). Returns the fixities in force in the module, imported ones included,
 * so that a module re-exporting an operator passes its fixity on.
 */
export function applyImportedFixities(m: A.Module, imported: Map<string, { fixity: Fixity; span: Span }>): Record<string, Fixity> {
  const own = new Map(Object.entries(m.fixities ?? {}));
  for (const [op, { fixity, span }] of imported) {
    const o = own.get(op);
    if (o && (o.assoc !== fixity.assoc || o.prec !== fixity.prec)) throw new CompileError("SyntaxError", { message: `Conflicting fixity definitions for ${op}` }, span);
    own.set(op, fixity);
  }
  if (imported.size > 0) m.body = walk(m.body, (op) => own.get(op) ?? DEFAULT);
  return Object.fromEntries(own);
}

/** Rebuilds, in place, every chain inside any AST value (also those built before, kept under CHAIN). */
function walk(x: any, lookup: (op: string) => Fixity): any {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = walk(x[i], lookup);
    return x;
  }
  if (x === null || typeof x !== "object") return x;
  const chain: OpChain | undefined = x.kind === "opchain" ? x : x[CHAIN];
  if (chain) {
    chain.operands = chain.operands.map((o) => walk(o, lookup));
    const built = build(chain, lookup);
    Object.defineProperty(built, CHAIN, { value: chain, enumerable: false, configurable: true });
    return built;
  }
  for (const k of Object.keys(x)) if (k !== "span") x[k] = walk(x[k], lookup);
  return x;
}

/** The flat chain an application tree was built from: rebuilt when imported fixities arrive. */
const CHAIN = Symbol("chain");

/** Precedence climbing over the flat chain: operand i sits left of operator i. */
function build(chain: OpChain, lookup: (op: string) => Fixity): A.Expr {
  let i = 0; // operators read so far; chain.operands[i] is the next operand
  type Seen = { name: string; fx: Fixity } | null;
  const climb = (minPrec: number, parent: Seen): A.Expr => {
    let left = chain.operands[i]!;
    let prev: Seen = parent;
    while (i < chain.ops.length) {
      const op = chain.ops[i]!;
      const fx = lookup(op.name);
      if (fx.prec < minPrec) break;
      if (prev && prev.fx.prec === fx.prec && (prev.fx.assoc !== fx.assoc || fx.assoc === "none")) {
        throw new CompileError("SyntaxError", { message: `Ambiguous use of ${prev.name} and ${op.name}: parenthesize or declare compatible fixities` }, op.span);
      }
      i++;
      const right = climb(fx.assoc === "right" ? fx.prec : fx.prec + 1, { name: op.name, fx });
      left = { kind: "app", fn: { kind: "var", name: op.name, span: op.span }, args: [left, right], span: spanOf(left, right) };
      prev = { name: op.name, fx };
    }
    return left;
  };
  return climb(0, null);
}

function spanOf(a: A.Expr, b: A.Expr): Span {
  return { ...a.span, end: b.span.end };
}
