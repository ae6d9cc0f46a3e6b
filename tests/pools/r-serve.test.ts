// The R pool daemon (pools/r/morloc.R) against a fake nexus and a fake Python pool written here:
// READY, PING, calls, R errors as ERROR replies, a re-entrant call (R -> "py" -> R while R waits),
// two calls in flight at once, a big result through the arena, a doorbell channel (the TypeScript
// runtime's, as a C++ or Python caller would use it), signals, and exit when the nexus goes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { Arena, decodeValue, encodeValue, parseSchema } from "../../shm";
import { callPacket, encodePacket, Format, Kind, packet, PacketReader, schemaBytes, Source, textOf, type Packet } from "../../src/nexus/packet";
import { bunHost } from "../../src/build/host";
import { Channel, CHANNEL_SIZE, REQ, RESP, SLOT } from "../../pools/ts/morloc/bell";
import { buildRRuntime } from "../../src/build/r";

const root = resolve(import.meta.dir, "../..");
const hasR = Bun.spawnSync(["sh", "-c", "command -v Rscript"]).exitCode === 0;
const run = mkdtempSync(join(tmpdir(), "mlc-rserve-"));
const prefix = `mlc-${process.pid}-rserve${Math.floor(Math.random() * 1e6)}`;

const data = (schema: string, v: unknown, requestId = 0n) =>
  packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, requestId, metadata: schemaBytes(schema), payload: encodeValue(parseSchema(schema), v) });

/** A client connection that sends one packet and waits for the one reply. */
async function connect(path: string) {
  const reader = new PacketReader();
  let waiting: ((p: Packet) => void) | null = null;
  let onClose: () => void;
  const closed = new Promise<void>((res) => (onClose = res));
  const sock = await Bun.connect({
    unix: path,
    socket: { data(_s, chunk) { for (const p of reader.push(chunk)) waiting?.(p); }, close() { onClose(); } },
  });
  return {
    sock,
    closed,
    ask(p: Packet): Promise<Packet> {
      const reply = new Promise<Packet>((res) => (waiting = res));
      sock.write(encodePacket(p));
      return reply;
    },
    close: () => sock.end(),
  };
}

let pool: Subprocess | null = null;
let ready: Promise<Packet>;
let nexusConn: { end(): void; write(b: Uint8Array): number } | null = null;
const servers: { stop(): void }[] = [];
let rid = 100n;

const POOL = `
.morloc <- new.env()
sys.source(${JSON.stringify(join(root, "pools/r/morloc.R"))}, envir = .morloc)
.morloc$mlr_init(".")
.m1 <- function(x) x * 2
.m2 <- function(x) .morloc$foreign_call("py", 5L, list(x), c("f8"), "f8") + 1
.m3 <- function(x) stop("boom ", x)
.m4 <- function(n) as.numeric(seq_len(n))
.m5 <- function(xs) sum(xs)
.morloc$serve(list(
  list(id = 1L, fn = .m1, args = c("f8"), ret = "f8", name = "double"),
  list(id = 2L, fn = .m2, args = c("f8"), ret = "f8", name = "viaPy"),
  list(id = 3L, fn = .m3, args = c("i8"), ret = "f8", name = "fail"),
  list(id = 4L, fn = .m4, args = c("i8"), ret = "af8", name = "range"),
  list(id = 5L, fn = .m5, args = c("af8"), ret = "f8", name = "total")))
`;

beforeAll(async () => {
  if (!hasR) return;
  const dir = join(root, "pools/r/src");
  const sources = readdirSync(dir).filter((f) => /\.(c|h)$/.test(f)).map((name) => ({ name, contents: new Uint8Array(readFileSync(join(dir, name))) }));
  // its own folder: the file must be called morloc_r.so (R names the DLL, and its init, by it)
  mkdirSync(join(root, "tests/.tmp/r-serve"), { recursive: true });
  const so = join(root, "tests/.tmp/r-serve/morloc_r.so");
  await buildRRuntime(bunHost(null), sources, so);
  writeFileSync(join(run, "pool.R"), POOL);

  let onReady: (p: Packet) => void;
  ready = new Promise((res) => (onReady = res));
  const nexusReader = new PacketReader();
  servers.push(Bun.listen({
    unix: join(run, "nexus.sock"),
    socket: {
      open(s) { nexusConn = s; },
      data(s, chunk) {
        for (const p of nexusReader.push(chunk)) {
          if (p.kind === Kind.READY) onReady(p);
          if (p.kind === Kind.PONG) pong?.(p);
        }
      },
    },
  }));
  // the fake Python pool: manifold 5 calls R's manifold 1 back, then adds 0.5
  const pyReaders = new Map<unknown, PacketReader>();
  servers.push(Bun.listen({
    unix: join(run, "py.sock"),
    socket: {
      open(s) { pyReaders.set(s, new PacketReader()); },
      async data(s, chunk) {
        for (const p of pyReaders.get(s)!.push(chunk)) {
          const [arg] = [decodeValue(parseSchema("f8"), p.payload.subarray(32 + 2))];
          const r = await connect(join(run, "r.sock"));
          const back = await r.ask(callPacket(1, 7n, [encodePacket(data("f8", arg))]));
          r.close();
          const y = decodeValue(parseSchema("f8"), back.payload) as number;
          s.write(encodePacket(data("f8", y + 0.5, p.requestId)));
        }
      },
    },
  }));
  pool = Bun.spawn(["Rscript", join(run, "pool.R")], {
    cwd: run,
    env: { ...process.env, MORLOC_RUN_DIR: run, MORLOC_LANG: "r", MORLOC_ARENA: prefix, MORLOC_SLOT: "2", MORLOC_R_SO: so },
    stdout: "inherit", stderr: "inherit",
  });
}, 120_000);

let pong: ((p: Packet) => void) | null = null;

afterAll(() => {
  pool?.kill();
  servers.forEach((s) => s.stop());
  rmSync(run, { recursive: true, force: true });
});

const call = async (mid: number, schema: string, v: unknown) => {
  const c = await connect(join(run, "r.sock"));
  try {
    return await c.ask(callPacket(mid, ++rid, [encodePacket(data(schema, v))]));
  } finally {
    c.close();
  }
};

if (!hasR) {
  test.skip("R pool daemon tests (Rscript is not installed)", () => {});
} else {
  test("READY names the language; PING on the nexus connection gets PONG", async () => {
    const r = await ready;
    expect(new TextDecoder().decode(r.metadata)).toBe("r");
    const got = new Promise<Packet>((res) => (pong = res));
    nexusConn!.write(encodePacket(packet({ kind: Kind.PING, requestId: 42n })));
    expect((await got).requestId).toBe(42n);
  }, 30_000);

  test("a call, and its request id in the reply", async () => {
    const reply = await call(1, "f8", 21);
    expect(reply.kind).toBe(Kind.DATA);
    expect(reply.requestId).toBe(rid);
    expect(decodeValue(parseSchema("f8"), reply.payload)).toBe(42);
  });

  test("re-entrant: R waits on py, which calls R back; two such calls in flight at once", async () => {
    const [a, b] = await Promise.all([call(2, "f8", 3), call(2, "f8", 10)]);
    expect(decodeValue(parseSchema("f8"), a.payload)).toBe(7.5);
    expect(decodeValue(parseSchema("f8"), b.payload)).toBe(21.5);
  }, 30_000);

  test("an R error is an ERROR reply with R's message and the manifold", async () => {
    const reply = await call(3, "i8", 7n);
    expect(reply.kind).toBe(Kind.ERROR);
    expect(textOf(reply)).toBe("Error: boom 7\n  raised in r manifold 3 (fail)");
    const none = await call(9, "i8", 1n);
    expect(textOf(none)).toContain("no manifold 9 in the r pool");
  });

  test("a big result goes through the arena; the consumer releases it", async () => {
    const reply = await call(4, "i8", 20000n);
    expect(reply.source).toBe(Source.ARENA);
    const dv = new DataView(reply.payload.buffer, reply.payload.byteOffset);
    const relptr = dv.getBigUint64(0, true);
    const arena = Arena.create(prefix, 0);
    try {
      const xs = decodeValue(parseSchema("af8"), arena.read(relptr, Number(dv.getBigUint64(8, true)))) as number[];
      expect(xs.length).toBe(20000);
      expect(xs[19999]).toBe(20000);
      arena.release(relptr);
    } finally {
      arena.close();
    }
  }, 30_000);

  test("a doorbell channel: BELL, calls, PING, an R error, messages larger than the slot both ways, re-entrancy, R asleep in poll() (flag 2) woken by a byte, a malformed message", async () => {
    const arena = Arena.create(prefix, 0);
    const c = await connect(join(run, "r.sock"));
    try {
      const block = arena.alloc(CHANNEL_SIZE);
      Channel.reset(block.bytes);
      const relptr = new Uint8Array(8);
      new DataView(relptr.buffer).setBigUint64(0, block.relptr, true);
      const ack = await c.ask(packet({ kind: Kind.BELL, requestId: ++rid, payload: relptr }));
      expect([ack.kind, ack.status, ack.requestId]).toEqual([Kind.BELL, 0, rid]);
      const ch = new Channel(block.bytes, c.sock);
      const ask = async (p: Packet) => {
        ch.post(arena, encodePacket(p), REQ);
        await ch.wait(RESP, (Atomics.load(ch.words, REQ) - 1) | 0);
        return ch.take(arena);
      };
      const value = (p: Packet, schema: string) => decodeValue(parseSchema(schema), p.payload);
      for (let i = 0; i < 40; i++) {
        const r = await ask(callPacket(1, ++rid, [encodePacket(data("f8", i + 0.5))]));
        expect([r.kind, r.requestId, value(r, "f8")]).toEqual([Kind.DATA, rid, 2 * i + 1]);
      }
      const pong = await ask(packet({ kind: Kind.PING, requestId: 77n }));
      expect([pong.kind, pong.requestId]).toEqual([Kind.PONG, 77n]);
      const err = await ask(callPacket(3, ++rid, [encodePacket(data("i8", 7n))]));
      expect([err.kind, textOf(err)]).toEqual([Kind.ERROR, "Error: boom 7\n  raised in r manifold 3 (fail)"]);
      // a reply larger than the slot comes in an arena block of R's (the reader, here, frees it)
      const big = await ask(callPacket(4, ++rid, [encodePacket(data("i8", 5000n))]));
      const xs = value(big, "af8") as number[];
      expect(big.payload.length).toBeGreaterThan(SLOT);
      expect([xs.length, xs[0], xs[4999]]).toEqual([5000, 1, 5000]);
      // a request larger than the slot goes in one of ours, which R frees
      const ys = Array.from({ length: 4000 }, (_, i) => i);
      const sum = await ask(callPacket(5, ++rid, [encodePacket(data("af8", ys))]));
      expect(value(sum, "f8")).toBe((3999 * 4000) / 2);
      // R serves the fake Python pool's call back on another connection while this channel is busy
      const again = await ask(callPacket(2, ++rid, [encodePacket(data("f8", 3))]));
      expect(value(again, "f8")).toBe(7.5);
      // idle, R sleeps in poll() with the flag at 2; our post then sends the byte that wakes it
      await Bun.sleep(300);
      expect(Atomics.load(ch.words, 2)).toBe(2);
      const woken = await ask(callPacket(1, ++rid, [encodePacket(data("f8", 4))]));
      expect(value(woken, "f8")).toBe(8);
      // a message claiming more than the slot: R drops the connection, as on the socket, and lives
      new DataView(block.bytes.buffer, block.bytes.byteOffset).setUint32(16, SLOT + 1, true);
      Atomics.add(ch.words, REQ, 1);
      if (Atomics.load(ch.words, 2) === 2) c.sock.write(new Uint8Array(1));
      await c.closed;
      const after = await call(1, "f8", 1.5);
      expect(value(after, "f8")).toBe(3);
    } finally {
      c.close();
      arena.close();
    }
  }, 30_000);

  test("SIGINT and SIGHUP are left to the nexus: the pool keeps serving", async () => {
    pool!.kill("SIGINT");
    pool!.kill("SIGHUP");
    await Bun.sleep(100);
    const reply = await call(1, "f8", 0.25);
    expect(decodeValue(parseSchema("f8"), reply.payload)).toBe(0.5);
  });

  test("the pool exits when the nexus connection closes, unlinking its arena volumes", async () => {
    nexusConn!.end();
    const code = await Promise.race([pool!.exited, Bun.sleep(10_000).then(() => "timeout")]);
    expect(code).toBe(0);
    expect(readdirSync("/dev/shm").filter((n) => n.startsWith(prefix))).toEqual([]);
  }, 30_000);
}
