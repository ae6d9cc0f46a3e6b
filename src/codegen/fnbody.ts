// The statement shape of a recursive function's body, shared by the back ends: guards become
// if/else statements, lets become assignments, and a call of the function itself in tail
// position becomes "assign the parameters and loop", so a countdown from 10^6 needs no stack.

import type { PlanExpr, PlanFn } from "./plan";

export type Stmt =
  | { k: "if"; conds: PlanExpr[]; then: Stmt; else: Stmt }
  | { k: "let"; name: string; value: PlanExpr; next: Stmt }
  /** Loop again with new parameter values: only the parameters that change, in order. */
  | { k: "loop"; assign: { param: string; value: PlanExpr }[] }
  | { k: "return"; value: PlanExpr };

/** The body of `fn` as statements; `loops` tells whether any tail call loops back. */
export function fnStatements(fn: PlanFn): { body: Stmt; loops: boolean } {
  let loops = false;
  const go = (c: PlanExpr): Stmt => {
    switch (c.k) {
      case "if":
        return { k: "if", conds: c.conds, then: go(c.then), else: go(c.else) };
      case "let":
        return { k: "let", name: c.name, value: c.value, next: go(c.body) };
      case "apply":
        // an inlined function applied in tail position (`isOdd` inside `isEven`): bind its
        // parameters and go on, so a self call inside it is a tail call too
        if (c.fn.k === "lam" && c.fn.params.length === c.args.length) {
          const params = c.fn.params;
          let inner = go(c.fn.body);
          for (let i = params.length - 1; i >= 0; i--) inner = { k: "let", name: params[i]!.name, value: c.args[i]!, next: inner };
          return inner;
        }
        return { k: "return", value: c };
      case "rcall":
        // (a call into another pool was cut into a foreign call: an rcall here is in this pool)
        if (c.fn === fn.name && c.args.length === fn.params.length) {
          loops = true;
          const assign = fn.params.flatMap((p, i) => {
            const a = c.args[i]!;
            return a.k === "var" && a.name === p.name ? [] : [{ param: p.name, value: a }];
          });
          return { k: "loop", assign };
        }
        return { k: "return", value: c };
      default:
        return { k: "return", value: c };
    }
  };
  const body = go(fn.body);
  return { body, loops };
}

/** A name for a recursive function in generated code (`cmd__go_3` → `rf_cmd__go_3`). */
export function fnIdent(name: string): string {
  return `rf_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}
