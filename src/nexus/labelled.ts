// Labelled calls (docs/labels.md): the module configuration as the nexus holds it, the table of
// labelled call sites the compiler writes into the manifest, and the seam through which a call of
// a `remote` group leaves this machine (RemoteRunner). The dispatcher that routes the calls lives
// in ./dispatch.ts; the SLURM runner is plugged in by ./remote.ts.

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { callPacket, decodePacket, encodePacket, Format, Kind, packet, schemaBytes, Source, Status, textOf } from "./packet";

/** Resources of a `remote` group (all optional; the runner picks its defaults). */
export interface RemoteSpec {
  threads?: number;
  /** Memory in GB. */
  memory?: number;
  /** "D-HH:MM:SS" or "HH:MM:SS". */
  time?: string;
  gpus?: number;
  partition?: string;
}

export interface LogTemplate {
  start?: string;
  pass?: string;
  fail?: string;
}

/** One entry of `labeled-groups`. */
export interface GroupConfig {
  cache?: boolean;
  benchmark?: boolean;
  log?: boolean;
  logTemplate?: LogTemplate;
  remote?: RemoteSpec;
}

/** `<module>.yaml`, checked (src/config.ts) and with its keys in camel case. */
export interface ModuleConfig {
  labeledGroups: Record<string, GroupConfig>;
  defaultGroup?: string;
  logTemplate?: LogTemplate;
  prologue?: string;
  epilogue?: { ok?: string; fail?: string };
  /** Paths (relative to the yaml's folder at make) whose contents enter every cache key. */
  hashInclude?: string[];
}

/**
 * One labelled call site, as the manifest lists it. The calling pool sends CALL `id` to the nexus
 * (`foreign_call("nexus", id, ...)`); the nexus answers it, by default by calling manifold
 * `manifold` of pool `lang` with the same argument packets.
 */
export interface LabelledCall {
  /** The id the calling pools use (the id of the callee manifold; unique in the program). */
  id: number;
  label: string;
  /** The callee manifold's pool and id. */
  lang: string;
  manifold: number;
  /** The function called, for messages. */
  name: string;
  /** "file:line:col" of the labelled call site. */
  where: string;
  /** Schemas of the arguments, in order, and of the result. */
  args: string[];
  ret: string;
  /** Every pool the callee manifold's call graph can reach: started (lazily) before the call. */
  needs: string[];
  /** Hash of what implements the call (program sources, the pools' user files, hash-include files). */
  ident: string;
  /**
   * Set on the call of a whole `map lbl@f xs`: its arguments are the list, then the element call's
   * other arguments; the nexus runs labelled call `elem` once per element, the element being its
   * argument number `index` (one job array when remote), and answers the list of results.
   */
  array?: { index: number; elem: number };
}

/** A remote call that did not produce a value. `program`: the user's code raised (exit 1); else the infrastructure failed (exit 3). */
export class RemoteFailure extends Error {
  constructor(message: string, readonly program = false) {
    super(message);
  }
}

/**
 * THE SEAM for running labelled calls elsewhere (a SLURM cluster). The dispatcher (./dispatch.ts)
 * calls it for a call whose group has `remote`, after a cache miss, and caches what it returns.
 * Values are morloc binary values (docs/arena.md): the argument blobs in parameter order, one
 * result blob back. On a node, the runner runs this same nexus executable as
 *   <nexus> --call-packet F --output-file R
 * after writing F with writeCallPacketFile, and reads R with readResultPacketFile.
 */
export interface RemoteRunner {
  /** Run one call; resolves to the result value, rejects with RemoteFailure. */
  runOne(group: string, spec: RemoteSpec, call: LabelledCall, args: Uint8Array[]): Promise<Uint8Array>;
  /** Run the call once per element (one job array); results in element order. Rejects with RemoteFailure naming failed indices. */
  runArray(group: string, spec: RemoteSpec, call: LabelledCall, elements: Uint8Array[][]): Promise<Uint8Array[]>;
  /** Cancel everything submitted and remove staged files (called on SIGINT/SIGTERM and at the end of the run). */
  close(): Promise<void>;
}

/** What a runner gets when the nexus creates it (./remote.ts). */
export interface RemoteContext {
  /** Absolute path of the running nexus executable (what a node runs). */
  nexus: string;
  /** The module's name, for job names. */
  module: string;
  /** The `--config FILE` given to this nexus, to pass on to nodes (absent: the embedded one). */
  configFile?: string;
}

// ---------------------------------------------------------------- call and result packet files

/** Write the file a node reads with `--call-packet`: one CALL packet of labelled call `id` with inline VALUE arguments. Atomic (temp + rename). */
export function writeCallPacketFile(path: string, id: number, args: Uint8Array[], schemas: string[]): void {
  const data = args.map((blob, i) => encodePacket(packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, metadata: schemaBytes(schemas[i] ?? ""), payload: blob })));
  atomicWrite(path, encodePacket(callPacket(id, 0n, data)));
}

/** The labelled call id and argument blobs of a call packet file. */
export function readCallPacketFile(path: string): { id: number; args: Uint8Array[] } {
  const [p] = decodePacket(new Uint8Array(readFileSync(path)));
  if (p.kind !== Kind.CALL) throw new RemoteFailure(`${path} is not a call packet`);
  const args: Uint8Array[] = [];
  let at = 0;
  while (at < p.payload.length) {
    const [d, next] = decodePacket(p.payload, at);
    if (d.kind !== Kind.DATA || d.source !== Source.INLINE) throw new RemoteFailure(`${path}: argument ${args.length} is not an inline value`);
    args.push(d.payload);
    at = next;
  }
  return { id: p.callId, args };
}

/** Write the result file of `--output-file`: a DATA packet (the value) or an ERROR packet (the message). Atomic. */
export function writeResultPacketFile(path: string, result: { value: Uint8Array; schema: string } | { error: string; status: number }): void {
  const p = "value" in result
    ? packet({ kind: Kind.DATA, source: Source.INLINE, format: Format.VALUE, metadata: schemaBytes(result.schema), payload: result.value })
    : packet({ kind: Kind.ERROR, status: result.status, format: Format.TEXT, payload: new TextEncoder().encode(result.error) });
  atomicWrite(path, encodePacket(p));
}

/** The value of a result file; a RemoteFailure (program = the callee raised) for an ERROR packet or a bad file. */
export function readResultPacketFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new RemoteFailure(`no result file ${path}: ${(e as Error).message}`);
  }
  let p;
  try {
    [p] = decodePacket(bytes);
  } catch (e) {
    throw new RemoteFailure(`bad result file ${path}: ${(e as Error).message}`);
  }
  if (p.kind === Kind.ERROR) throw new RemoteFailure(textOf(p), p.status === Status.FAIL);
  if (p.kind !== Kind.DATA || p.source !== Source.INLINE) throw new RemoteFailure(`bad result file ${path}: not an inline value`);
  return p.payload;
}

export function atomicWrite(path: string, data: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}
