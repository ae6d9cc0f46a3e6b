// `nexus --call-packet F --output-file R` (docs/labels.md): what a cluster node runs for one
// labelled call. F holds the call (writeCallPacketFile); the callee's pools start here, the call
// runs once (no cache lookup: the submitting nexus did that), and R receives a DATA packet with the
// result or an ERROR packet with the program's message. Exit 0 with a value, 1 when the program
// raised (R holds its message), 2 for a bad command line or file, 3 when the runtime failed.

import { type Options, UsageError } from "./args";
import { nexusOption } from "./cli";
import { labelledCalls, moduleConfig } from "./dispatch";
import { readCallPacketFile, writeResultPacketFile } from "./labelled";
import type { Manifest } from "./manifest";
import { Kind, Status, textOf, INLINE_LIMIT } from "./packet";
import { RuntimeFailure, Session } from "./session";

export async function runCallPacket(manifest: Manifest, dir: string, argv: string[], io: { stderr(t: string): void }): Promise<number> {
  const name = manifest.module;
  const opts: Options = { help: false, format: "json", args: [] };
  let call, args: Uint8Array[], config;
  try {
    for (let i = 0; i < argv.length; ) {
      const next = nexusOption(argv, i, opts);
      if (next < 0) throw new UsageError(`unexpected '${argv[i]}' with --call-packet (only nexus options may follow)`);
      i = next;
    }
    if (!opts.output) throw new UsageError("--call-packet needs --output-file FILE for the result");
    config = moduleConfig(manifest, opts.config);
    const got = readCallPacketFile(opts.callPacket!);
    call = manifest.labelled?.find((c) => c.id === got.id);
    if (!call) throw new UsageError(`${opts.callPacket} calls labelled call ${got.id}, which this nexus does not have`);
    if (got.args.length !== call.args.length) throw new UsageError(`${opts.callPacket} has ${got.args.length} arguments; ${call.name} takes ${call.args.length}`);
    args = got.args;
  } catch (e) {
    io.stderr(`${name}: ${(e as Error).message}\n`);
    return 2;
  }
  let session: Session | undefined;
  const onSignal = (sig: string) => () => session?.abort(new RuntimeFailure(`interrupted by ${sig}`));
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => [sig, onSignal(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    session = new Session(manifest, dir);
    // labelled calls inside the callee still go through a dispatcher (cache, but never remote again)
    const dispatcher = labelledCalls(session, manifest, config, opts, io, true);
    await session.start(call.needs);
    const s = session;
    const reply = await session.call(call.lang, call.manifold, args.map((a, i) => s.dataPacket(call.args[i]!, a, INLINE_LIMIT)));
    if (reply.kind === Kind.ERROR && dispatcher?.failure) throw dispatcher.failure;
    if (reply.kind === Kind.ERROR) {
      writeResultPacketFile(opts.output, { error: textOf(reply), status: reply.status });
      return reply.status === Status.FAIL ? 1 : 3;
    }
    writeResultPacketFile(opts.output, { value: session.valueOf(reply, true), schema: call.ret });
    return 0;
  } catch (e) {
    const msg = e instanceof RuntimeFailure ? e.message : `internal error: ${(e as Error).stack ?? e}`;
    try {
      writeResultPacketFile(opts.output, { error: msg, status: Status.LOST });
    } catch {}
    io.stderr(`${name}: ${msg}\n`);
    return 3;
  } finally {
    if (session) await session.close();
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
