// The nexus's side of labelled calls (docs/labels.md): a pool sends CALL <id> of a labelled call
// site to the nexus, which answers it from the result cache, through a RemoteRunner (a `remote`
// group), or by starting the callee's pool (lazily) and calling its manifold.

import { encodePacket, Format, Kind, type Packet, packet, Status, splitArgs, INLINE_LIMIT } from "./packet";
import { readFileSync } from "node:fs";
import { decodeValue, encodeValue, parseSchema } from "../../shm";
import { ConfigError, parseModuleConfig } from "../config";
import type { Options } from "./args";
import { cacheBase, ResultCache } from "./cache";
import type { LabelledCall, ModuleConfig, RemoteRunner } from "./labelled";
import { RemoteFailure } from "./labelled";
import type { Manifest } from "./manifest";
import { remoteRunner } from "./remote";
import { RuntimeFailure, type Session } from "./session";

/**
 * The configuration this run uses: `--config FILE`, checked as at make (a bad file is a usage
 * error, exit 2, naming its line and column), else the one embedded at make.
 */
export function moduleConfig(manifest: Manifest, file: string | undefined): ModuleConfig {
  if (!file) return manifest.config ?? { labeledGroups: {} };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read the configuration ${file}: ${(e as Error).message}`);
  }
  const { config, keys } = parseModuleConfig(text, file);
  // the labels this nexus's calls use must all be there; extra ones are allowed (another program's)
  for (const c of manifest.labelled ?? []) {
    if (!config.labeledGroups[c.label]) {
      const p = keys.get("labeled-groups") ?? { line: 1, col: 1 };
      throw new ConfigError(file, p.line, p.col, `Undefined label '${c.label}': no matching entry in module config labeled-groups (used at ${c.where})`);
    }
  }
  return config;
}

/** The dispatcher of this run's labelled calls, installed on the session; null when the program has none. */
export function labelledCalls(session: Session, manifest: Manifest, config: ModuleConfig, opts: Options, io: { stderr(t: string): void }, node = false): Dispatcher | null {
  if (!manifest.labelled?.length) return null;
  const cache = opts.noCache ? null : new ResultCache(cacheBase());
  // on a node (--call-packet) nested remote groups run where they are
  const remote = node ? null : remoteRunner({ nexus: process.execPath, module: manifest.module, configFile: opts.config });
  const d = new Dispatcher(session, manifest, config, cache, remote, (t) => io.stderr(`${manifest.module}: ${t}\n`));
  d.install();
  return d;
}

/** A value that came back, or the ERROR packet that came instead. */
export type Outcome = { value: Uint8Array; cached?: boolean } | { error: Packet };

export class Dispatcher {
  private calls = new Map<number, LabelledCall>();

  constructor(
    private session: Session,
    manifest: Manifest,
    private config: ModuleConfig,
    private cache: ResultCache | null,
    private remote: RemoteRunner | null,
    private warn: (text: string) => void,
  ) {
    for (const c of manifest.labelled ?? []) this.calls.set(c.id, c);
  }

  /** Cancel and clean up whatever the remote runner holds. */
  async close(): Promise<void> {
    await this.remote?.close();
  }

  /** Install on the session: pools' CALLs to the nexus come here. */
  install(): void {
    this.session.onCall = (p) => this.onCall(p);
  }

  /** The first runtime failure of a labelled call (a remote job that ran out of memory, say): the run ends with it, exit 3, whatever the calling pool made of it. */
  failure: RuntimeFailure | null = null;

  private async onCall(p: Packet): Promise<Uint8Array> {
    try {
      return await this.answerCall(p);
    } catch (e) {
      if (e instanceof RuntimeFailure) this.failure ??= e;
      throw e;
    }
  }

  private async answerCall(p: Packet): Promise<Uint8Array> {
    const call = this.calls.get(p.callId);
    if (!call) throw new RuntimeFailure(`no labelled call ${p.callId} in this nexus`);
    const args = splitArgs(p.payload).map((d) => this.session.valueOf(d, true));
    const out = call.array ? await this.runMap(call, args) : await this.run(call, args);
    if ("error" in out) return encodePacket({ ...out.error, requestId: p.requestId, callId: p.callId });
    return this.session.dataPacket(call.ret, out.value, INLINE_LIMIT, p.requestId);
  }

  /**
   * `map lbl@f xs`: the element call once per element of the list (args[0]), cached per element;
   * the misses of a remote group go to the runner as one array. The first failure (in element
   * order) is the answer.
   */
  async runMap(array: LabelledCall, args: Uint8Array[]): Promise<Outcome> {
    const elem = this.calls.get(array.array!.elem)!;
    const { index } = array.array!;
    const items = decodeValue(parseSchema(array.args[0]!), args[0]!) as unknown[];
    const itemSchema = parseSchema(elem.args[index]!);
    const rest = args.slice(1);
    const calls = items.map((x) => [...rest.slice(0, index), encodeValue(itemSchema, x), ...rest.slice(index)]);
    const group = this.config.labeledGroups[elem.label] ?? {};
    const results: (Uint8Array | null)[] = calls.map(() => null);
    if (group.remote && this.remote) {
      const keys = calls.map((a) => (group.cache && this.cache ? this.cache.key(elem, a) : null));
      keys.forEach((k, i) => (results[i] = k ? this.cache!.get(elem, k, this.warn) : null));
      const missing = calls.flatMap((_, i) => (results[i] ? [] : [i]));
      if (missing.length) {
        let got: Uint8Array[];
        try {
          got = await this.remote.runArray(elem.label, group.remote, elem, missing.map((i) => calls[i]!));
        } catch (e) {
          if (e instanceof RemoteFailure && e.program) return { error: packet({ kind: Kind.ERROR, status: Status.FAIL, format: Format.TEXT, payload: new TextEncoder().encode(e.message) }) };
          throw new RuntimeFailure(`${elem.label}@${elem.name} (${elem.where}) failed remotely: ${(e as Error).message}`);
        }
        missing.forEach((i, k) => {
          results[i] = got[k]!;
          if (keys[i]) this.cache!.put(elem, keys[i]!, got[k]!, this.warn);
        });
      }
    } else {
      for (let i = 0; i < calls.length; i++) {
        const out = await this.run(elem, calls[i]!);
        if ("error" in out) return out;
        results[i] = out.value;
      }
    }
    const retSchema = parseSchema(elem.ret);
    return { value: encodeValue(parseSchema(array.ret), results.map((r) => decodeValue(retSchema, r!))) };
  }

  /** Answer labelled call `call` for argument values `args` (blobs in parameter order); `log: true` groups say so on stderr. */
  async run(call: LabelledCall, args: Uint8Array[]): Promise<Outcome> {
    const group = this.config.labeledGroups[call.label] ?? {};
    if (!group.log) return this.answer(call, args);
    const template = { ...DEFAULT_LOG, ...this.config.logTemplate, ...group.logTemplate };
    const started = performance.now();
    const say = (t: string, extra: Record<string, string> = {}) =>
      this.warn(fill(t, { label: call.label, name: call.name, where: call.where, seconds: ((performance.now() - started) / 1000).toFixed(3), cached: "", ...extra }));
    say(template.start);
    try {
      const out = await this.answer(call, args);
      if ("error" in out) say(template.fail);
      else say(template.pass, { cached: out.cached ? " (cached)" : "" });
      return out;
    } catch (e) {
      say(template.fail);
      throw e;
    }
  }

  private async answer(call: LabelledCall, args: Uint8Array[]): Promise<Outcome> {
    const group = this.config.labeledGroups[call.label] ?? {};
    const key = group.cache && this.cache ? this.cache.key(call, args) : null;
    if (key) {
      const hit = this.cache!.get(call, key, this.warn);
      if (hit) return { value: hit, cached: true };
    }
    const out = group.remote && this.remote ? await this.runRemote(call, args) : await this.runLocal(call, args);
    // failures are never cached: the re-run computes them again
    if (key && "value" in out) this.cache!.put(call, key, out.value, this.warn);
    return out;
  }

  private async runRemote(call: LabelledCall, args: Uint8Array[]): Promise<Outcome> {
    const group = this.config.labeledGroups[call.label]!;
    try {
      return { value: await this.remote!.runOne(call.label, group.remote!, call, args) };
    } catch (e) {
      if (e instanceof RemoteFailure && e.program) return { error: packet({ kind: Kind.ERROR, status: Status.FAIL, format: Format.TEXT, payload: new TextEncoder().encode(e.message) }) };
      throw new RuntimeFailure(`${call.label}@${call.name} (${call.where}) failed remotely: ${(e as Error).message}`);
    }
  }

  private async runLocal(call: LabelledCall, args: Uint8Array[]): Promise<Outcome> {
    await this.session.start(call.needs);
    const packets = args.map((a, i) => this.session.dataPacket(call.args[i]!, a, INLINE_LIMIT));
    const reply = await this.session.callKept(call.lang, call.manifold, packets);
    if (reply.kind === Kind.ERROR) return { error: reply };
    return { value: this.session.valueOf(reply, true) };
  }
}

/** The log lines of a `log: true` group; `log-template` (top level, then the group's) replaces them. */
const DEFAULT_LOG = { start: "start {label}@{name} ({where})", pass: "pass {label}@{name} in {seconds} s{cached}", fail: "fail {label}@{name} after {seconds} s" };

/** `{key}` in a log template replaced by its value; unknown keys stay as written. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
