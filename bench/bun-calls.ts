// Warm Bun -> pool calls: starts one pool of an unpacked bench nexus with the nexus's own Session
// and sends it N calls of a scalar command, timing the calls only (the pool is already up).
// Usage: bun bench/bun-calls.ts UNPACKED_DIR COMMAND N  -> prints ns per call.
import { readFileSync } from "node:fs";
import { encodeValue, parseSchema } from "../shm";
import type { Manifest } from "../src/nexus/manifest";
import { INLINE_LIMIT, Kind } from "../src/nexus/packet";
import { Session } from "../src/nexus/session";

const [dir, name, countText] = process.argv.slice(2);
if (!dir || !name || !countText) {
  console.error("usage: bun bench/bun-calls.ts UNPACKED_DIR COMMAND N");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8")) as Manifest;
const cmd = manifest.commands.find((c) => c.name === name);
if (!cmd || !cmd.pool || cmd.manifold === undefined) throw new Error(`no pool command ${name}`);
const n = Number(countText);
const param = cmd.params[0]!;
const session = new Session(manifest, dir);
try {
  await session.start(cmd.needs ?? [cmd.pool]);
  const arg = (i: number) => session.dataPacket(param.schema, encodeValue(parseSchema(param.schema), BigInt(i)), INLINE_LIMIT);
  for (let i = 0; i < 50; i++) await session.call(cmd.pool, cmd.manifold, [arg(i)]); // warm up
  const t0 = Bun.nanoseconds();
  for (let i = 0; i < n; i++) {
    const reply = await session.call(cmd.pool, cmd.manifold, [arg(i)]);
    if (reply.kind !== Kind.DATA) throw new Error(`call ${i} failed`);
  }
  console.log(((Bun.nanoseconds() - t0) / n).toFixed(1));
} finally {
  await session.close();
}
