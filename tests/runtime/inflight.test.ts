// Eight calls in flight at once from the nexus side against the same pools: the compiled
// rt-concurrent program is unpacked by one run, then a Session of the nexus runtime starts its
// pools and sends 8 CALLs without waiting. pyMeet/cppMeet return only when 8 calls are inside them
// together, so a runtime that serialises calls fails here (after 5 s) instead of passing slowly.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeValue, encodeValue, parseSchema } from "../../shm";
import type { Manifest } from "../../src/nexus/manifest";
import { Kind, textOf } from "../../src/nexus/packet";
import { Session } from "../../src/nexus/session";
import { make, poolsOf, REPO, run, workspace } from "./harness";

const ws = workspace("inflight");
let manifest: Manifest;
let dir = "";

beforeAll(async () => {
  const nexus = await make(join(REPO, "tests", "programs", "rt-concurrent"), join(ws.work, "rtconcurrent"), ws.env);
  // one run unpacks the embedded files (manifest, pool.py, pool-cpp) into the private cache
  await run(nexus, ["deep", "0"], ws.env);
  const root = join(ws.work, "cache", "morloc", "nexus");
  dir = join(root, readdirSync(root)[0]!);
  manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
}, 120_000);
afterAll(() => ws.dispose());

const I8 = parseSchema("i8");

/** Everything of one session still present: its segments, its run folder, its pool processes. */
function remains(s: Session): string[] {
  const shm = readdirSync("/dev/shm").filter((n) => n === s.prefix);
  const pools = [...poolsOf(process.pid)].filter(([pid]) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, "latin1").includes(`MORLOC_RUN_DIR=${s.runDir}\0`);
    } catch {
      return false;
    }
  });
  return [...shm, ...(existsSync(s.runDir) ? [s.runDir] : []), ...pools.map(([pid, lang]) => `${lang} pool ${pid}`)];
}

async function eightAtOnce(command: string): Promise<{ got: unknown[]; left: string[] }> {
  const cmd = manifest.commands.find((c) => c.name === command)!;
  const session = new Session(manifest, dir);
  try {
    await session.start(cmd.needs ?? [cmd.pool!]);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, k) => session.call(cmd.pool!, cmd.manifold!, [session.dataPacket("i8", encodeValue(I8, BigInt(k)), 65536)])),
    );
    const got = replies.map((p) => (p.kind === Kind.DATA ? decodeValue(I8, p.payload) : `error: ${textOf(p)}`));
    await session.close();
    await Bun.sleep(50);
    return { got, left: remains(session) };
  } catch (e) {
    await session.close();
    throw e;
  }
}

const expected = Array.from({ length: 8 }, (_, k) => BigInt(k + 1));

for (const command of ["meetPy", "meetCpp", "meetBack"]) {
  test(`8 CALLs of ${command} in flight at once from one nexus`, async () => {
    const t0 = Date.now();
    const { got, left } = await eightAtOnce(command);
    expect(got).toEqual(expected);
    expect(Date.now() - t0).toBeLessThan(4000); // a serialising runtime would wait out the 5 s barrier
    expect(left).toEqual([]);
  }, 20_000);
}
