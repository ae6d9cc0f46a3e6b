// The doorbell (docs/protocol.md, "Doorbell channels") for the TypeScript runtime: a kept
// connection's calls move into one arena block shared with the peer; each side writes a packet into
// the block's slot and bumps a sequence word (Atomics on the mapped block), and the other side
// polls that word briefly before it sleeps.
//
// Bun runs our code on one thread, and that thread must not block for long: while a call waits,
// the event loop serves other connections (a re-entrant C++ → TS → C++ → TS chain). So the main
// thread polls, for a bounded time (MORLOC_BELL_SPIN_US, adaptive as in pools/cpp/morloc/bell.hpp),
// every word that some call or channel waits on at once. Past that, a wait that is alone sleeps on
// its futex on the main thread in naps of 100 µs to 1 ms with the event loop run between them, so
// the peer's ring wakes this very thread (the common warm case: one caller, or one call out); a
// wait idle for 5 ms, or several at once, sleep in a small worker thread per channel (bun:ffi
// syscall), which posts a message back when its futex returns. A warm call thus costs no system
// call when both sides hold a core, and an idle channel costs nothing.
import { dlopen, FFIType, ptr } from "bun:ffi";
import type { Arena } from "../../../shm";
import { decodePacket, type Packet } from "../../../src/nexus/packet";

export const CHANNEL_SIZE = 16384, CONTROL = 64, SLOT = CHANNEL_SIZE - CONTROL;
const BIG = 0xffffffff; // `len` of a message that sits in its own arena block
// the control words as Int32 indices, and the byte offsets of the big message's relptr and length
export const REQ = 0, RESP = 1;
const LEN = 4, BIG_RELPTR = 24, BIG_LEN = 32;
const sleepFlag = (word: number) => word + 2; // req_sleep, resp_sleep

const SYS_FUTEX = process.platform === "linux" ? ({ x64: 202, arm64: 98 } as Record<string, number>)[process.arch] : undefined;
const FUTEX_WAIT = 0, FUTEX_WAKE = 1;
// sleep-flag values: the waiter sleeps on the futex, or in poll() on its socket (the R pool, whose
// single thread waits on all its connections: it is woken by one byte on the connection)
const SLEEP_POLL = 2;
const NUDGE = new Uint8Array(1);
/** Whether this platform has the futex the channel sleeps on (else connections stay on the socket). */
export const SUPPORTED = SYS_FUTEX !== undefined;

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  const n = v ? Number(v) : NaN;
  return Number.isInteger(n) ? n : fallback;
}

/** Calls over a connection before it moves to a channel (negative: never; 0: from the first call). */
export const AFTER = SYS_FUTEX === undefined ? -1 : envInt("MORLOC_BELL_AFTER", 16);
const SPIN_NS = envInt("MORLOC_BELL_SPIN_US", 50) * 1000;
/** Pools whose servers answer BELL. */
export const BELL_PEERS = new Set(["py", "cpp", "ts", "r"]);

// libc is loaded with the first channel: a pool that never gets one starts without it
let libc: { syscall: (...a: any[]) => any; sched_yield: () => number } | null = null;
function sys() {
  libc ??= dlopen("libc.so.6", {
    syscall: { args: [FFIType.i64, FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i64 },
    sched_yield: { args: [], returns: FFIType.i32 },
  }).symbols as any;
  return libc!;
}

/** One channel block, seen from either side. */
export class Channel {
  readonly words: Int32Array;
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  private readonly addr: number;
  /** The call or the serving loop waiting on this channel now (one at a time per channel). */
  waiting: Wait | null = null;
  private sleeper: Sleeper | null = null;
  /** Set when the connection closed: every later wait fails with it. */
  lost: Error | null = null;

  /** `socket` is the channel's connection, which carries the byte that wakes a peer asleep in poll(). */
  constructor(block: Uint8Array, private readonly socket: { write(b: Uint8Array): number }) {
    if (block.length < CHANNEL_SIZE || block.byteOffset % 8 !== 0) throw new Error("the channel block is too small or misaligned");
    this.bytes = block.subarray(0, CHANNEL_SIZE);
    this.words = new Int32Array(block.buffer, block.byteOffset, CONTROL / 4);
    this.dv = new DataView(block.buffer, block.byteOffset, CONTROL);
    this.addr = ptr(this.words);
    sys();
  }

  static reset(block: Uint8Array): void {
    block.fill(0, 0, CONTROL);
  }

  /** Writes a message (one packet's bytes) and rings `word` (REQ or RESP). */
  post(arena: Arena, msg: Uint8Array, word: number): void {
    if (msg.length <= SLOT) {
      this.bytes.set(msg, CONTROL);
      Atomics.store(this.words, LEN, msg.length);
    } else {
      // larger than the slot: the message goes in an arena block of ours that the reader frees
      const { relptr, bytes } = arena.alloc(msg.length);
      bytes.set(msg);
      this.dv.setBigUint64(BIG_RELPTR, relptr, true);
      this.dv.setBigUint64(BIG_LEN, BigInt(msg.length), true);
      Atomics.store(this.words, LEN, BIG | 0);
    }
    Atomics.add(this.words, word, 1);
    const how = Atomics.load(this.words, sleepFlag(word));
    if (how === SLEEP_POLL) this.socket.write(NUDGE); // the peer reads and drops it
    else if (how !== 0) sys().syscall(SYS_FUTEX!, this.addr + word * 4, FUTEX_WAKE, 0x7fffffff, null, null, 0);
  }

  /** Reads the message the peer posted. */
  take(arena: Arena): Packet {
    const n = Atomics.load(this.words, LEN) >>> 0;
    if (n !== BIG) {
      if (n > SLOT) throw new Error(`doorbell message of ${n} bytes overruns the slot`);
      // a copy: the slot is written again by the next message while this one's payload is in use
      return decodePacket(this.bytes.slice(CONTROL, CONTROL + n), 0)[0];
    }
    const relptr = this.dv.getBigUint64(BIG_RELPTR, true);
    const len = Number(this.dv.getBigUint64(BIG_LEN, true));
    try {
      return decodePacket(arena.read(relptr, len).slice(), 0)[0];
    } finally {
      arena.release(relptr); // the reader frees, even when the packet is malformed
    }
  }

  /** Waits until `word` is no longer `seen`; rejects when the connection is lost meanwhile. */
  wait(word: number, seen: number): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    if (Atomics.load(this.words, word) !== seen) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const w: Wait = { ch: this, word, seen, resolve, reject, token: 0 };
      this.waiting = w;
      waits.add(w);
      schedule();
    });
  }

  /** The connection closed: the pending wait fails, and the sleeper thread ends. */
  close(e: Error): void {
    this.lost ??= e;
    const w = this.waiting;
    if (w) settle(w, e);
    this.sleeper?.stop();
    this.sleeper = null;
  }

  /**
   * Hands a wait that polling did not end to this channel's sleeper thread: set the sleep flag,
   * re-check, then the thread sleeps on the futex for `ns` and reports back (see woke).
   */
  sleep(w: Wait, ns = 1_000_000): void {
    Atomics.store(this.words, sleepFlag(w.word), 1);
    if (Atomics.load(this.words, w.word) !== w.seen) return settle(w);
    this.sleeper ??= new Sleeper(this);
    w.ns = ns;
    w.token = this.sleeper.wait(this.addr + w.word * 4, w.seen, ns);
  }

  /** Sleeps on `w`'s word on this thread for at most `ns`; true when the word moved. */
  nap(w: Wait, ns: number): boolean {
    const flag = sleepFlag(w.word);
    Atomics.store(this.words, flag, 1);
    if (Atomics.load(this.words, w.word) === w.seen) {
      timespec[0] = 0n;
      timespec[1] = BigInt(ns);
      sys().syscall(SYS_FUTEX!, this.addr + w.word * 4, FUTEX_WAIT, w.seen, ptr(timespec), null, 0);
    }
    Atomics.store(this.words, flag, 0);
    return Atomics.load(this.words, w.word) !== w.seen;
  }

  /** The sleeper's futex returned: the wait ends if its word moved, else sleeps again, longer. */
  woke(token: number): void {
    const w = this.waiting;
    if (!w || w.token !== token || !waits.has(w)) return; // ended meanwhile by polling or a close
    if (Atomics.load(this.words, w.word) !== w.seen) {
      budget = budget >= 2000 ? budget / 2 : 0; // this wait ended in sleep: poll less next time
      settle(w);
    } else this.sleep(w, Math.min(w.ns * 2, 64_000_000)); // 1 ms doubling to 64 ms: a lost wake-up costs little
  }
}

interface Wait {
  ch: Channel;
  word: number;
  seen: number;
  resolve(): void;
  reject(e: Error): void;
  /** Non-zero while the channel's sleeper waits for it, for `ns`. */
  token: number;
  ns?: number;
  /** Naps taken on the main thread so far, and their total length (ns). */
  naps?: number;
  napped?: number;
}

const waits = new Set<Wait>();
let budget = SPIN_NS;
let turns = 0;
let scheduled = false;

function settle(w: Wait, e?: Error): void {
  waits.delete(w);
  if (w.token !== 0 && !w.ch.lost) Atomics.store(w.ch.words, sleepFlag(w.word), 0);
  if (w.ch.waiting === w) w.ch.waiting = null;
  if (e) w.reject(e);
  else w.resolve();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(poll);
}

/** Ends every wait whose word moved; true when any did. */
function fire(): boolean {
  let any = false;
  for (const w of waits) {
    if (Atomics.load(w.ch.words, w.word) !== w.seen) {
      settle(w);
      any = true;
    }
  }
  return any;
}

/**
 * Polls every pending wait for up to the budget. When one ends, its continuation runs next (and
 * usually waits again, polling anew); the others are polled again after this turn of the loop.
 * When none ends in time, each goes to its channel's sleeper, and the event loop is free.
 */
function poll(): void {
  scheduled = false;
  if (waits.size === 0) return;
  const rest = () => {
    budget = SPIN_NS;
    if (waits.size > 0) setImmediate(schedule);
  };
  if (fire()) return rest();
  const b = ++turns % 64 === 0 ? SPIN_NS : budget; // every 64th wait polls fully, to notice free cores
  if (b > 0) {
    const start = Bun.nanoseconds();
    for (let now = start; now - start < b; ) {
      for (let i = 0; i < 16; i++) if (fire()) return rest();
      now = Bun.nanoseconds();
      if (now - start > 2000) {
        sys().sched_yield();
        const after = Bun.nanoseconds();
        if (after - now > 20000) break; // the core went to someone else: cores are busy, so sleep
        now = after;
      }
    }
  }
  // One wait alone (a pool serving one caller, or one call out with nothing to serve): sleep on
  // its futex right here, briefly, so that the peer's ring wakes this very thread; between naps
  // the event loop runs (other connections are served late by at most a nap). A wait that stays
  // idle past MAIN_SLEEP_NS, or several waits at once (re-entrant chains), go to the sleepers.
  if (waits.size === 1) {
    const w = waits.values().next().value!;
    if (w.token === 0 && (w.napped ?? 0) < MAIN_SLEEP_NS) return nap(w);
  }
  for (const w of waits) if (w.token === 0) w.ch.sleep(w);
}

const MAIN_SLEEP_NS = 5_000_000;
const timespec = new BigInt64Array(2);

function nap(w: Wait): void {
  const ns = Math.min(100_000 << Math.min(w.naps ?? 0, 4), 1_000_000); // 100 µs doubling to 1 ms
  w.naps = (w.naps ?? 0) + 1;
  w.napped = (w.napped ?? 0) + ns;
  if (w.ch.nap(w, ns)) {
    budget = budget >= 2000 ? budget / 2 : 0; // this wait ended in sleep: poll less next time
    settle(w);
    return;
  }
  setImmediate(schedule);
}

// --------------------------------------------------------------------------------- sleepers

/**
 * The sleeper thread's code: one futex wait on the word's address while it still holds `seen`
 * (the kernel compares), for at most `ns`, then the token goes back. It never reads the mapping
 * itself, so a block unmapped meanwhile (the run ending) costs it an EFAULT, never a crash.
 */
const SLEEPER_SOURCE = `
import { dlopen, FFIType, ptr } from "bun:ffi";
const { symbols: c } = dlopen("libc.so.6", {
  syscall: { args: [FFIType.i64, FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i64 },
});
const ts = new BigInt64Array(2);
self.onmessage = ({ data }) => {
  const { nr, addr, seen, ns, token } = data;
  ts[0] = BigInt(Math.floor(ns / 1e9)); ts[1] = BigInt(ns % 1e9);
  c.syscall(nr, addr, 0, seen, ptr(ts), null, 0);
  postMessage(token);
};`;

let sleeperUrl: string | null = null;
let nextToken = 1;

class Sleeper {
  private worker: Worker;

  constructor(owner: Channel) {
    sleeperUrl ??= URL.createObjectURL(new Blob([SLEEPER_SOURCE], { type: "application/javascript" }));
    this.worker = new Worker(sleeperUrl);
    this.worker.unref(); // a sleeping channel never keeps the process alive
    this.worker.onmessage = (e) => owner.woke(e.data as number);
  }

  wait(addr: number, seen: number, ns: number): number {
    const token = nextToken++;
    this.worker.postMessage({ nr: SYS_FUTEX, addr, seen, ns, token });
    return token;
  }

  stop(): void {
    this.worker.terminate(); // a futex it sleeps in ends by its timeout
  }
}
