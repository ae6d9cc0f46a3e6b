// The one interface every pool language implements. A back end declares how its pool gets at user
// code and values (LangTraits, read by the plan builder) and prints its pool from the plan; it
// takes no decision that another language would take the same way (those live in ./plan.ts).

import type { LangTraits, Plan, PoolPlan, ShippedFile } from "./plan";

export interface GeneratedFile {
  /** Path inside the nexus's unpacked folder. */
  path: string;
  contents: string | Uint8Array;
  executable?: boolean;
  /** For a user's source file shipped as it is: its path on disk, so the build can name it in errors. */
  origin?: string;
  /** Set on a pool's main source that the build compiles into the pool program (C++), with the libraries it links. */
  compile?: { libs: string[] };
}

/** Reads a user source file that must ship inside the nexus. */
export type ReadSource = (path: string) => Promise<string>;

export interface Backend extends LangTraits {
  /** How the nexus starts this pool; `{dir}` is the folder it unpacked its files into. */
  start: string[];
  /** The pool's generated files (only this language's text: every decision comes from the plan). */
  print(pool: PoolPlan, plan: Plan): GeneratedFile[];
  /** User files that the shipped ones need beside them (their own imports), found by reading them. */
  imports?(files: ShippedFile[], read: ReadSource): Promise<ShippedFile[]>;
}
