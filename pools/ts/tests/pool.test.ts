// The TypeScript pool runtime (pools/ts/morloc/pool.ts): values in DATA packets against the shared
// vectors (tests/vectors), a CALL answered with its result or its error chain, and a pool process
// served end to end over its socket, with a value large enough to travel through the arena.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeValue, parseSchema } from "../../../shm";
import { callPacket, decodePacket, encodePacket, Kind, packet, PacketReader, textOf, type Packet } from "../../../src/nexus/packet";
import { fromJsonish } from "../../../tests/vectors/jsonish";
import { answerCall, dataPacket, MorlocError, settle, valueOf, type ManifoldEntry } from "../morloc/pool";

const vectors = resolve(import.meta.dir, "../../../tests/vectors");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

test("inline DATA packets of the shared vectors decode, and encode to the same bytes", async () => {
  const { packets } = await Bun.file(join(vectors, "packets.json")).json();
  // (data-reply-str carries bytes that are opaque to the packet layer, not a value)
  const data = packets.filter((p: any) => p.kind === Kind.DATA && p.source === 0 && p.name !== "data-reply-str");
  expect(data.length).toBeGreaterThan(0);
  for (const p of data) {
    const [pkt] = decodePacket(unhex(p.packet_hex));
    const schema = Buffer.from(p.metadata_hex, "hex").toString();
    const v = valueOf(pkt, schema);
    expect(hex(dataPacket(v, schema, pkt.requestId))).toBe(p.packet_hex);
  }
});

test("every value vector crosses in a DATA packet and comes back equal", async () => {
  const values = await Bun.file(join(vectors, "values.json")).json();
  for (const v of values) {
    const native = fromJsonish(parseSchema(v.schema), v.value);
    const [pkt] = decodePacket(dataPacket(native, v.schema));
    expect(hex(pkt.payload)).toBe(v.hex);
    expect(valueOf(pkt, v.schema)).toEqual(native);
  }
});

test("an ERROR packet becomes a MorlocError holding its text", () => {
  const err = encodePacket(packet({ kind: Kind.ERROR, source: 0, format: 4, status: 1, payload: new TextEncoder().encode("boom\n  raised in py manifold 2") }));
  expect(() => valueOf(decodePacket(err)[0], "i8")).toThrow(MorlocError);
});

const call = (id: number, args: [unknown, string][]) => callPacket(id, 9n, args.map(([v, s]) => dataPacket(v, s)));
const manifolds = new Map<number, ManifoldEntry>([
  [1, [async (x: bigint, y: bigint) => x + y, ["i8", "i8"], "i8", "add"]],
  [2, [(x: number) => { throw new RangeError(`bad ${x}`); }, ["f8"], "f8", "check"]],
  [3, [() => { throw new MorlocError("ZeroDivisionError: x\n  raised in py manifold 7 (inv)"); }, [], "f8", "outer"]],
  [4, [(xs: bigint[]) => xs.map(async (x) => x * 2n), ["ai8"], "ai8", ""]],
  [5, [() => 2 ** 70, [], "i8", "huge"]],
  [6, [() => { throw new MorlocError("lost the connection to the py pool during a call of manifold 7", 2); }, [], "f8", "lost"]],
]);

test("a CALL is answered with its result; async functions and arrays of promises are awaited", async () => {
  const r = decodePacket(await answerCall(manifolds, call(1, [[2n, "i8"], [40n, "i8"]])))[0];
  expect(r.requestId).toBe(9n);
  expect(valueOf(r, "i8")).toBe(42n);
  expect(valueOf(decodePacket(await answerCall(manifolds, call(4, [[[1n, 2n], "ai8"]])))[0], "ai8")).toEqual([2n, 4n]);
  expect(await settle(Promise.resolve([Promise.resolve(1), [Promise.resolve(2)]]))).toEqual([1, [2]]);
});

test("errors: raised here, passed on with one more hop, bad calls, and an Int that does not fit", async () => {
  const text = async (p: Packet) => {
    const r = decodePacket(await answerCall(manifolds, p))[0];
    expect(r.kind).toBe(Kind.ERROR);
    return textOf(r);
  };
  expect(await text(call(2, [[1.5, "f8"]]))).toBe("RangeError: bad 1.5\n  raised in ts manifold 2 (check)");
  expect(await text(call(3, []))).toBe("ZeroDivisionError: x\n  raised in py manifold 7 (inv)\n  called from ts manifold 3 (outer)");
  expect(await text(call(1, [[1n, "i8"]]))).toContain("manifold 1 takes 2 arguments, got 1");
  expect(await text(call(99, []))).toBe("no manifold 99 in the ts pool");
  expect(await text(call(5, []))).toContain("out of range");
  // a lost pool keeps its status through every hop (the nexus reports a crash, not a raise)
  const lost = decodePacket(await answerCall(manifolds, call(6, [])))[0];
  expect([lost.kind, lost.status]).toEqual([Kind.ERROR, 2]);
  expect(textOf(lost)).toContain("called from ts manifold 6 (lost)");
  expect(decodePacket(await answerCall(manifolds, call(2, [[1, "f8"]])))[0].status).toBe(1);
});

// A real pool process: a stand-in nexus listens on nexus.sock, the pool says READY, and calls
// arrive on ts.sock. The large list travels as an arena DATA packet both ways.
const run = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), "mlc-tstest-"));
afterAll(() => rmSync(run, { recursive: true, force: true }));

test("a pool process serves calls over its socket, large values through the arena", async () => {
  const script = join(run, "pool.ts");
  await Bun.write(script, `import { serve } from ${JSON.stringify(resolve(import.meta.dir, "../morloc/pool.ts"))};
await serve({ 1: [async (xs: number[]) => xs.map((x) => x * 2), ["af8"], "af8", "double"] });\n`);
  let ready: (lang: string) => void;
  const isReady = new Promise<string>((r) => (ready = r));
  const nexusReader = new PacketReader();
  const nexus = Bun.listen({
    unix: join(run, "nexus.sock"),
    socket: { data(_s, chunk) { for (const p of nexusReader.push(chunk)) if (p.kind === Kind.READY) ready(new TextDecoder().decode(p.metadata)); } },
  });
  const prefix = `mlc-tstest-${process.pid}`;
  const proc = Bun.spawn([process.execPath, script], { env: { ...process.env, MORLOC_RUN_DIR: run, MORLOC_LANG: "ts", MORLOC_ARENA: prefix, MORLOC_SLOT: "1" }, stderr: "inherit" });
  try {
    expect(await isReady).toBe("ts");
    // this process reads the reply's arena block as the nexus would (slot 0 of the same run)
    process.env.MORLOC_ARENA = prefix;
    process.env.MORLOC_SLOT = "0";
    const xs = Array.from({ length: 20000 }, (_, i) => i + 0.5); // 160 kB: more than an inline packet holds
    const replies = new PacketReader();
    let got: (p: Packet) => void;
    const reply = new Promise<Packet>((r) => (got = r));
    const sock = await Bun.connect({ unix: join(run, "ts.sock"), socket: { data(_s, chunk) { for (const p of replies.push(chunk)) got(p); } } });
    // the argument goes inline in pieces the pool must reassemble (the packet is larger than one read)
    sock.write(encodePacket(callPacket(1, 5n, [encodePacket(packet({ kind: Kind.DATA, source: 0, format: 3, metadata: new TextEncoder().encode("af8"), payload: encodeValue(parseSchema("af8"), xs) }))])));
    const r = await reply;
    expect(r.kind).toBe(Kind.DATA);
    expect(r.source).toBe(1); // ARENA
    expect(r.requestId).toBe(5n);
    expect(valueOf(r, "af8")).toEqual(xs.map((x) => x * 2));
    sock.end();
  } finally {
    proc.kill();
    await proc.exited;
    nexus.stop(true);
  }
}, 30_000);
