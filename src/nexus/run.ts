// The nexus runtime: parse the command line, check arguments, answer pure commands directly, or
// start the needed pools, send one CALL and print the reply. Exit status: 0 ok, 1 the program
// raised an error, 2 bad usage or argument, 3 runtime failure (pool crash, timeout, start-up).
import { writeFileSync } from "node:fs";
import { ArenaError, arenaLimit, decodeValue, parseSchema } from "../../shm";
import { checkArguments, type Options, UsageError } from "./args";
import { parseCommandLine, singleCommand, type Input } from "./cli";
import { commandHelp, groupHelp, jsonHelp, nexusHelp, topHelp } from "./help";
import { completion } from "./completion";
import { readInputs } from "./inputs";
import { render } from "./output";
import { checkManifest, type Command, type Manifest } from "./manifest";
import { callPacket, decodePacket, Format, Kind, type Packet, packet, Source, Status, textOf, INLINE_LIMIT } from "./packet";
import { exitCalled, guardExit, type HostedTs, loadTs, runsInProcess } from "./inprocess";
import { runCallPacket } from "./callpacket";
import { type Dispatcher, labelledCalls, moduleConfig } from "./dispatch";
import { evalPure } from "./pure";
import { PureFailure } from "./pureaccess";
import { LoadFailure, RuntimeFailure, Session } from "./session";
import { takeSlurmOptions } from "./slurm/options";
import { runWholeAsJob } from "./slurm/whole";
import type { Resources } from "./slurm/jobs";

/** Where the nexus writes; tests may capture it. */
export interface NexusIO {
  stdout(data: string | Uint8Array): Promise<void>;
  stderr(text: string): void;
}

const processIO: NexusIO = {
  stdout: async (data) => {
    await Bun.write(Bun.stdout, data);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};

class ProgramError extends Error {}

/** The language version this nexus follows, for `--json-help`. */
const MORLOC_VERSION = "0.51";

export async function runNexus(manifest: Manifest, dir: string, argv: string[], io: NexusIO = processIO, prog = "nexus"): Promise<number> {
  const name = manifest.module;
  const opts: Options = { help: false, format: "json", args: [] };
  let cmd: Command;
  let inputs: Input[];
  let slurm: Resources | null = null;
  if (argv.includes("--call-packet")) return runCallPacket(manifest, dir, argv, io);
  try {
    checkManifest(manifest);
    // `--slurm ...`: the command line is checked here, then the whole command runs as one job
    ({ resources: slurm, rest: argv } = takeSlurmOptions(argv));
    const inv = parseCommandLine(manifest, argv, opts);
    switch (inv.kind) {
      case "help": {
        const single = singleCommand(manifest);
        const text =
          inv.text === "nexus" ? nexusHelp(prog, manifest)
          : inv.text === "group" ? groupHelp(manifest, prog, inv.group!)
          : inv.text === "command" || inv.text === "command-long" ? commandHelp(manifest, prog, inv.cmd!, inv.text === "command-long")
          : single ? commandHelp(manifest, prog, single, inv.text === "top-long")
          : topHelp(manifest, prog, inv.text === "top-long");
        return await write(io, text, name);
      }
      case "json-help":
        return await write(io, jsonHelp(manifest, MORLOC_VERSION), name);
      case "completion":
        return await write(io, completion(manifest, prog, inv.shell), name);
    }
    cmd = inv.cmd;
    inputs = inv.inputs;
    if (slurm) return await runWholeAsJob(name, cmd.name, argv, slurm, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${name}: ${e.message}\nRun '${prog} -h' for help.\n`);
    return 2;
  }
  try {
    arenaLimit(process.env.MORLOC_ARENA_MAX);
  } catch (e) {
    io.stderr(`${name}: ${(e as Error).message}\n`);
    return 2;
  }
  let config;
  try {
    config = moduleConfig(manifest, opts.config);
  } catch (e) {
    io.stderr(`${name}: ${(e as Error).message}\n`);
    return 2;
  }

  // --timeout covers the whole run, reading the arguments too (a FIFO without a writer waits)
  const started = performance.now();
  const timeLeft = () => (opts.timeout ? Math.max(0, opts.timeout * 1000 - (performance.now() - started)) : undefined);
  let args;
  try {
    let readTimer: Timer | undefined;
    const limit = opts.timeout
      ? new Promise<never>((_, reject) => (readTimer = setTimeout(() => reject(new RuntimeFailure(`${cmd!.name} timed out after ${opts.timeout} s while reading its arguments`)), timeLeft())))
      : null;
    try {
      const raws = await (limit ? Promise.race([readInputs(cmd, inputs), limit]) : readInputs(cmd, inputs));
      args = checkArguments(cmd, raws);
    } finally {
      clearTimeout(readTimer);
    }
  } catch (e) {
    io.stderr(`${name}: ${(e as Error).message}\n`);
    return e instanceof RuntimeFailure ? 3 : 2;
  }

  if (cmd.pure) {
    let value: unknown;
    try {
      value = evalPure(cmd.pure, args.map((a) => a.value()));
    } catch (e) {
      // a failing list accessor, as a pool's error would be
      if (!(e instanceof PureFailure)) throw e;
      io.stderr(`${name}: ${e.message}\n`);
      return 1;
    }
    return emit(value, opts, io, name, cmd.return.schema);
  }

  let session: Session | undefined;
  let dispatcher: Dispatcher | null = null;
  let hosted: HostedTs | undefined;
  const onSignal = (sig: string) => () => session?.abort(new SignalExit(sig));
  // a closed terminal (SIGHUP) ends the run as cleanly as Ctrl-C or kill
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => [sig, onSignal(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  let timer: Timer | undefined;
  try {
    session = new Session(manifest, dir);
    // a Str path argument naming standard input (`stdin`, `check.path` with `-`) is read by the pool
    session.shareStdin = args.some((a) => a.schema === "s" && a.value() === "/dev/stdin");
    if (opts.timeout) {
      const s = session;
      timer = setTimeout(() => s.abort(new RuntimeFailure(`${cmd!.name} timed out after ${opts.timeout} s`)), timeLeft());
    }
    dispatcher = labelledCalls(session, manifest, config, opts, io);
    let reply: Packet;
    const direct = cmd.labelled !== undefined ? manifest.labelled?.find((c) => c.id === cmd.labelled) : undefined;
    if (direct && dispatcher) {
      // the command is one labelled call: a cached result starts no pool at all
      const out = await session.guard(dispatcher.run(direct, args.map((a) => a.blob)));
      reply = "error" in out ? out.error : packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, payload: out.value });
    } else {
      const needs = cmd.needs ?? [cmd.pool!];
      // a TypeScript root runs in this process, which then also serves the run's TypeScript calls
      // (with --timeout it runs in the Bun pool: a pool stuck in a loop can be killed, this process not;
      // with labelled calls too: the nexus may start the TypeScript pool later for one of them)
      if (runsInProcess(manifest, cmd.pool) && !opts.timeout && !dispatcher) hosted = await startHostedTs(session, dir, needs.length > 1);
      await session.start(hosted ? needs.filter((l) => l !== "ts") : needs);
      const packets = args.map((a) => session!.dataPacket(a.schema, a.blob, INLINE_LIMIT));
      reply = hosted ? await hostedCall(session, hosted, cmd.manifold!, packets, cmd.name) : await session.call(cmd.pool!, cmd.manifold!, packets);
    }
    if (reply.kind === Kind.ERROR) {
      if (dispatcher?.failure) throw dispatcher.failure;
      // a peer that crashed surfaces as an ERROR of status LOST from the pool that called it
      const text = textOf(reply);
      const death = await session.poolDeath(reply.status === Status.LOST ? 300 : 0);
      if (death) throw new RuntimeFailure(`${death} during ${cmd.name}:\n${text.trimEnd()}`);
      throw new ProgramError(text);
    }
    const value = readReply(session, reply, cmd.return.schema);
    return await emit(value, opts, io, name, cmd.return.schema);
  } catch (e) {
    if (e instanceof ProgramError) {
      io.stderr(`${name}: ${cmd.name} failed:\n${e.message.trimEnd()}\n`);
      return 1;
    }
    if (e instanceof LoadFailure) {
      io.stderr(`${name}: ${e.message}\n`); // the user's file, line and error: nothing else to add
      return 3;
    }
    if (e instanceof SignalExit) {
      io.stderr(`${name}: interrupted by ${e.message}\n`);
      const codes: Record<string, number> = { SIGHUP: 129, SIGINT: 130 };
      return codes[e.message] ?? 143;
    }
    let msg = e instanceof RuntimeFailure || e instanceof ArenaError ? e.message : `internal error: ${(e as Error).stack ?? e}`;
    // a closed connection usually means a pool died: name the pool and how
    const death = e instanceof RuntimeFailure && session ? await session.poolDeath(200) : null;
    if (death && msg === death) msg = `${death} during ${cmd.name}`;
    else if (death && !msg.includes(death)) msg = `${death} during ${cmd.name} (${msg})`;
    io.stderr(`${name}: ${msg}\n`);
    return 3;
  } finally {
    clearTimeout(timer);
    hosted?.close();
    if (session) await session.close();
    await dispatcher?.close();
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}

class SignalExit extends Error {}

/** The root call of TypeScript running in this process; its process.exit fails the run (exit 3). */
async function hostedCall(session: Session, ts: HostedTs, mid: number, packets: Uint8Array[], name: string): Promise<Packet> {
  const restore = guardExit();
  try {
    const reply = decodePacket(await session.guard(ts.call(callPacket(mid, 1n, packets))))[0];
    if (exitCalled !== null) throw new RuntimeFailure(`the TypeScript code exited with status ${exitCalled} during ${name}`);
    return reply;
  } finally {
    restore();
  }
}

/** Loads the TypeScript bundle into this process for the session; `serve`: other pools may call it. */
async function startHostedTs(session: Session, dir: string, serve: boolean): Promise<HostedTs> {
  // a user file that throws while it loads, as a pool that exits before READY (exit 3)
  const loading = loadTs(dir).catch((e) => {
    throw new LoadFailure(`the TypeScript sources failed to load: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  });
  const ts = await session.guard(loading);
  if (ts.loadError !== undefined) throw new LoadFailure(ts.loadError);
  ts.attach(session.runDir, () => session.arena);
  if (serve) ts.listen();
  return ts;
}

/** Decode a DATA reply (inline or arena; the consumer releases the arena block). */
function readReply(session: Session, reply: Packet, schemaText: string): unknown {
  if (reply.kind !== Kind.DATA) throw new RuntimeFailure(`unexpected reply packet kind ${reply.kind}`);
  const schema = parseSchema(schemaText);
  try {
    if (reply.source === Source.INLINE) return decodeValue(schema, reply.payload);
    if (reply.source === Source.ARENA) {
      const dv = new DataView(reply.payload.buffer, reply.payload.byteOffset, reply.payload.byteLength);
      const relptr = dv.getBigUint64(0, true);
      const size = Number(dv.getBigUint64(8, true));
      const arena = session.arena;
      try {
        return decodeValue(schema, arena.read(relptr, size));
      } finally {
        arena.release(relptr);
      }
    }
  } catch (e) {
    throw new RuntimeFailure(`cannot read the result: ${(e as Error).message}`);
  }
  throw new RuntimeFailure(`unsupported reply source ${reply.source}`);
}

/** Help and usage text to stdout; a reader that went away (`-h | head`) ends quietly with 141. */
async function write(io: NexusIO, text: string, name: string): Promise<number> {
  try {
    await io.stdout(text);
    return 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EPIPE") return 141;
    io.stderr(`${name}: cannot write: ${(e as Error).message}\n`);
    return 3;
  }
}

async function emit(value: unknown, opts: Options, io: NexusIO, name: string, schema: string): Promise<number> {
  // current morloc prints a top-level Null or Unit only when asked (language-head B.2, --keep-null);
  // a generic result (`*`) that happens to be null is the JSON value given, printed as such
  const nullType = schema === "z" || schema.startsWith("?");
  if ((value === null || value === undefined) && nullType && !opts.keepNull && !opts.output) return 0;
  let data: string | Uint8Array;
  try {
    data = render(value, opts.format, !!opts.print);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${name}: ${e.message}\n`);
    return 2;
  }
  if (opts.output) {
    try {
      writeFileSync(opts.output, data);
    } catch (e) {
      io.stderr(`${name}: cannot write ${opts.output}: ${(e as Error).message}\n`);
      return 2;
    }
  } else {
    try {
      await io.stdout(data);
    } catch (e) {
      // the reader went away (`nexus cmd | head`): stop quietly, as a process killed by SIGPIPE
      if ((e as NodeJS.ErrnoException).code === "EPIPE") return 141;
      io.stderr(`${name}: cannot write the result: ${(e as Error).message}\n`);
      return 3;
    }
  }
  return 0;
}
