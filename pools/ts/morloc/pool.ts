// The TypeScript pool daemon, run by Bun: serves manifolds over a UNIX socket (Bun.listen) and calls
// other pools (foreignCall) over kept connections. Start-up follows docs/architecture.md ("Pool
// start-up"), packets docs/protocol.md. Everything is asynchronous: a manifold may await a user's
// async function or a foreign call, and while it waits the event loop serves the pool's other
// connections, so re-entrant chains (C++ → TS → C++ → TS) need no threads.
//
// Values: morloc's Int is a `bigint` here (shm decodes every integer as one; encoding accepts a
// bigint or an integral number and range-checks it), Real a `number`, lists arrays, tuples arrays,
// records plain objects, Unit `null`.

import type { Socket } from "bun";
import { Arena, decodeValue, encodedSize, encodeInto, encodeValue, parseSchema, type Schema } from "../../../shm";
import { AFTER, BELL_PEERS, Channel, CHANNEL_SIZE, REQ, RESP, SUPPORTED } from "./bell";
import { decodePacket, encodePacket, Format, INLINE_LIMIT, Kind, packet, PacketReader, Source, Status, type Packet } from "../../../src/nexus/packet";

/** A manifold as the generated pool gives it: its function, argument schemas, result schema, user name. */
export type ManifoldEntry = [fn: (...args: any[]) => unknown, args: string[], ret: string, name: string];

/** ERROR statuses (docs/protocol.md): the program raised, or a pool could not be reached or was lost. */
const FAIL = 1, LOST = 2;

/**
 * An error that came back from another pool, or a failure to reach one; `text` is the whole
 * message with its chain, `status` whose failure it is (kept when the error is passed on).
 */
export class MorlocError extends Error {
  constructor(readonly text: string, readonly status: number = FAIL) {
    super(text);
    this.name = "MorlocError";
  }
}

let LANG = process.env.MORLOC_LANG || "ts";
let runDir = process.env.MORLOC_RUN_DIR ?? "";
/** True when this runtime runs inside the nexus process (see inProcess below). */
let hosted = false;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

// ------------------------------------------------------------------------------------ values

const metas = new Map<string, Uint8Array>();
/** A schema's bytes, as DATA packets carry it in their metadata (made once per schema). */
function schemaBytes(text: string): Uint8Array {
  let b = metas.get(text);
  if (!b) metas.set(text, (b = utf8.encode(text)));
  return b;
}

const schemas = new Map<string, Schema>();
function schemaOf(text: string): Schema {
  let s = schemas.get(text);
  if (!s) schemas.set(text, (s = parseSchema(text)));
  return s;
}

let arena: Arena | null = null;
/** Inside the nexus: the nexus's own arena (slot 0), opened by it on first use. */
let hostArena: (() => Arena) | null = null;
/** The arena is opened on first use: most values fit inline and never need it. */
export function arenaOf(): Arena {
  if (hostArena) return hostArena();
  if (!arena) {
    const prefix = process.env.MORLOC_ARENA;
    if (!prefix) throw new Error("MORLOC_ARENA is not set; cannot use the shared-memory arena");
    arena = Arena.create(prefix, Number(process.env.MORLOC_SLOT || "1"));
  }
  return arena;
}

/** A native value -> the bytes of a DATA packet: inline up to 64 KiB, else through our arena. */
export function dataPacket(value: unknown, schema: string, requestId = 0n): Uint8Array {
  const s = schemaOf(schema);
  const metadata = schemaBytes(schema);
  const size = encodedSize(s, value);
  if (size <= INLINE_LIMIT) return encodePacket(packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, requestId, metadata, payload: encodeValue(s, value) }));
  // large: encoded straight into the arena block (a Float64Array is one copy)
  const a = arenaOf();
  const { relptr, bytes } = a.alloc(size);
  let n: number;
  try {
    n = encodeInto(s, value, bytes);
  } catch (e) {
    a.release(relptr);
    throw e;
  }
  const payload = new Uint8Array(16);
  const dv = new DataView(payload.buffer);
  dv.setBigUint64(0, relptr, true);
  dv.setBigUint64(8, BigInt(n), true);
  return encodePacket(packet({ kind: Kind.DATA, source: Source.ARENA, format: Format.VALUE, requestId, metadata, payload }));
}

/** A DATA packet -> its native value (an arena block is freed once read: the consumer frees); ERROR throws. */
export function valueOf(p: Packet, schema: string): unknown {
  if (p.kind === Kind.ERROR) throw new MorlocError(fromUtf8.decode(p.payload), p.status === LOST ? LOST : FAIL);
  if (p.kind !== Kind.DATA) throw new Error(`expected a DATA packet, got kind ${p.kind}`);
  if (p.source === Source.INLINE) return decoded(schema, p.payload);
  if (p.source === Source.ARENA) {
    if (p.payload.length !== 16) throw new Error(`arena DATA packet with a ${p.payload.length}-byte payload`);
    const dv = new DataView(p.payload.buffer, p.payload.byteOffset, 16);
    const relptr = dv.getBigUint64(0, true);
    const a = arenaOf();
    try {
      return decoded(schema, a.read(relptr, Number(dv.getBigUint64(8, true))));
    } finally {
      a.release(relptr);
    }
  }
  throw new Error(`unsupported DATA source ${p.source} in a pool`);
}

/**
 * A program that declares `type TS => (List Real) = "Float64Array"` gets every [Real] as a
 * Float64Array: one copy of the block's bytes, no per-element work (the printer calls this).
 */
let f64 = false;
export function float64Lists(on: boolean): void {
  f64 = on;
}

function decoded(schema: string, blob: Uint8Array): unknown {
  if (!f64) return decodeValue(schemaOf(schema), blob);
  const s = schemaOf(schema);
  return onlyReals(s, decodeValue(s, blob, { typed: true }));
}

const typedElem = (s: Schema) => s.kind === "int" || s.kind === "uint" || s.kind === "float";
const walks = new Map<Schema, boolean>();
/** Whether a typed decode of `s` needs fixing up: lists of integers, or a [Real] that may be empty. */
function walk(s: Schema): boolean {
  let w = walks.get(s);
  if (w === undefined) {
    w = s.kind === "list" ? typedElem(s.elem) || walk(s.elem) : s.kind === "optional" ? walk(s.inner) : s.kind === "tuple" || s.kind === "record" ? s.items.some(walk) : false;
    walks.set(s, w);
  }
  return w;
}

/** A typed decode with only the [Real] lists typed: integer lists back to arrays, empty [Real] typed. */
function onlyReals(s: Schema, v: any): any {
  if (!walk(s) || v === null) return v;
  switch (s.kind) {
    case "list":
      if (s.elem.kind === "float") return Array.isArray(v) ? (s.elem.width === 8 ? new Float64Array(0) : new Float32Array(0)) : v;
      if (typedElem(s.elem)) return Array.isArray(v) ? v : Array.from(v);
      return (v as unknown[]).map((x) => onlyReals(s.elem, x));
    case "optional":
      return onlyReals(s.inner, v);
    case "tuple":
      return s.items.map((it, k) => onlyReals(it, v[k]));
    case "record":
      for (let k = 0; k < s.items.length; k++) v[s.keys[k]!] = onlyReals(s.items[k]!, v[s.keys[k]!]);
      return v;
    default:
      return v;
  }
}

export function errorPacket(requestId: bigint, text: string, status: number = Status.FAIL): Uint8Array {
  return encodePacket(packet({ kind: Kind.ERROR, source: Source.INLINE, format: Format.TEXT, status, requestId, payload: utf8.encode(text) }));
}

/**
 * Waits for whatever a user function handed back: a promise, or an array holding promises (a
 * `xs.map(f)` over an async function), settled all the way down; anything else is returned as it is.
 */
export async function settle(v: unknown): Promise<unknown> {
  if (v instanceof Promise) v = await v;
  if (Array.isArray(v) && v.some((x) => x instanceof Promise || Array.isArray(x))) return Promise.all(v.map(settle));
  return v;
}

// ------------------------------------------------------------------------------ socket writes

interface Out {
  queue: Uint8Array[];
}
/** Writes all of `bytes`, keeping what the socket did not take for its drain handler. */
function send(sock: Socket<Out>, bytes: Uint8Array): void {
  const out = sock.data;
  if (out.queue.length > 0) {
    out.queue.push(bytes);
    return;
  }
  const n = sock.write(bytes);
  if (n < bytes.length) out.queue.push(bytes.subarray(Math.max(n, 0)));
}
function drain(sock: Socket<Out>): void {
  const out = sock.data;
  while (out.queue.length > 0) {
    const head = out.queue[0]!;
    const n = sock.write(head);
    if (n < head.length) {
      out.queue[0] = head.subarray(Math.max(n, 0));
      return;
    }
    out.queue.shift();
  }
}

// ------------------------------------------------------------------------------- client side

interface Client extends Out {
  reader: PacketReader;
  /** The reply the pending call waits for. */
  waiting: { resolve: (p: Packet) => void; reject: (e: Error) => void } | null;
  closed: boolean;
  /** Calls made over the socket so far (negative: the peer declined the doorbell). */
  calls: number;
  /** Set once the connection's calls moved to a doorbell channel (./bell.ts). */
  bell: Channel | null;
}

const idle = new Map<string, Socket<Client>[]>();
let nextRequest = 1n;

async function connect(lang: string): Promise<Socket<Client>> {
  const data: Client = { queue: [], reader: new PacketReader(), waiting: null, closed: false, calls: 0, bell: null };
  try {
    return await Bun.connect<Client>({
      unix: `${runDir}/${lang}.sock`,
      data,
      socket: {
        data(sock, chunk) {
          let packets: Packet[];
          try {
            packets = sock.data.reader.push(chunk);
          } catch (e) {
            sock.data.waiting?.reject(e as Error);
            sock.data.waiting = null;
            sock.end();
            return;
          }
          for (const p of packets) {
            const w = sock.data.waiting;
            sock.data.waiting = null;
            w?.resolve(p);
          }
        },
        drain,
        close(sock) {
          sock.data.closed = true;
          sock.data.waiting?.reject(new Error("connection closed by peer"));
          sock.data.waiting = null;
          sock.data.bell?.close(new Error("connection closed by peer"));
        },
        error(sock, e) {
          sock.data.waiting?.reject(e);
          sock.data.waiting = null;
          sock.data.bell?.close(e);
        },
      },
    });
  } catch (e) {
    throw new MorlocError(`cannot reach the ${lang} pool: ${(e as Error).message}`, LOST);
  }
}

/** Sends a CALL of manifold `mid` (argument packets already encoded) and returns the reply packet. */
async function call(lang: string, mid: number, args: Uint8Array[]): Promise<Packet> {
  const sock = idle.get(lang)?.pop() ?? (await connect(lang));
  const requestId = nextRequest++;
  const total = args.reduce((n, a) => n + a.length, 0);
  const payload = new Uint8Array(total);
  let at = 0;
  for (const a of args) {
    payload.set(a, at);
    at += a.length;
  }
  const c = sock.data;
  let reply: Packet;
  try {
    if (!c.bell && AFTER >= 0 && c.calls >= 0 && c.calls++ >= AFTER && BELL_PEERS.has(lang)) await openBell(sock);
    const bytes = encodePacket(packet({ kind: Kind.CALL, callId: mid, requestId, payload }));
    reply = c.bell ? await bellCall(c.bell, bytes) : await exchange(sock, bytes);
  } catch (e) {
    sock.end();
    throw new MorlocError(`lost the connection to the ${lang} pool during a call of manifold ${mid}: ${(e as Error).message}`, LOST);
  }
  if (reply.requestId !== requestId) {
    sock.end();
    throw new MorlocError(`reply for request ${reply.requestId}, expected ${requestId}`, LOST);
  }
  if (!sock.data.closed) {
    if (!idle.has(lang)) idle.set(lang, []);
    idle.get(lang)!.push(sock);
  }
  return reply;
}

/** Sends one packet on the socket and waits for the reply. */
function exchange(sock: Socket<Client>, bytes: Uint8Array): Promise<Packet> {
  return new Promise<Packet>((resolve, reject) => {
    sock.data.waiting = { resolve, reject };
    send(sock, bytes);
  });
}

/**
 * Moves a kept connection's calls to a doorbell channel in our arena (docs/protocol.md). A peer
 * that declines (an ERROR reply), or an arena we cannot use, keeps the socket for good.
 */
async function openBell(sock: Socket<Client>): Promise<void> {
  const c = sock.data;
  let block: { relptr: bigint; bytes: Uint8Array };
  try {
    block = arenaOf().alloc(CHANNEL_SIZE);
  } catch {
    c.calls = -1;
    return;
  }
  Channel.reset(block.bytes);
  const requestId = nextRequest++;
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setBigUint64(0, block.relptr, true);
  const ack = await exchange(sock, encodePacket(packet({ kind: Kind.BELL, requestId, payload })));
  if (ack.kind === Kind.BELL && ack.status === Status.OK && ack.requestId === requestId) c.bell = new Channel(block.bytes, sock);
  else {
    c.calls = -1;
    arenaOf().release(block.relptr);
  }
}

/** One call over a doorbell channel: post the CALL, wait for the reply's ring, read it. */
async function bellCall(ch: Channel, bytes: Uint8Array): Promise<Packet> {
  const a = arenaOf();
  ch.post(a, bytes, REQ);
  await ch.wait(RESP, (Atomics.load(ch.words, REQ) - 1) | 0);
  return ch.take(a);
}

/** Calls manifold `mid` of pool `lang` with native arguments; resolves to the native result, rejects with a remote error. */
export async function foreignCall(lang: string, mid: number, args: unknown[], argSchemas: string[], retSchema: string): Promise<unknown> {
  const reply = await call(lang, mid, args.map((a, i) => dataPacket(a, argSchemas[i]!)));
  return valueOf(reply, retSchema);
}

// ------------------------------------------------------------------------------- server side

function errorText(e: unknown, mid: number, name: string): string {
  const label = name ? ` (${name})` : "";
  if (e instanceof MorlocError) return `${e.text}\n  called from ${LANG} manifold ${mid}${label}`;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : `Error: ${String(e)}`;
  return `${what}\n  raised in ${LANG} manifold ${mid}${label}`;
}

/** A CALL packet -> the bytes of its DATA or ERROR reply; never throws. */
export async function answerCall(manifolds: Map<number, ManifoldEntry>, p: Packet): Promise<Uint8Array> {
  const m = manifolds.get(p.callId);
  if (!m) return errorPacket(p.requestId, `no manifold ${p.callId} in the ${LANG} pool`);
  const [fn, argSchemas, retSchema, name] = m;
  try {
    const args: unknown[] = [];
    for (let at = 0; at < p.payload.length; ) {
      const [arg, next] = decodePacket(p.payload, at);
      at = next;
      if (args.length < argSchemas.length) args.push(valueOf(arg, argSchemas[args.length]!));
      else args.push(undefined);
    }
    if (args.length !== argSchemas.length) throw new TypeError(`manifold ${p.callId} takes ${argSchemas.length} arguments, got ${args.length}`);
    let result = fn(...args);
    if (result instanceof Promise || Array.isArray(result)) result = await settle(result); // a plain value needs no turn
    return dataPacket(result, retSchema, p.requestId);
  } catch (e) {
    return errorPacket(p.requestId, errorText(e, p.callId, name), e instanceof MorlocError ? e.status : FAIL);
  }
}

interface Server extends Out {
  reader: PacketReader;
  /** Set once the caller moved this connection to a doorbell channel. */
  bell?: Channel;
  /** Requests of one connection are answered in order, one at a time. */
  busy: Promise<void>;
}

async function answer(manifolds: Map<number, ManifoldEntry>, p: Packet): Promise<Uint8Array> {
  switch (p.kind) {
    case Kind.CALL:
      return answerCall(manifolds, p);
    case Kind.PING:
      return encodePacket(packet({ kind: Kind.PONG, requestId: p.requestId }));
    case Kind.SHUTDOWN:
      if (!hosted) exit(0);
    // falls through (exit does not return)
    default:
      // a BELL is declined this way too: the connection stays on the socket (docs/protocol.md)
      return errorPacket(p.requestId, `unexpected packet kind ${p.kind}`);
  }
}

function exit(code: number): never {
  try {
    arena?.close();
  } catch {
    // best effort: the nexus unlinks the run's segments anyway
  }
  process.exit(code);
}

/** Serves the manifolds on <run dir>/<lang>.sock: each connection's requests answered in order. */
function listen(manifolds: Map<number, ManifoldEntry>) {
  return Bun.listen<Server>({
    unix: `${runDir}/${LANG}.sock`,
    socket: {
      open(sock) {
        sock.data = { queue: [], reader: new PacketReader(), busy: Promise.resolve() };
      },
      data(sock, chunk) {
        let packets: Packet[];
        try {
          packets = sock.data.reader.push(chunk);
        } catch {
          sock.end(); // a malformed packet: drop the connection
          return;
        }
        for (const p of packets) {
          if (p.kind === Kind.BELL) sock.data.busy = sock.data.busy.then(() => acceptBell(sock, p, manifolds));
          else sock.data.busy = sock.data.busy.then(async () => send(sock, await answer(manifolds, p)));
        }
      },
      drain,
      close(sock) {
        sock.data.bell?.close(new Error("the caller closed the connection"));
      },
    },
  });
}

/**
 * A caller's BELL: answer OK and serve the connection from the channel from now on, or decline
 * with an ERROR (the connection stays on the socket).
 */
async function acceptBell(sock: Socket<Server>, p: Packet, manifolds: Map<number, ManifoldEntry>): Promise<void> {
  let ch: Channel;
  try {
    if (!SUPPORTED) throw new Error("this platform has no futex");
    if (p.payload.length !== 8) throw new Error("BELL payload must be one relptr");
    const relptr = new DataView(p.payload.buffer, p.payload.byteOffset, 8).getBigUint64(0, true);
    ch = new Channel(arenaOf().read(relptr), sock);
  } catch (e) {
    send(sock, errorPacket(p.requestId, `no doorbell: ${(e as Error).message}`));
    return;
  }
  sock.data.bell = ch;
  send(sock, encodePacket(packet({ kind: Kind.BELL, requestId: p.requestId })));
  // the socket carries nothing more but its close; a malformed message drops the connection
  serveChannel(ch, manifolds).catch(() => sock.end());
}

/** Answers a channel's requests in order until the caller's connection closes. */
async function serveChannel(ch: Channel, manifolds: Map<number, ManifoldEntry>): Promise<void> {
  const a = arenaOf();
  let seen = 0; // the caller zeroed the channel before it asked, and may post as soon as we ack
  for (;;) {
    try {
      await ch.wait(REQ, seen);
    } catch {
      return; // the caller is gone
    }
    seen = Atomics.load(ch.words, REQ);
    const p = ch.take(a);
    ch.post(a, await answer(manifolds, p), RESP);
  }
}

/** Runs the pool: listen on <run dir>/<lang>.sock, say READY to the nexus, exit when the nexus goes. */
export async function serve(table: Record<number, ManifoldEntry>): Promise<void> {
  const host = (globalThis as any)[IN_PROCESS];
  if (typeof host === "function") return host(inProcess(table));
  LANG = process.env.MORLOC_LANG || LANG;
  if (!runDir) {
    process.stderr.write("morloc pool: MORLOC_RUN_DIR is not set (pools are started by the nexus)\n");
    process.exit(2);
  }
  const manifolds = new Map(Object.entries(table).map(([k, v]) => [Number(k), v]));
  process.on("SIGTERM", () => exit(0));
  // Ctrl-C and a closed terminal reach the whole process group: the nexus decides, and ends us
  process.on("SIGINT", () => {});
  process.on("SIGHUP", () => {});
  const reader = new PacketReader(); // the nexus connection's
  try {
    listen(manifolds);
    await Bun.connect<Out>({
      unix: `${runDir}/nexus.sock`,
      data: { queue: [] },
      socket: {
        open(sock) {
          if (loadError === undefined) send(sock, encodePacket(packet({ kind: Kind.READY, metadata: utf8.encode(LANG) })));
          else {
            // the message is positioned already (the source statement), so no file of its own
            const report = JSON.stringify({ file: "", line: 0, message: loadError });
            send(sock, encodePacket(packet({ kind: Kind.ERROR, source: Source.INLINE, format: Format.JSON, status: Status.LOAD, metadata: utf8.encode(LANG), payload: utf8.encode(report) })));
          }
        },
        data(sock, chunk) {
          // the nexus only ever sends SHUTDOWN or PING on this connection
          for (const p of reader.push(chunk)) {
            if (p.kind === Kind.SHUTDOWN) exit(0);
            if (p.kind === Kind.PING) send(sock, encodePacket(packet({ kind: Kind.PONG, requestId: p.requestId })));
          }
        },
        drain,
        close: () => exit(loadError === undefined ? 0 : 3), // EOF: the nexus is gone
        error: () => exit(loadError === undefined ? 0 : 3),
      },
    });
  } catch (e) {
    process.stderr.write(`morloc pool: cannot start in ${runDir}: ${(e as Error).message}\n`);
    process.exit(3);
  }
}

// ------------------------------------------------------------------- inside the nexus process

/**
 * The key under which a nexus that runs a TypeScript-rooted command in its own process puts a
 * function before it imports this bundle (src/nexus/inprocess.ts); `serve` then hands it the
 * runtime below in place of starting a pool daemon.
 */
export const IN_PROCESS = Symbol.for("morloc.ts.inProcess");

/** The TypeScript runtime as the nexus drives it in its own process. */
export interface Hosted {
  /** The first sourced name found nowhere (the pool's ERROR LOAD), else undefined. */
  loadError: string | undefined;
  /** Use the nexus's run folder (sockets) and its arena (slot 0, opened on first use). */
  attach(runDir: string, arena: () => Arena): void;
  /** A CALL packet -> the bytes of its DATA or ERROR reply, exactly as the pool answers it. */
  call(p: Packet): Promise<Uint8Array>;
  /** Serve <run dir>/ts.sock for the other pools of the run (re-entrant calls into TypeScript). */
  listen(): void;
  /** Stop serving and close the kept connections to other pools. */
  close(): void;
}

function inProcess(table: Record<number, ManifoldEntry>): Hosted {
  hosted = true;
  const manifolds = new Map(Object.entries(table).map(([k, v]) => [Number(k), v]));
  let server: ReturnType<typeof listen> | null = null;
  return {
    get loadError() {
      return loadError;
    },
    attach(dir, a) {
      runDir = dir;
      LANG = "ts";
      hostArena = a;
    },
    call: (p) => answerCall(manifolds, p),
    listen() {
      server ??= listen(manifolds);
    },
    close() {
      server?.stop(true);
      server = null;
      for (const socks of idle.values()) for (const s of socks) s.end();
      idle.clear();
    },
  };
}

// ------------------------------------------------------------------------------ user functions

/**
 * The value called `name` (a dotted path such as `Math.sqrt` is allowed) from the first of
 * `modules` that exports its head, else from the global scope. A name found nowhere stops the
 * pool at start: serve sends the nexus an ERROR with status LOAD (docs/protocol.md) naming the
 * function, its files and `where` (file:line:col) in place of READY, and the pool exits 3.
 */
export function find(modules: { file: string; ns: Record<string, unknown> }[], name: string, where: string): any {
  const [head, ...rest] = name.split(".");
  const walk = (v: any): any => {
    for (const part of rest) {
      v = v?.[part];
      if (v === undefined) missing();
    }
    return v;
  };
  const missing = (): never => {
    const shown = modules.map((m) => m.file.slice(m.file.lastIndexOf("/") + 1)).join(" or ");
    const place = modules.length ? `neither exported by ${shown} nor a TypeScript global` : "not a TypeScript global";
    throw new LoadError(`${where ? `${where}: ` : ""}the TypeScript function '${name}' is ${place}`);
  };
  try {
    for (const m of modules) if (head! in m.ns) return walk(m.ns[head!]);
    if (head! in globalThis) return walk((globalThis as any)[head!]);
    return missing();
  } catch (e) {
    if (!(e instanceof LoadError)) throw e;
    loadError ??= e.message; // serve reports the first one to the nexus in place of READY
    return () => {
      throw e;
    };
  }
}

class LoadError extends Error {}
let loadError: string | undefined;

export { at, slice } from "./access";

// ------------------------------------------------------------------- Int as a `number` (opt-in)

const hasInts = new Map<string, boolean>();
const intsIn = (s: Schema): boolean =>
  s.kind === "int" || s.kind === "uint" || (s.kind === "list" && intsIn(s.elem)) || (s.kind === "optional" && intsIn(s.inner)) || ((s.kind === "tuple" || s.kind === "record") && s.items.some(intsIn));

/**
 * A decoded value with its integers as numbers, for a program that declares
 * `type TS => Int = "number"`. An integer a number cannot hold exactly is an error, never rounded.
 */
export function intsAsNumbers(v: unknown, schema: string): unknown {
  let any = hasInts.get(schema);
  if (any === undefined) hasInts.set(schema, (any = intsIn(schemaOf(schema))));
  if (!any) return v;
  const walk = (s: Schema, x: any, path: string): unknown => {
    switch (s.kind) {
      case "int":
      case "uint": {
        const n = Number(x);
        if (!Number.isSafeInteger(n)) throw new RangeError(`the integer ${x}${path ? ` at ${path}` : ""} is beyond what a TypeScript number holds exactly (2^53 - 1); declare Int as "bigint"`);
        return n;
      }
      case "list":
        return (x as unknown[]).map((e, k) => walk(s.elem, e, `${path}[${k}]`));
      case "tuple":
        return s.items.map((it, k) => walk(it, x[k], `${path}[${k}]`));
      case "record": {
        for (let k = 0; k < s.items.length; k++) x[s.keys[k]!] = walk(s.items[k]!, x[s.keys[k]!], `${path}.${s.keys[k]}`);
        return x;
      }
      case "optional":
        return x === null ? null : walk(s.inner, x, path);
      default:
        return x;
    }
  };
  return walk(schemaOf(schema), v, "");
}
