// TypeScript inside the nexus process (docs/architecture.md, "The TypeScript pool"): when a
// command's root is TypeScript, the nexus imports the TypeScript bundle (pool-ts.js) itself and
// calls the root manifold with no pool and no hop. While the command runs, the nexus also serves
// <run dir>/ts.sock, so the run's other pools call back into this same TypeScript (re-entrant
// chains, higher-order functions) and no Bun pool daemon starts for it.
import { join } from "node:path";
import type { Arena } from "../../shm";
import type { Manifest } from "./manifest";
import type { Packet } from "./packet";

/** The runtime's side (pools/ts/morloc/pool.ts, `Hosted`), as the nexus uses it. */
export interface HostedTs {
  loadError: string | undefined;
  attach(runDir: string, arena: () => Arena): void;
  call(p: Packet): Promise<Uint8Array>;
  listen(): void;
  close(): void;
}

const IN_PROCESS = Symbol.for("morloc.ts.inProcess");

/** True when `lang` is the TypeScript pool that this nexus can run in its own process. */
export function runsInProcess(manifest: Manifest, lang: string | undefined): boolean {
  return lang === "ts" && manifest.pools.ts?.[0] === "{nexus}" && process.env.MORLOC_TS_POOL !== "1";
}

let loaded: Promise<HostedTs> | null = null;

/**
 * Imports `<dir>/pool-ts.js` once; its `serve` hands over the runtime in place of serving. A user
 * file that throws while it loads rejects with that error (the pool's "exited before it was ready").
 */
export function loadTs(dir: string): Promise<HostedTs> {
  loaded ??= new Promise<HostedTs>((resolve, reject) => {
    (globalThis as any)[IN_PROCESS] = (rt: HostedTs) => resolve(rt);
    quietStdout();
    import(join(dir, "pool-ts.js")).then(
      () => reject(new Error("the TypeScript bundle did not start its runtime")),
      (e) => reject(e),
    );
  });
  return loaded;
}

/** Set when TypeScript running in the nexus called process.exit (its code), see guardExit. */
export let exitCalled: number | null = null;

/**
 * While TypeScript runs in the nexus, its process.exit must not end the nexus without its
 * clean-up: the call throws instead (ending the user's function with an error), and the nexus
 * then fails the run as when a pool exits mid-call. Returns the function that restores it.
 */
export function guardExit(): () => void {
  const real = process.exit;
  exitCalled = null;
  process.exit = ((code?: number | string | null) => {
    exitCalled = Number(code ?? process.exitCode ?? 0) || 0;
    throw new Error(`process.exit(${exitCalled}) called by TypeScript code running in the nexus`);
  }) as typeof process.exit;
  return () => {
    process.exit = real;
  };
}

/**
 * User code's prints go to stderr, as a pool's do (its stdout is the nexus's stderr): the nexus's
 * stdout carries only the result, which it writes through Bun.stdout, not through these.
 */
function quietStdout(): void {
  const err = console.error.bind(console);
  console.log = console.info = console.debug = err;
  process.stdout.write = ((chunk: any, ...rest: any[]) => process.stderr.write(chunk, ...rest)) as typeof process.stdout.write;
}
