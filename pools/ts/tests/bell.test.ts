// The TypeScript doorbell (pools/ts/morloc/bell.ts): both sides of one channel in this process,
// a request and its reply through the slot, a wait that outlasts the polling and is ended by the
// sleeper thread's futex, messages larger than the slot (an arena block that the reader frees), a
// lost connection failing the pending wait, and MORLOC_BELL_AFTER read as the other pools read it.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { Arena } from "../../../shm";
import { encodePacket, Kind, packet } from "../../../src/nexus/packet";
import { Channel, CHANNEL_SIZE, REQ, RESP, SLOT } from "../morloc/bell";

const arena = Arena.create(`mlc-${process.pid}-${Math.random().toString(16).slice(2, 10)}`, 0);
afterAll(() => arena.close());

/** A fresh channel block, seen by the caller and (through its relptr, as a peer would) the callee. */
function pair(): [Channel, Channel] {
  const { relptr, bytes } = arena.alloc(CHANNEL_SIZE);
  Channel.reset(bytes);
  const socket = { write: () => 1 }; // neither side sleeps in poll() here, so no byte is sent
  return [new Channel(bytes, socket), new Channel(arena.read(relptr), socket)];
}
const call = (n: number, size = 8) => encodePacket(packet({ kind: Kind.CALL, callId: n, requestId: BigInt(n), payload: new Uint8Array(size).fill(n & 255) }));

test("a request and its reply go through the slot, and each side sees the other's ring", async () => {
  const [caller, callee] = pair();
  for (let i = 1; i <= 100; i++) {
    const served = callee.wait(REQ, i - 1);
    caller.post(arena, call(i), REQ);
    await served;
    const req = callee.take(arena);
    expect([req.callId, req.requestId, req.payload[0]]).toEqual([i, BigInt(i), i]);
    const replied = caller.wait(RESP, i - 1);
    callee.post(arena, encodePacket(packet({ kind: Kind.DATA, requestId: req.requestId })), RESP);
    await replied;
    expect(caller.take(arena).requestId).toBe(BigInt(i));
  }
});

test("a wait longer than the polling sleeps on the futex (sleep flag set) and ends once the peer rings", async () => {
  const [caller, callee] = pair();
  let done = false;
  const served = callee.wait(REQ, 0).then(() => (done = true));
  await Bun.sleep(50);
  expect(done).toBe(false);
  expect(Atomics.load(callee.words, 2)).toBe(1); // req_sleep: the sleeper thread is in the futex
  // How soon the ring wakes the sleeper is a figure for the bench (bench/ts.ts), not a test.
  caller.post(arena, call(7), REQ);
  await served;
  expect(callee.take(arena).callId).toBe(7);
  caller.close(new Error("test over"));
  callee.close(new Error("test over"));
});

test("messages larger than the slot travel in an arena block that the reader frees", async () => {
  const [caller, callee] = pair();
  for (const size of [SLOT - 32 - 1, SLOT - 32, SLOT - 32 + 1, 100_000]) {
    const msg = call(size % 200, size);
    expect(msg.length).toBe(size + 32);
    const served = callee.wait(REQ, Atomics.load(callee.words, REQ));
    caller.post(arena, msg, REQ);
    await served;
    const big = new DataView(callee.bytes.buffer, callee.bytes.byteOffset).getUint32(16, true) === 0xffffffff;
    expect(big).toBe(msg.length > SLOT);
    const relptr = new DataView(callee.bytes.buffer, callee.bytes.byteOffset).getBigUint64(24, true);
    const got = callee.take(arena);
    expect(got.payload.length).toBe(size);
    expect(got.payload.every((b) => b === size % 200)).toBe(true);
    if (big) expect(() => arena.release(relptr)).toThrow("not in use"); // the reader released it
  }
});

test("a lost connection fails the pending wait, and every later one", async () => {
  const [caller] = pair();
  const pending = caller.wait(RESP, 0);
  caller.close(new Error("connection closed by peer"));
  expect(pending).rejects.toThrow("connection closed by peer");
  expect(caller.wait(RESP, 0)).rejects.toThrow("connection closed by peer");
});

test("MORLOC_BELL_AFTER: default 16, 0 from the first call, negative never", () => {
  const after = (v: string | undefined) => {
    const env: Record<string, string | undefined> = { ...process.env, MORLOC_BELL_AFTER: v };
    if (v === undefined) delete env.MORLOC_BELL_AFTER;
    const r = Bun.spawnSync([process.execPath, "-e", `import { AFTER } from ${JSON.stringify(join(import.meta.dir, "../morloc/bell.ts"))}; console.log(AFTER)`], { env });
    return Number(r.stdout.toString());
  };
  expect([after(undefined), after("0"), after("-1"), after("5"), after("x")]).toEqual([16, 0, -1, 5, 16]);
});
