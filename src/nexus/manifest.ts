// The nexus manifest (docs/architecture.md): what the compiler tells the nexus about a module's
// commands and pools, plus the tiny expression language of `pure` commands answered without pools.

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
 * - `{kind:"local", name:"y"}` a variable bound by a `lambda` (or `each`)
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
  | { kind: "local"; name: string }
  | { kind: "index"; of: PureExpr; index: number }
  | { kind: "lambda"; params: string[]; body: PureExpr }
  | { kind: "apply"; fn: PureExpr; args: PureExpr[] }
  | { kind: "at"; of: PureExpr; index: PureExpr; fn: string }
  | { kind: "slice"; of: PureExpr; start: PureExpr | null; stop: PureExpr | null; step: PureExpr | null; fn: string }
  | { kind: "each"; of: PureExpr; name: string; body: PureExpr };

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
  /** Every pool the command's call graph can reach; all start at once. */
  needs?: string[];
  pure?: PureExpr;
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
  commands: Command[];
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
