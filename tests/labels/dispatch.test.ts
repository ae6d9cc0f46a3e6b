// The dispatcher against the remote seam (src/nexus/dispatch.ts, src/nexus/labelled.ts): a
// `remote` group goes to the RemoteRunner after a cache miss, its value is cached; `map lbl@f xs`
// sends only the cache misses as one array, in element order; failures map to program errors or
// runtime failures. The session is a stand-in that records local calls.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeValue, encodeValue, parseSchema } from "../../shm";
import { ResultCache } from "../../src/nexus/cache";
import { Dispatcher } from "../../src/nexus/dispatch";
import { type LabelledCall, type ModuleConfig, RemoteFailure, type RemoteRunner, type RemoteSpec } from "../../src/nexus/labelled";
import type { Manifest } from "../../src/nexus/manifest";
import type { Session } from "../../src/nexus/session";
import { callPacket, encodePacket, Format, Kind, type Packet, packet, Source } from "../../src/nexus/packet";

const work = mkdtempSync(join(tmpdir(), "morloc-dispatch-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const f8 = parseSchema("f8");
const enc = (x: number) => encodeValue(f8, x);
const dec = (b: Uint8Array) => decodeValue(f8, b) as number;

const elem: LabelledCall = { id: 3, label: "big", lang: "py", manifold: 3, name: "sq", where: "main.loc:4:7", args: ["f8", "f8"], ret: "f8", needs: ["py"], ident: "x" };
const array: LabelledCall = { ...elem, id: 1_000_003, args: ["af8", "f8"], ret: "af8", array: { index: 1, elem: 3 } };
const manifest = { module: "m", pools: { py: [] }, commands: [], labelled: [elem, array] } as unknown as Manifest;

/** A runner that squares its second argument and adds the first, recording what it was given. */
class FakeRunner implements RemoteRunner {
  ones: number[][] = [];
  arrays: number[][][] = [];
  failWith: RemoteFailure | null = null;
  async runOne(_g: string, _s: RemoteSpec, _c: LabelledCall, args: Uint8Array[]): Promise<Uint8Array> {
    if (this.failWith) throw this.failWith;
    this.ones.push(args.map(dec));
    return enc(dec(args[0]!) + dec(args[1]!) ** 2);
  }
  async runArray(_g: string, _s: RemoteSpec, _c: LabelledCall, elements: Uint8Array[][]): Promise<Uint8Array[]> {
    if (this.failWith) throw this.failWith;
    this.arrays.push(elements.map((a) => a.map(dec)));
    return elements.map((a) => enc(dec(a[0]!) + dec(a[1]!) ** 2));
  }
  async close(): Promise<void> {}
}

/** Local calls: the same function, counted. */
function fakeSession(): { session: Session; local: number[][] } {
  const local: number[][] = [];
  const session = {
    onCall: null,
    start: async () => {},
    dataPacket: (_s: string, b: Uint8Array) => b,
    callKept: async (_l: string, _m: number, args: Uint8Array[]) => {
      const xs = args.map(dec);
      local.push(xs);
      return { kind: 2, source: 0, format: 3, status: 0, callId: 0, requestId: 0n, metadata: new Uint8Array(), payload: enc(xs[0]! + xs[1]! ** 2) };
    },
    valueOf: (p: { payload: Uint8Array }) => p.payload,
  } as unknown as Session;
  return { session, local };
}

const config = (remote: boolean, cache: boolean): ModuleConfig => ({ labeledGroups: { big: { cache, ...(remote ? { remote: { threads: 2, memory: 1 } } : {}) } } });

describe("Dispatcher", () => {
  test("a remote group goes to the runner after a cache miss; the value is cached", async () => {
    const { session, local } = fakeSession();
    const runner = new FakeRunner();
    const d = new Dispatcher(session, manifest, config(true, true), new ResultCache(join(work, "c1")), runner, () => {});
    expect(dec(((await d.run(elem, [enc(1), enc(3)])) as { value: Uint8Array }).value)).toBe(10);
    expect(dec(((await d.run(elem, [enc(1), enc(3)])) as { value: Uint8Array }).value)).toBe(10);
    expect(runner.ones).toEqual([[1, 3]]);
    expect(local).toEqual([]);
  });

  test("without a runner a remote group runs locally", async () => {
    const { session, local } = fakeSession();
    const d = new Dispatcher(session, manifest, config(true, false), null, null, () => {});
    expect(dec(((await d.run(elem, [enc(0), enc(4)])) as { value: Uint8Array }).value)).toBe(16);
    expect(local).toEqual([[0, 4]]);
  });

  test("map: only the cache misses go to runArray, results in element order", async () => {
    const { session } = fakeSession();
    const runner = new FakeRunner();
    const d = new Dispatcher(session, manifest, config(true, true), new ResultCache(join(work, "c2")), runner, () => {});
    const list = (xs: number[]) => encodeValue(parseSchema("af8"), xs);
    const out1 = await d.runMap(array, [list([1, 2]), enc(10)]);
    expect(decodeValue(parseSchema("af8"), (out1 as { value: Uint8Array }).value)).toEqual([11, 14]);
    const out2 = await d.runMap(array, [list([3, 2, 1]), enc(10)]);
    expect(decodeValue(parseSchema("af8"), (out2 as { value: Uint8Array }).value)).toEqual([19, 14, 11]);
    // the element is argument 1, the shared argument 0; the second array held only the miss
    expect(runner.arrays).toEqual([[[10, 1], [10, 2]], [[10, 3]]]);
  });

  test("a program failure is the program's error; anything else a runtime failure naming the call", async () => {
    const { session } = fakeSession();
    const runner = new FakeRunner();
    const d = new Dispatcher(session, manifest, config(true, false), null, runner, () => {});
    runner.failWith = new RemoteFailure("ValueError: bad", true);
    const out = await d.run(elem, [enc(1), enc(1)]);
    expect("error" in out && new TextDecoder().decode(out.error.payload)).toBe("ValueError: bad");
    runner.failWith = new RemoteFailure("out of memory (job 42)");
    await expect(d.run(elem, [enc(1), enc(1)])).rejects.toThrow("big@sq (main.loc:4:7) failed remotely: out of memory (job 42)");
    await expect(d.runMap(array, [encodeValue(parseSchema("af8"), [1]), enc(0)])).rejects.toThrow("failed remotely");
  });

  test("a runtime failure of a labelled call is kept for the run's exit status (3)", async () => {
    const { session } = fakeSession();
    const runner = new FakeRunner();
    runner.failWith = new RemoteFailure("node failure");
    const d = new Dispatcher(session, manifest, config(true, false), null, runner, () => {});
    d.install();
    const args = [enc(1), enc(2)].map((b) => encodePacket(packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, payload: b })));
    const onCall = (session as unknown as { onCall: (p: Packet) => Promise<Uint8Array> }).onCall;
    await expect(onCall(callPacket(3, 7n, args))).rejects.toThrow("node failure");
    expect(d.failure?.message).toContain("big@sq (main.loc:4:7) failed remotely: node failure");
  });

  test("log: true prints start and pass lines with the template's fields", async () => {
    const { session } = fakeSession();
    const lines: string[] = [];
    const cfg: ModuleConfig = { labeledGroups: { big: { cache: true, log: true, logTemplate: { pass: "ok {label}@{name} at {where}{cached}" } } } };
    const d = new Dispatcher(session, manifest, cfg, new ResultCache(join(work, "c3")), null, (t) => lines.push(t));
    await d.run(elem, [enc(1), enc(2)]);
    await d.run(elem, [enc(1), enc(2)]);
    expect(lines).toEqual(["start big@sq (main.loc:4:7)", "ok big@sq at main.loc:4:7", "start big@sq (main.loc:4:7)", "ok big@sq at main.loc:4:7 (cached)"]);
  });
});
