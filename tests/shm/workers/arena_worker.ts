// Bun side of the arena concurrency test (tests/shm/concurrency.test.ts); the protocol is the same in
// arena_worker.py and pools/cpp/tests/arena_worker.cpp:
//   arena_worker PREFIX SLOT DIR N PEERS(comma-separated slots)
// N times: allocate a block of random size, stamp its relptr in its first and last 8 bytes, then either
// send it to a random peer (a line in DIR/<me>-<peer>) or keep it and release a random held block
// after checking its stamp. Every 128 steps, read DIR/<peer>-<me> and release (after the stamp check)
// what peers sent. At the end: write "end" to every peer, keep 5 blocks (listed in DIR/kept-<me>),
// drain the peers until they all ended, print "done <errors>", and close when stdin closes.
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { Arena } from "../../../shm";

const [prefix, slotText, dir, nText, peersText] = process.argv.slice(2);
const slot = Number(slotText), N = Number(nText);
const peers = peersText!.split(",").map(Number).filter((p) => p !== slot);
const arena = Arena.create(prefix!, slot);
let errors = 0;
let seed = slot * 7919 + 1;
const rand = (n: number) => {
  seed ^= seed << 13; // xorshift32: deterministic and cheap
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

const out = new Map(peers.map((p) => [p, { fd: openSync(`${dir}/${slot}-${p}`, "a"), lines: [] as string[] }]));
const inc = peers.map((p) => ({ path: `${dir}/${p}-${slot}`, fd: -1, pos: 0, rest: "", ended: false }));

function stampOk(relptr: bigint): boolean {
  const b = arena.read(relptr);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return b.length >= 16 && dv.getBigUint64(0, true) === relptr && dv.getBigUint64(b.length - 8, true) === relptr;
}

function release(relptr: bigint): void {
  try {
    if (!stampOk(relptr)) errors++;
    arena.release(relptr);
  } catch (e) {
    errors++;
    console.error(`slot ${slot}: ${(e as Error).message}`);
  }
}

function flush(): void {
  for (const o of out.values()) {
    if (o.lines.length) writeSync(o.fd, o.lines.join("\n") + "\n");
    o.lines = [];
  }
}

const chunk = Buffer.alloc(1 << 16);
function poll(): void {
  for (const i of inc) {
    if (i.ended) continue;
    if (i.fd < 0) {
      try {
        i.fd = openSync(i.path, "r");
      } catch {
        continue; // the peer has not written yet
      }
    }
    for (let n; (n = readSync(i.fd, chunk, 0, chunk.length, i.pos)) > 0;) {
      i.pos += n;
      const lines = (i.rest + chunk.toString("latin1", 0, n)).split("\n");
      i.rest = lines.pop()!;
      for (const line of lines) {
        if (line === "end") i.ended = true;
        else release(BigInt(line));
      }
    }
  }
}

const held: bigint[] = [];
for (let k = 0; k < N; k++) {
  const size = rand(500) === 0 ? 16 + rand(300_000) : 16 + rand(4096);
  const { relptr, bytes } = arena.alloc(size);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv.setBigUint64(0, relptr, true);
  dv.setBigUint64(size - 8, relptr, true);
  if (rand(8) === 0) out.get(peers[rand(peers.length)]!)!.lines.push(relptr.toString());
  else {
    held.push(relptr);
    if (held.length > 64 || rand(2) === 0) release(held.splice(rand(held.length), 1)[0]!);
  }
  if (k % 128 === 127) {
    flush();
    poll();
  }
}
for (const o of out.values()) o.lines.push("end");
flush();
const kept = held.splice(0, 5);
held.forEach(release);
const deadline = Date.now() + 20_000;
while (inc.some((i) => !i.ended)) {
  if (Date.now() > deadline) {
    console.error(`slot ${slot}: peers never ended`);
    errors++;
    break;
  }
  poll();
  Bun.sleepSync(2);
}
await Bun.write(`${dir}/kept-${slot}`, kept.map(String).join("\n") + "\n");
console.log(`done ${errors}`);
for await (const _ of Bun.stdin.stream()) {
  // wait until the test closes stdin: the checker walks the volumes meanwhile
}
arena.close();
out.forEach((o) => closeSync(o.fd));
process.exit(errors ? 1 : 0);
