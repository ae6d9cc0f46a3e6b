// A source item `((+))` names the language's own operator: the call is written infix (`(x + y)`),
// or prefix with one argument (`(-x)`). R needs nothing here: its operators are functions (`+`(x, y)).
// A backtick-quoted item (`and`) names a keyword operator, written the same way (`(x and y)`, `(not x)`).

const OPERATOR = /^[!#$%&*+\-./<=>?@\\^|~:]+$|^`[A-Za-z_][A-Za-z0-9_]*`$/;

/** True for a source name made only of operator characters. */
export function isOperatorName(name: string): boolean {
  return OPERATOR.test(name);
}

/** The operator applied to already-generated argument expressions. */
export function nativeOperator(op: string, args: string[]): string {
  if (op.startsWith("`")) op = op.slice(1, -1);
  if (args.length === 1) return /^\w/.test(op) ? `(${op} ${args[0]})` : `(${op}${args[0]})`;
  if (args.length === 2) return `(${args[0]} ${op} ${args[1]})`;
  throw new Error(`internal: the operator ${op} applied to ${args.length} arguments`);
}
