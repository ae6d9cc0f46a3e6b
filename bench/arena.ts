// Benchmark: the round trip of a 100 MB [Real] between Bun and Python through the shared-memory arena
// (Bun encodes into an arena block, Python decodes it, encodes its result into its own block, Bun
// decodes that), in GB/s of the 100 MB value per round trip, next to a plain 100 MB memcpy in the
// same run (into a warm destination, and into a freshly allocated one as a decoder must). Three forms
// of the value: "native" (JS Array <-> Python list of float, what pools use by default), "typed"
// (Float64Array <-> array.array('d'), one copy out of the block) and "view" (typed views aliasing the
// arena block, no copy out: the block is released only after the value has been used).
//   bun bench/arena.ts [runs=5] [megabytes=100]
import { join } from "node:path";
import { Arena, decodeValue, encodedSize, encodeInto, parseSchema } from "../shm";

const RUNS = Number(process.argv[2] ?? 5);
const MB = Number(process.argv[3] ?? 100);
const N = Math.floor((MB * 1e6) / 8);
const BYTES = N * 8;
const PY = join(import.meta.dir, "../pools/python");
const schema = parseSchema("af8");

// Python side: decode the block (then release it), encode the same list into a new block, reply its relptr
const PY_SIDE = `
import sys, time
from morloc.arena import Arena
from morloc.value import decode, encode_into, encoded_size
a = Arena.create(sys.argv[1], 1)
print("ready", flush=True)
for line in sys.stdin:
    mode, r = line.split()
    r = int(r)
    t0 = time.perf_counter()
    block = a.read(r)
    xs = decode("af8", block, arrays={"native": False, "typed": True, "view": "view"}[mode])
    t1 = time.perf_counter()
    n = encoded_size("af8", xs)
    r2, view = a.alloc(n)
    encode_into("af8", xs, view)
    view.release()
    if mode == "view":
        xs.release()
    block.release()
    a.release(r)  # the input is consumed: its block goes back to Bun
    t2 = time.perf_counter()
    del xs  # freeing a 12.5M-element list takes long too: counted in the round trip, not in the next decode
    print(r2, t1 - t0, t2 - t1, flush=True)
a.close()
`;

const prefix = `mlc-${process.pid}-bench${Math.random().toString(16).slice(2, 8)}`;
const arena = Arena.create(prefix, 0);
const py = Bun.spawn(["python3", "-c", PY_SIDE, prefix], { cwd: PY, env: { ...process.env, PYTHONPATH: PY }, stdin: "pipe", stdout: "pipe" });
const reader = py.stdout.getReader();
let pending = "";
async function line(): Promise<string> {
  while (!pending.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the Python side exited");
    pending += new TextDecoder().decode(value);
  }
  const k = pending.indexOf("\n");
  const l = pending.slice(0, k);
  pending = pending.slice(k + 1);
  return l;
}

const native: number[] = Array.from({ length: N }, (_, k) => k * 0.25 - 1e6);
const typed = Float64Array.from(native);
const gbs = (ms: number) => BYTES / 1e9 / (ms / 1000);

type Mode = "native" | "typed" | "view";
const MODES: Mode[] = ["view", "typed", "native"];
const LABELS: Record<Mode, string> = {
  view: "view   (typed views on the blocks)",
  typed: "typed  (Float64Array <-> array('d'))",
  native: "native (JS Array <-> Python list)",
};

async function roundTrip(mode: Mode) {
  const value = mode === "native" ? native : typed;
  const t0 = performance.now();
  const { relptr, bytes } = arena.alloc(encodedSize(schema, value));
  encodeInto(schema, value, bytes);
  const t1 = performance.now();
  py.stdin.write(`${mode} ${relptr}\n`);
  py.stdin.flush();
  const [r2, pyDecode, pyEncode] = (await line()).split(" ");
  const t2 = performance.now();
  const back = decodeValue(schema, arena.read(BigInt(r2!)), { typed: mode === "view" ? "view" : mode === "typed" }) as ArrayLike<number>;
  const t3 = performance.now();
  if (back.length !== N || back[N - 1] !== value[N - 1] || back[12345 % N] !== value[12345 % N]) throw new Error(`${mode}: wrong value back`);
  arena.release(BigInt(r2!)); // after use: a view aliases the block
  return { total: t3 - t0, bunEncode: t1 - t0, python: t2 - t1, pyDecode: Number(pyDecode) * 1000, pyEncode: Number(pyEncode) * 1000, bunDecode: t3 - t2 };
}

const src = new Uint8Array(BYTES).fill(1);
const warm = new Uint8Array(BYTES).fill(2);
/** A plain copy of the same size: into pages already touched, or into a new allocation (page faults). */
function memcpy(fresh: boolean): number {
  const t0 = performance.now();
  (fresh ? new Uint8Array(BYTES) : warm).set(src);
  return performance.now() - t0;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
};
const fmt = (xs: number[]) => {
  const { median, min, max } = stats(xs);
  return `${median.toFixed(2).padStart(6)} GB/s  (min ${min.toFixed(2)}, max ${max.toFixed(2)})`;
};

try {
  if ((await line()) !== "ready") throw new Error("the Python side did not start");
  for (const mode of MODES) await roundTrip(mode); // warm-up: the volumes of both sides grow to fit once
  const warmCopies: number[] = [], freshCopies: number[] = [];
  const results: Record<Mode, Awaited<ReturnType<typeof roundTrip>>[]> = { view: [], typed: [], native: [] };
  for (let k = 0; k < RUNS; k++) {
    warmCopies.push(gbs(memcpy(false)));
    freshCopies.push(gbs(memcpy(true)));
    for (const mode of MODES) results[mode].push(await roundTrip(mode));
  }
  console.log(`arena round trip of a ${MB} MB [Real] (${N} values) Bun -> Python -> Bun, ${RUNS} runs, GB/s of ${MB} MB per round trip`);
  console.log(`  plain memcpy, warm destination                   ${fmt(warmCopies)}`);
  console.log(`  plain memcpy, fresh destination                  ${fmt(freshCopies)}`);
  for (const mode of MODES) {
    const rs = results[mode];
    console.log(`  round trip, ${LABELS[mode].padEnd(37)} ${fmt(rs.map((r) => gbs(r.total)))}`);
    const med = (f: (r: (typeof rs)[0]) => number) => stats(rs.map(f)).median.toFixed(1);
    console.log(`      median ms: Bun encode ${med((r) => r.bunEncode)}, Python ${med((r) => r.python)} (decode ${med((r) => r.pyDecode)}, encode ${med((r) => r.pyEncode)}), Bun decode ${med((r) => r.bunDecode)}`);
  }
} finally {
  py.stdin.end();
  await py.exited;
  arena.close();
}
