// Packets of the morloc pool protocol (docs/protocol.md) for the nexus: build, parse, and cut a
// byte stream into whole packets. A 32-byte little-endian header, then metadata, then payload.

export const MAGIC = 0x0707f86d;
export const VERSION = 1;
export const HEADER_SIZE = 32;
/** Blobs up to this size travel inside the packet; larger ones go through the arena. */
export const INLINE_LIMIT = 65536;

export const Kind = { CALL: 1, DATA: 2, PING: 3, PONG: 4, ERROR: 5, READY: 6, SHUTDOWN: 7, BELL: 8 } as const;
export const Source = { INLINE: 0, ARENA: 1, FILE: 2, NONE: 3 } as const;
export const Format = { NONE: 0, JSON: 1, MSGPACK: 2, VALUE: 3, TEXT: 4 } as const;
/**
 * ERROR statuses: FAIL the program raised; LOST a pool could not reach another pool or lost its
 * connection (a crash, never the program's error); LOAD a pool could not load the user's sources.
 */
export const Status = { OK: 0, FAIL: 1, LOST: 2, LOAD: 3 } as const;

export interface Packet {
  kind: number;
  source: number;
  format: number;
  status: number;
  callId: number;
  requestId: bigint;
  metadata: Uint8Array;
  payload: Uint8Array;
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** A packet with defaults: source NONE, format NONE, status OK, ids 0, empty bodies. */
export function packet(p: Partial<Packet> & { kind: number }): Packet {
  return {
    source: Source.NONE, format: Format.NONE, status: Status.OK, callId: 0, requestId: 0n,
    metadata: EMPTY, payload: EMPTY, ...p,
  };
}

export function encodePacket(p: Packet): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + p.metadata.length + p.payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  out[4] = VERSION;
  out[5] = p.kind;
  out[6] = p.source;
  out[7] = p.format;
  out[8] = p.status;
  dv.setUint32(12, p.callId, true);
  dv.setBigUint64(16, p.requestId, true);
  dv.setUint32(24, p.metadata.length, true);
  dv.setUint32(28, p.payload.length, true);
  out.set(p.metadata, HEADER_SIZE);
  out.set(p.payload, HEADER_SIZE + p.metadata.length);
  return out;
}

/** Total size of the packet whose header starts at buf[at], after checking magic and version. */
export function packetSize(buf: Uint8Array, at = 0): number {
  if (buf.length - at < HEADER_SIZE) throw new ProtocolError(`truncated packet header (${buf.length - at} bytes)`);
  const dv = new DataView(buf.buffer, buf.byteOffset + at, HEADER_SIZE);
  const magic = dv.getUint32(0, true);
  if (magic !== MAGIC) throw new ProtocolError(`bad packet magic 0x${magic.toString(16)}`);
  if (buf[at + 4] !== VERSION) throw new ProtocolError(`unsupported packet version ${buf[at + 4]}`);
  return HEADER_SIZE + dv.getUint32(24, true) + dv.getUint32(28, true);
}

/** Parse the packet at buf[at]; returns it and the offset just past it. Bodies are views, not copies. */
export function decodePacket(buf: Uint8Array, at = 0): [Packet, number] {
  const size = packetSize(buf, at);
  if (buf.length - at < size) throw new ProtocolError(`truncated packet: need ${size} bytes, have ${buf.length - at}`);
  const dv = new DataView(buf.buffer, buf.byteOffset + at, HEADER_SIZE);
  const mlen = dv.getUint32(24, true);
  const p: Packet = {
    kind: buf[at + 5]!, source: buf[at + 6]!, format: buf[at + 7]!, status: buf[at + 8]!,
    callId: dv.getUint32(12, true), requestId: dv.getBigUint64(16, true),
    metadata: buf.subarray(at + HEADER_SIZE, at + HEADER_SIZE + mlen),
    payload: buf.subarray(at + HEADER_SIZE + mlen, at + size),
  };
  return [p, at + size];
}

/** The argument packets of a CALL payload. */
export function splitArgs(payload: Uint8Array): Packet[] {
  const out: Packet[] = [];
  let at = 0;
  while (at < payload.length) {
    const [p, next] = decodePacket(payload, at);
    out.push(p);
    at = next;
  }
  return out;
}

export function callPacket(callId: number, requestId: bigint, args: Uint8Array[]): Packet {
  const total = args.reduce((n, a) => n + a.length, 0);
  const payload = new Uint8Array(total);
  let at = 0;
  for (const a of args) {
    payload.set(a, at);
    at += a.length;
  }
  return packet({ kind: Kind.CALL, callId, requestId, payload });
}

export function textOf(p: Packet): string {
  return new TextDecoder().decode(p.payload);
}

export const schemaBytes = (schema: string) => utf8.encode(schema);

/** Collects socket chunks and hands out whole packets as they complete. */
export class PacketReader {
  private chunks: Uint8Array[] = [];
  private have = 0;

  private need = 0; // size of the packet being collected, once its header is in

  push(chunk: Uint8Array): Packet[] {
    this.chunks.push(new Uint8Array(chunk)); // Bun reuses its receive buffer: copy
    this.have += chunk.length;
    const out: Packet[] = [];
    for (;;) {
      if (this.have < Math.max(HEADER_SIZE, this.need)) break;
      const buf = this.flatten();
      const size = packetSize(buf);
      this.need = size;
      if (this.have < size) break;
      out.push(decodePacket(buf.subarray(0, size))[0]);
      this.chunks = size < buf.length ? [buf.subarray(size)] : [];
      this.have -= size;
      this.need = 0;
    }
    return out;
  }

  /** Bytes received that do not yet form a whole packet. */
  get pending(): number {
    return this.have;
  }

  private flatten(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const buf = new Uint8Array(this.have);
    let at = 0;
    for (const c of this.chunks) {
      buf.set(c, at);
      at += c.length;
    }
    this.chunks = [buf];
    return buf;
  }
}
