// The nexus manifest (docs/architecture.md): what the compiler tells the nexus about a module's
// commands and pools, plus the tiny expression language of `pure` commands answered without pools.

import type { LabelledCall, ModuleConfig } from "./labelled";

/** A morloc type as the user reads it, and its schema string. */
export interface TypeInfo {
  type: string;
  /**
   * In a `pure` command, `*` stands where the type is a variable (src/nexus/generic.ts): any JSON,
   * printed back as given. Such schemas never reach a pool.
   */
  schema: string;
}

export interface Param extends TypeInfo {
  name: string;
}

/**
 * A pool-free expression, evaluated by the nexus (src/nexus/pure.ts):
 * - `{kind:"int", value:"5"}` Int literal as decimal text (any size)
 * - `{kind:"real", value: 1.5}`, `{kind:"str", value:"hi"}`, `{kind:"bool", value:true}`, `{kind:"unit"}`
 * - `{kind:"list", items:[e...]}`, `{kind:"tuple", items:[e...]}`
 * - `{kind:"record", fields:[{name:"x", value:e}...]}`
 * - `{kind:"param", index:0}` the command's argument number `index` (from 0)
 * - `{kind:"field", of: e, name: "x"}` the field `x` of the record `e`
 * - `{kind:"concat", items:[e...]}` the strings `e...` joined (an interpolated literal)
 * - `{kind:"local", name:"y"}` a variable bound by `let`, `lambda` or `each`
 * - `{kind:"let", name:"y", value: e1, body: e2}` e2 with `y` bound to the value of e1 (computed once)
 * - `{kind:"if", conds:[e...], then: e1, else: e2}` e1 when every condition is true, else e2
 * - `{kind:"index", of: e, index: 0}` element `index` of the tuple `e`
 * - `{kind:"lambda", params:["x"], body: e}` and `{kind:"apply", fn: e, args:[e...]}`
 * - `{kind:"at", of: e, index: e2, fn}`, `{kind:"slice", of: e, start, stop, step, fn}` (each part
 *   an expression or null): a list element or slice with Python's semantics; errors name `fn`
 * - `{kind:"each", of: e, name: "x", body: e2}`: `e2` for every element `x` of the list `e`
 */
export type PureExpr =
  | { kind: "int"; value: string }
  | { kind: "real"; value: number }
  | { kind: "str"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "unit" }
  | { kind: "list"; items: PureExpr[] }
  | { kind: "tuple"; items: PureExpr[] }
  | { kind: "record"; fields: { name: string; value: PureExpr }[] }
  | { kind: "param"; index: number }
  | { kind: "field"; of: PureExpr; name: string }
  | { kind: "concat"; items: PureExpr[] }
  | { kind: "let"; name: string; value: PureExpr; body: PureExpr }
  | { kind: "local"; name: string }
  | { kind: "index"; of: PureExpr; index: number }
  | { kind: "lambda"; params: string[]; body: PureExpr }
  | { kind: "apply"; fn: PureExpr; args: PureExpr[] }
  | { kind: "at"; of: PureExpr; index: PureExpr; fn: string }
  | { kind: "slice"; of: PureExpr; start: PureExpr | null; stop: PureExpr | null; step: PureExpr | null; fn: string }
  | { kind: "each"; of: PureExpr; name: string; body: PureExpr }
  | { kind: "if"; conds: PureExpr[]; then: PureExpr; else: PureExpr };

export interface Command {
  name: string;
  params: Param[];
  return: TypeInfo;
  /** Optional one-line description shown in help. */
  doc?: string;
  /** Language of the pool that hosts the root manifold (absent for `pure` commands). */
  pool?: string;
  /** The root manifold id (absent for `pure` commands). */
  manifold?: number;
  /** Every pool the command's call graph can reach; all start at once (pools reached only through labelled calls start when first called). */
  needs?: string[];
  /** The command is exactly one labelled call of its arguments: the nexus dispatches it itself (labelled call id). */
  labelled?: number;
  pure?: PureExpr;
  /** Docstring description lines (the first is the summary shown in the command list). */
  description?: string[];
  /** Text of the return type's docstring. */
  returnDoc?: string;
  /** How each parameter is given on the command line, aligned with `params` (absent: all positional). */
  cli?: ParamCli[];
}

/**
 * A parameter's command-line form, from its docstring (src/interface): a positional argument, an
 * option `-x/--long VALUE` with a default, a Bool flag, or a record unrolled into one option per field.
 */
export interface ParamCli {
  kind: "positional" | "option" | "flag" | "unroll";
  /** Letter of `-x`, without the dash. */
  short?: string;
  /** Name of `--long`, without the dashes. */
  long?: string;
  /** Options: the default as JSON text; flags: "true" or "false". */
  default?: string;
  /** Flags: the value the flag gives when present. */
  flagValue?: boolean;
  /** Flags declared with both `true:` and `false:`: the unlisted long flag giving the default back. */
  reverseLong?: string;
  metavar?: string;
  description?: string[];
  /** One token per list element (a positional takes the rest; an option repeats). */
  many?: boolean;
  /** An optional last Str positional read from standard input when absent. */
  stdin?: boolean;
  /** `r`, `w`, `x` or `rw`: the argument names a path that must allow this. */
  checkPath?: string;
  /** Unrolled records: one entry per field, in the record's order. */
  fields?: { key: string; type: string; schema: string; cli: ParamCli }[];
}

export interface Manifest {
  module: string;
  /** Language id -> argv; "{dir}" is replaced by the folder the nexus unpacked its files into. */
  pools: Record<string, string[]>;
  /**
   * Where an interpreter named in `pools` (argv[0], e.g. "python3") was found when the nexus was
   * made. The nexus runs that executable directly when it still exists (a version-manager shim
   * on PATH can cost more than the interpreter's own start), else the name from PATH.
   */
  interpreters?: Record<string, string>;
  /**
   * Shipped user source (path in the nexus folder, "src/0/helpers.py") -> the file it was copied
   * from when the nexus was made, so a pool's load failure names the user's own file.
   */
  sources?: Record<string, string>;
  commands: Command[];
  /** The module's docstring lines (the first is the program's about line). */
  description?: string[];
  /** Export groups (`--* group: NAME`), listed together in the help. */
  groups?: { name: string; description: string[]; members: string[] }[];
  /** The labelled call sites (docs/labels.md). */
  labelled?: LabelledCall[];
  /** The module configuration (`<module>.yaml`) embedded at make. */
  config?: ModuleConfig;
}

/** Check the shape the nexus relies on; a broken manifest is a build bug, so the message says so. */
export function checkManifest(m: Manifest): void {
  const bad = (what: string): never => {
    throw new Error(`internal error: bad nexus manifest: ${what}`);
  };
  if (!m || typeof m !== "object" || !Array.isArray(m.commands)) bad("no commands list");
  for (const c of m.commands) {
    if (typeof c.name !== "string" || !Array.isArray(c.params) || !c.return) bad(`command ${c.name}`);
    if (c.pure) continue;
    if (typeof c.pool !== "string" || typeof c.manifold !== "number") bad(`command ${c.name} has no pool or manifold`);
    for (const lang of c.needs ?? [c.pool!]) if (!m.pools[lang]) bad(`command ${c.name} needs unknown pool ${lang}`);
  }
}
