// One run of the nexus with pools: run folder, arena, the nexus socket that pools report READY
// on, the pool processes, one call to the root pool, and a cleanup that leaves nothing behind.
import { closeSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { abandoned, Arena, holdLock, newRunPrefix, releaseRunFolder, sweepOrphans } from "../../shm";
import type { Manifest } from "./manifest";
import { missingPieces } from "./preflight";
import { callPacket, encodePacket, Format, Kind, type Packet, PacketReader, packet, schemaBytes, Source, Status } from "./packet";

/** A failure of the runtime itself (exit status 3). */
export class RuntimeFailure extends Error {}

/** A pool could not load the user's sources (exit status 3); the message is the whole report. */
export class LoadFailure extends RuntimeFailure {}

const READY_TIMEOUT_MS = 10_000;
// sun_path holds 108 bytes; "<run dir>/nexus.sock" and "<run dir>/<lang>.sock" must fit
const SOCKET_PATH_MAX = 107;

/** The folder for run folders: $TMPDIR when set (cluster nodes point it at local disk), else /tmp. */
export function runBase(): string {
  return process.env.TMPDIR || "/tmp";
}

/**
 * Remove run folders of nexuses that no longer exist (killed with SIGKILL, say): nobody holds the
 * folder's lock (shm/liveness.ts), which a nexus in another PID namespace still holds while it lives.
 */
export function sweepRunDirs(base: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!/^mlc-\d+-/.test(name) || !abandoned(join(base, name))) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove, or another nexus raced us to it
    }
  }
  return removed;
}

const KILL_GRACE_MS = 250;

interface PoolProc {
  lang: string;
  proc: Subprocess;
  exited: boolean;
  how?: string;
}

export class Session {
  readonly runDir: string;
  readonly prefix: string;
  private runLock = -1;
  /** Set when an argument is the path /dev/stdin: the pools read the nexus's standard input. */
  shareStdin = false;
  private arenaHandle: Arena | null = null;
  private server: ReturnType<typeof Bun.listen> | null = null;
  private pools: PoolProc[] = [];
  private readyWaiters = new Map<string, () => void>();
  private readySockets: { end(): void }[] = [];
  private nextRequest = 1n;
  /** Answers CALLs that pools send to the nexus (labelled calls); set by the dispatcher. */
  onCall: ((p: Packet) => Promise<Uint8Array>) | null = null;
  private outbox = new Map<object, Uint8Array[]>();
  private started = new Map<string, Promise<void>>();
  private idle = new Map<string, KeptConn[]>();
  private failure: Promise<never>;
  private fail!: (e: Error) => void;

  constructor(private manifest: Manifest, private dir: string) {
    // leftovers of nexuses killed before they could clean up: segments and run folders
    sweepOrphans();
    const base = runBase();
    sweepRunDirs(base);
    try {
      // an unpredictable name whose private folder under /dev/shm we made (never one squatted first)
      this.prefix = newRunPrefix();
    } catch (e) {
      throw new RuntimeFailure(`cannot create the run's shared-memory folder: ${(e as Error).message}`);
    }
    let runDir = "";
    try {
      runDir = mkdtempSync(join(base, `mlc-${process.pid}-`));
      this.runLock = holdLock(runDir);
    } catch (e) {
      releaseRunFolder(this.prefix);
      if (runDir) rmSync(runDir, { recursive: true, force: true });
      throw new RuntimeFailure(`cannot create the run folder in ${base}: ${(e as Error).message}`);
    }
    this.runDir = runDir;
    if (`${this.runDir}/nexus.sock`.length > SOCKET_PATH_MAX) {
      releaseRunFolder(this.prefix);
      rmSync(this.runDir, { recursive: true, force: true });
      closeSync(this.runLock);
      throw new RuntimeFailure(`the run folder ${this.runDir} is too long for a socket path; set TMPDIR to a shorter folder`);
    }
    // Rejects when anything ends the run early: a pool exiting, a timeout, a signal.
    this.failure = new Promise<never>((_, reject) => (this.fail = reject));
    this.failure.catch(() => {});
  }

  get arena(): Arena {
    this.arenaHandle ??= Arena.create(this.prefix, 0);
    return this.arenaHandle;
  }

  /** End the run early with `e` (used by timers and signal handlers). */
  abort(e: Error): void {
    this.fail(e);
  }

  /** Race a promise against the run's failure. */
  guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failure]);
  }

  /** The nexus socket: pools connect and say READY, then keep the connection as their lifeline. */
  private listen(): ReturnType<typeof Bun.listen> {
    return Bun.listen<{ reader: PacketReader }>({
      unix: `${this.runDir}/nexus.sock`,
      socket: {
        open: (s) => {
          s.data = { reader: new PacketReader() };
          this.readySockets.push(s);
        },
        data: (s, chunk) => {
          let got: Packet[];
          try {
            got = s.data.reader.push(chunk);
          } catch (e) {
            this.fail(new RuntimeFailure(`bad packet on the nexus socket: ${(e as Error).message}`));
            return;
          }
          for (const p of got) {
            if (p.kind === Kind.CALL) {
              // a labelled call (docs/labels.md): answered on the connection it came on
              this.answer(s, p);
              continue;
            }
            const lang = new TextDecoder().decode(p.metadata);
            if (p.kind === Kind.READY) this.readyWaiters.get(lang)?.();
            else if (p.kind === Kind.ERROR && p.status === Status.LOAD) this.fail(new LoadFailure(loadMessage(p, this.manifest, this.dir)));
          }
        },
        drain: (s) => {
          const q = this.outbox.get(s);
          if (!q) return;
          while (q.length) {
            const n = s.write(q[0]!);
            if (n < q[0]!.length) {
              q[0] = q[0]!.subarray(Math.max(n, 0));
              return;
            }
            q.shift();
          }
        },
      },
    });
  }

  /**
   * Listen on nexus.sock (once), spawn the pools of `langs` not yet started, all at once, and wait
   * until each one says READY. Called again for pools that only labelled calls reach.
   */
  async start(langs: string[]): Promise<void> {
    const fresh = langs.filter((l) => !this.started.has(l));
    const mine = this.spawn(fresh);
    for (const l of fresh) this.started.set(l, mine);
    await Promise.all(langs.map((l) => this.started.get(l)!));
  }

  private async spawn(langs: string[]): Promise<void> {
    if (langs.length === 0) return;
    // a missing interpreter or library: one message naming it and the host, not a loader trace
    const missing = missingPieces(this.manifest, this.dir, langs, (name) => interpreter(name, this.manifest.interpreters));
    if (missing) throw new RuntimeFailure(missing);
    const waiting = langs.map((lang) => new Promise<void>((res) => this.readyWaiters.set(lang, res)));
    if (!this.server) {
      try {
        this.server = this.listen();
      } catch (e) {
        throw new RuntimeFailure(`cannot listen on ${this.runDir}/nexus.sock: ${(e as Error).message}`);
      }
    }
    for (const lang of langs) {
      const slot = this.pools.length + 1;
      const argv = this.manifest.pools[lang]!.map((a) => a.replaceAll("{dir}", this.dir));
      // "{nexus}": the pool runs on this very executable, as Bun (a TypeScript pool; docs/architecture.md)
      const self = argv[0] === "{nexus}";
      argv[0] = self ? process.execPath : interpreter(argv[0]!, this.manifest.interpreters);
      let proc: Subprocess;
      try {
        proc = Bun.spawn(argv, {
          env: { ...process.env, MORLOC_RUN_DIR: this.runDir, MORLOC_LANG: lang, MORLOC_ARENA: this.prefix, MORLOC_SLOT: String(slot), ...(self ? { BUN_BE_BUN: "1" } : {}) },
          stdin: this.shareStdin ? "inherit" : "ignore",
          stdout: 2, // user prints must not reach the nexus's stdout
          stderr: 2,
          // its own process group: whatever the pool forks (or a wrapper around the interpreter)
          // is ended with it, by signalling the group (see close)
          detached: true,
        });
      } catch (e) {
        throw new RuntimeFailure(`cannot start the ${lang} pool (${argv.join(" ")}): ${(e as Error).message}`);
      }
      const entry: PoolProc = { lang, proc, exited: false };
      this.pools.push(entry);
      proc.exited.then((code) => {
        entry.exited = true;
        entry.how = `the ${lang} pool ${proc.signalCode ? `was killed by ${proc.signalCode}` : `exited with status ${code}`}`;
        this.fail(new RuntimeFailure(entry.how));
      });
    }
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RuntimeFailure(`the pools were not ready after ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all(waiting), this.failure, timeout]);
    } catch (e) {
      const dead = this.pools.find((p) => p.exited);
      if (dead && e instanceof RuntimeFailure && !(e instanceof LoadFailure)) throw new RuntimeFailure(`${dead.how} before it was ready`);
      throw e; // the READY timeout, --timeout, or a signal: each says what happened
    } finally {
      clearTimeout(timer);
    }
  }

  /** Answer a CALL that arrived on the nexus socket; the reply keeps the request id. */
  private answer(s: { write(b: Uint8Array): number }, p: Packet): void {
    const handler = this.onCall;
    const reply = handler
      ? this.guard(handler(p)).catch((e) => errorReply(p, e instanceof RuntimeFailure ? Status.LOST : Status.FAIL, (e as Error).message))
      : Promise.resolve(errorReply(p, Status.LOST, `the nexus answers no call ${p.callId}`));
    reply.then(
      (bytes) => this.send(s, bytes),
      () => {}, // the run is ending: the pools go with it
    );
  }

  private send(s: { write(b: Uint8Array): number }, bytes: Uint8Array): void {
    let q = this.outbox.get(s);
    if (!q) this.outbox.set(s, (q = []));
    if (q.length) return void q.push(bytes);
    const n = s.write(bytes);
    if (n < bytes.length) q.push(bytes.subarray(Math.max(n, 0)));
  }

  /** A DATA packet for an argument blob: inline when small, in the arena when large. */
  dataPacket(schema: string, blob: Uint8Array, inlineLimit: number, requestId = 0n): Uint8Array {
    if (blob.length <= inlineLimit) {
      return encodePacket(packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, metadata: schemaBytes(schema), payload: blob, requestId }));
    }
    const { relptr, bytes } = this.arena.alloc(blob.length);
    bytes.set(blob);
    const payload = new Uint8Array(16);
    const dv = new DataView(payload.buffer);
    dv.setBigUint64(0, relptr, true);
    dv.setBigUint64(8, BigInt(blob.length), true);
    return encodePacket(packet({ kind: Kind.DATA, source: Source.ARENA, format: Format.VALUE, metadata: schemaBytes(schema), payload, requestId }));
  }

  /** The value bytes of a DATA packet (a copy), inline or in the arena; `release` frees the arena block (we are its consumer). */
  valueOf(p: Packet, release: boolean): Uint8Array {
    if (p.kind !== Kind.DATA || p.format !== Format.VALUE) throw new RuntimeFailure(`expected a value packet, got kind ${p.kind} format ${p.format}`);
    if (p.source === Source.INLINE) return p.payload.slice();
    if (p.source !== Source.ARENA) throw new RuntimeFailure(`unsupported value source ${p.source}`);
    const dv = new DataView(p.payload.buffer, p.payload.byteOffset, p.payload.byteLength);
    const relptr = dv.getBigUint64(0, true);
    const size = Number(dv.getBigUint64(8, true));
    const bytes = this.arena.read(relptr, size).slice();
    if (release) this.arena.release(relptr);
    return bytes;
  }

  /** Send one CALL to pool `lang` and return its reply; a lost connection is a RuntimeFailure. */
  async call(lang: string, mid: number, args: Uint8Array[]): Promise<Packet> {
    const requestId = this.nextRequest++;
    const reply = new Promise<Packet>((resolve, reject) => {
      const reader = new PacketReader();
      let done = false;
      let unsent = encodePacket(callPacket(mid, requestId, args));
      // Bun's socket write may take only part of the bytes; the rest goes out on drain
      const flush = (s: { write(b: Uint8Array): number }) => {
        const n = s.write(unsent);
        if (n > 0) unsent = unsent.subarray(n);
      };
      Bun.connect({
        unix: `${this.runDir}/${lang}.sock`,
        socket: {
          open: flush,
          drain: (s) => {
            if (unsent.length) flush(s);
          },
          data: (s, chunk) => {
            let got: Packet[];
            try {
              got = reader.push(chunk);
            } catch (e) {
              done = true;
              s.end();
              return reject(new RuntimeFailure(`bad reply from the ${lang} pool: ${(e as Error).message}`));
            }
            if (got.length && !done) {
              done = true;
              s.end();
              if (got[0]!.requestId !== requestId) reject(new RuntimeFailure(`the ${lang} pool answered the wrong request`));
              else resolve(got[0]!);
            }
          },
          close: () => {
            if (!done) reject(new RuntimeFailure(`the ${lang} pool closed the connection during the call`));
          },
          error: (_s, e) => {
            if (!done) reject(new RuntimeFailure(`connection to the ${lang} pool failed: ${e.message}`));
          },
        },
      }).catch((e) => reject(new RuntimeFailure(`cannot connect to the ${lang} pool: ${(e as Error).message}`)));
    });
    return this.guard(reply);
  }

  /**
   * Send one CALL to pool `lang` over a kept connection (made on first use, one request at a time
   * each): the dispatcher's calls of labelled manifolds, which may be many in one run.
   */
  async callKept(lang: string, mid: number, args: Uint8Array[]): Promise<Packet> {
    const idle = this.idle.get(lang) ?? [];
    this.idle.set(lang, idle);
    let conn = idle.pop();
    while (conn && conn.closed) conn = idle.pop();
    conn ??= await this.guard(KeptConn.open(`${this.runDir}/${lang}.sock`, lang));
    const requestId = this.nextRequest++;
    const reply = await this.guard(conn.request(encodePacket(callPacket(mid, requestId, args))));
    if (reply.requestId !== requestId) {
      conn.close();
      throw new RuntimeFailure(`the ${lang} pool answered the wrong request`);
    }
    idle.push(conn);
    return reply;
  }

  /** How a pool died ("the py pool was killed by SIGKILL"), waiting up to `ms` to notice; else null. */
  async poolDeath(ms: number): Promise<string | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const dead = this.pools.find((p) => p.exited);
      if (dead) return dead.how ?? `the ${dead.lang} pool exited`;
      if (Date.now() >= deadline) return null;
      await Bun.sleep(10);
    }
  }

  /** Kill pools (SIGTERM, then SIGKILL), close sockets, unlink every segment of the run, remove the run dir. */
  async close(): Promise<void> {
    this.fail(new RuntimeFailure("run closed"));
    for (const s of this.readySockets) {
      try {
        s.end(); // pools exit on EOF of this connection
      } catch {}
    }
    // Every pool's group, also of pools that already exited: children they forked may remain.
    const groups = this.pools.map((p) => p.proc.pid);
    for (const g of groups) signalGroup(g, "SIGTERM");
    const settled = async (ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && groups.some(groupAlive)) await Bun.sleep(2);
    };
    await settled(KILL_GRACE_MS);
    // SIGKILL cannot be ignored; what may stay visible after it is a zombie that init has not reaped yet
    for (const g of groups) if (groupAlive(g)) signalGroup(g, "SIGKILL");
    await Promise.race([Promise.all(this.pools.map((p) => p.proc.exited)), Bun.sleep(1000)]);
    for (const conns of this.idle.values()) for (const c of conns) c.close();
    this.server?.stop(true);
    try {
      this.arenaHandle?.close();
    } catch {}
    releaseRunFolder(this.prefix); // with every volume still in it
    rmSync(this.runDir, { recursive: true, force: true });
    try {
      closeSync(this.runLock);
    } catch {}
  }
}

/** A kept connection to a pool: one request at a time, replies read as whole packets. */
class KeptConn {
  closed = false;
  private reader = new PacketReader();
  private waiting: { resolve(p: Packet): void; reject(e: Error): void } | null = null;
  private unsent: Uint8Array = new Uint8Array(0);
  private sock!: { write(b: Uint8Array): number; end(): void };

  private constructor(private lang: string) {}

  static async open(path: string, lang: string): Promise<KeptConn> {
    const c = new KeptConn(lang);
    try {
      c.sock = await Bun.connect({
        unix: path,
        socket: {
          data: (_s, chunk) => c.onData(chunk),
          drain: () => c.flush(),
          close: () => c.fail(new RuntimeFailure(`the ${lang} pool closed the connection during the call`)),
          error: (_s, e) => c.fail(new RuntimeFailure(`connection to the ${lang} pool failed: ${e.message}`)),
        },
      });
    } catch (e) {
      throw new RuntimeFailure(`cannot connect to the ${lang} pool: ${(e as Error).message}`);
    }
    return c;
  }

  request(bytes: Uint8Array): Promise<Packet> {
    if (this.closed) return Promise.reject(new RuntimeFailure(`the connection to the ${this.lang} pool is closed`));
    return new Promise<Packet>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.unsent = bytes;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.unsent.length) return;
    const n = this.sock.write(this.unsent);
    if (n > 0) this.unsent = this.unsent.subarray(n);
  }

  private onData(chunk: Uint8Array): void {
    let got: Packet[];
    try {
      got = this.reader.push(chunk);
    } catch (e) {
      return this.fail(new RuntimeFailure(`bad reply from the ${this.lang} pool: ${(e as Error).message}`));
    }
    const w = this.waiting;
    if (got.length && w) {
      this.waiting = null;
      w.resolve(got[0]!);
    }
  }

  private fail(e: Error): void {
    this.closed = true;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
  }

  close(): void {
    this.closed = true;
    try {
      this.sock?.end();
    } catch {}
  }
}

/** An ERROR reply to CALL `p` (same request id). */
export function errorReply(p: Packet, status: number, text: string): Uint8Array {
  return encodePacket(packet({ kind: Kind.ERROR, status, format: Format.TEXT, requestId: p.requestId, callId: p.callId, payload: new TextEncoder().encode(text) }));
}

/**
 * The one line for a pool's LOAD error (docs/protocol.md): "<user file>:<line>: <error>", the file
 * being the one the shipped copy came from (the manifest's `sources`), else the copy's own path.
 */
export function loadMessage(p: Packet, manifest: Manifest, dir: string): string {
  const text = new TextDecoder().decode(p.payload);
  let report: { file?: unknown; line?: unknown; message?: unknown };
  try {
    report = p.format === Format.JSON ? JSON.parse(text) : { message: text };
  } catch {
    report = { message: text };
  }
  const message = String(report.message ?? "").trimEnd();
  const file = typeof report.file === "string" && report.file ? (manifest.sources?.[report.file] ?? join(dir, report.file)) : "";
  return file ? `${file}:${Number(report.line) || 1}: ${message}` : message;
}

/** Signal every process of a pool's group (its pid is the group id); a group already gone is fine. */
function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: nothing of the group is left
  }
}

/** True while any process of the group exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The program to run for a pool: $MORLOC_PYTHON / $MORLOC_RSCRIPT when set, else the interpreter
 * recorded when the nexus was made if it still exists (the nexus may have been copied to another
 * machine), else the name as given, found on PATH.
 */
export function interpreter(name: string, recorded: Record<string, string> | undefined): string {
  const override = name === "python3" ? process.env.MORLOC_PYTHON : name === "Rscript" ? process.env.MORLOC_RSCRIPT : undefined;
  if (override) return override;
  const path = recorded?.[name];
  return path && existsSync(path) ? path : name;
}
