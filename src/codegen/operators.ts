// A source item `((+))` names the language's own operator: the call is written infix (`(x + y)`),
// or prefix with one argument (`(-x)`). R needs nothing here: its operators are functions (`+`(x, y)).

const OPERATOR = /^[!#$%&*+\-./<=>?@\\^|~:]+$/;

/** True for a source name made only of operator characters. */
export function isOperatorName(name: string): boolean {
  return OPERATOR.test(name);
}

/** The operator applied to already-generated argument expressions. */
export function nativeOperator(op: string, args: string[]): string {
  if (args.length === 1) return `(${op}${args[0]})`;
  if (args.length === 2) return `(${args[0]} ${op} ${args[1]})`;
  throw new Error(`internal: the operator ${op} applied to ${args.length} arguments`);
}
