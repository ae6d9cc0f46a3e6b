// Blob encoder/decoder (docs/arena.md §2): JS values <-> one position-independent byte string.
// Integers decode to bigint; pointers inside the blob are u64 offsets from its start.
import type { Schema } from "./schema";

export class ValueError extends Error {
  constructor(path: string, what: string) {
    super(`${what} at ${path || "the root"}`);
    this.name = "ValueError";
  }
}

const NULL_OFFSET = 0xffff_ffff_ffff_ffffn;
const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
const isNumeric = (s: Schema) => s.kind === "int" || s.kind === "uint" || s.kind === "float" || s.kind === "bool";
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

const INT_LIMITS: Record<string, [bigint, bigint]> = {};
for (const w of [1, 2, 4, 8]) {
  const bits = BigInt(w * 8);
  INT_LIMITS[`int${w}`] = [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
  INT_LIMITS[`uint${w}`] = [0n, (1n << bits) - 1n];
}

class Writer {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  cursor = 0;

  /** Claim `n` bytes at the cursor aligned to `a`; returns their offset. */
  claim(n: number, a: number): number {
    const at = alignUp(this.cursor, a);
    this.cursor = at + n;
    if (this.cursor > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.cursor) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf);
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    return at;
  }

  write(s: Schema, v: unknown, pos: number, path: string): void {
    const dv = this.view;
    switch (s.kind) {
      case "unit":
        if (v !== null && v !== undefined) throw new ValueError(path, `expected null for Unit, got ${show(v)}`);
        return;
      case "bool":
        if (typeof v !== "boolean") throw new ValueError(path, `expected a boolean, got ${show(v)}`);
        dv.setUint8(pos, v ? 1 : 0);
        return;
      case "int":
      case "uint": {
        const x = toBigInt(v, path);
        const [lo, hi] = INT_LIMITS[`${s.kind}${s.width}`]!;
        if (x < lo || x > hi) throw new ValueError(path, `integer ${x} out of range for ${s.kind === "int" ? "i" : "u"}${s.width}`);
        if (s.width === 8) dv.setBigUint64(pos, BigInt.asUintN(64, x), true);
        else if (s.width === 4) dv.setUint32(pos, Number(BigInt.asUintN(32, x)), true);
        else if (s.width === 2) dv.setUint16(pos, Number(BigInt.asUintN(16, x)), true);
        else dv.setUint8(pos, Number(BigInt.asUintN(8, x)));
        return;
      }
      case "float":
        if (typeof v !== "number") throw new ValueError(path, `expected a number, got ${show(v)}`);
        if (s.width === 8) dv.setFloat64(pos, v, true);
        else dv.setFloat32(pos, v, true);
        return;
      case "str": {
        if (typeof v !== "string") throw new ValueError(path, `expected a string, got ${show(v)}`);
        if (v.length === 0) return; // {0, 0}: the buffer is already zero
        const bytes = utf8.encode(v);
        const at = this.claim(bytes.length, 1);
        this.buf.set(bytes, at);
        this.view.setBigUint64(pos, BigInt(bytes.length), true);
        this.view.setBigUint64(pos + 8, BigInt(at), true);
        return;
      }
      case "list": {
        if (!Array.isArray(v)) throw new ValueError(path, `expected an array, got ${show(v)}`);
        const e = s.elem;
        dv.setBigUint64(pos, BigInt(v.length), true);
        const size = v.length * e.width;
        if (size === 0) return;
        const at = this.claim(size, isNumeric(e) ? 64 : e.align);
        this.view.setBigUint64(pos + 8, BigInt(at), true);
        if (e.kind === "float" && e.width === 8) {
          const view = this.view;
          for (let k = 0; k < v.length; k++) {
            const x = v[k];
            if (typeof x !== "number") throw new ValueError(`${path}[${k}]`, `expected a number, got ${show(x)}`);
            view.setFloat64(at + 8 * k, x, true);
          }
          return;
        }
        if (e.kind === "int" && e.width === 8) {
          // safe-integer numbers skip BigInt: two 32-bit stores; anything else takes the general path
          const view = this.view;
          for (let k = 0; k < v.length; k++) {
            const x = v[k];
            if (typeof x === "number" && Number.isSafeInteger(x)) {
              view.setUint32(at + 8 * k, x >>> 0, true);
              view.setInt32(at + 8 * k + 4, Math.floor(x / 4294967296), true);
            } else this.write(e, x, at + 8 * k, `${path}[${k}]`);
          }
          return;
        }
        for (let k = 0; k < v.length; k++) this.write(e, v[k], at + k * e.width, `${path}[${k}]`);
        return;
      }
      case "tuple": {
        if (!Array.isArray(v)) throw new ValueError(path, `expected an array for a tuple, got ${show(v)}`);
        if (v.length !== s.items.length) throw new ValueError(path, `expected a tuple of ${s.items.length}, got ${v.length} items`);
        for (let k = 0; k < s.items.length; k++) this.write(s.items[k]!, v[k], pos + s.offsets[k]!, `${path}[${k}]`);
        return;
      }
      case "record": {
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ValueError(path, `expected an object for a record, got ${show(v)}`);
        const o = v as Record<string, unknown>;
        for (let k = 0; k < s.items.length; k++) {
          const key = s.keys[k]!;
          if (!Object.prototype.hasOwnProperty.call(o, key)) throw new ValueError(path, `record is missing the field "${key}"`);
          this.write(s.items[k]!, o[key], pos + s.offsets[k]!, `${path}.${key}`);
        }
        return;
      }
      case "optional": {
        if (v === null || v === undefined) {
          dv.setBigUint64(pos, NULL_OFFSET, true);
          return;
        }
        const at = this.claim(s.inner.width, s.inner.align);
        this.view.setBigUint64(pos, BigInt(at), true);
        this.write(s.inner, v, at, path);
        return;
      }
    }
  }
}

function toBigInt(v: unknown, path: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  throw new ValueError(path, `expected an integer, got ${show(v)}`);
}

function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (Array.isArray(v)) return "an array";
  if (v === null || v === undefined) return String(v);
  return typeof v === "object" ? "an object" : String(v);
}

/** Encode a JS value as a blob following `schema`. */
export function encodeValue(schema: Schema, v: unknown): Uint8Array {
  const w = new Writer();
  w.claim(schema.width, 1);
  w.write(schema, v, 0, "");
  return w.buf.slice(0, w.cursor);
}

/** Decode a blob produced by any implementation back into JS values. */
export function decodeValue(schema: Schema, blob: Uint8Array): unknown {
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const size = blob.byteLength;
  const check = (at: number, n: number, path: string) => {
    if (at + n > size) throw new ValueError(path, `offset ${at} + ${n} bytes is outside the blob of ${size} bytes`);
  };
  const offset = (pos: number, path: string): number => {
    const o = dv.getBigUint64(pos, true);
    if (o > BigInt(size)) throw new ValueError(path, `offset ${o} is outside the blob of ${size} bytes`);
    return Number(o);
  };
  const read = (s: Schema, pos: number, path: string): unknown => {
    switch (s.kind) {
      case "unit": return null;
      case "bool": {
        const x = dv.getUint8(pos);
        if (x > 1) throw new ValueError(path, `invalid Bool byte ${x}`);
        return x === 1;
      }
      case "int":
        if (s.width === 8) return dv.getBigInt64(pos, true);
        return BigInt(s.width === 4 ? dv.getInt32(pos, true) : s.width === 2 ? dv.getInt16(pos, true) : dv.getInt8(pos));
      case "uint":
        if (s.width === 8) return dv.getBigUint64(pos, true);
        return BigInt(s.width === 4 ? dv.getUint32(pos, true) : s.width === 2 ? dv.getUint16(pos, true) : dv.getUint8(pos));
      case "float": return s.width === 8 ? dv.getFloat64(pos, true) : dv.getFloat32(pos, true);
      case "str": {
        const n = Number(dv.getBigUint64(pos, true));
        if (n === 0) return "";
        const at = offset(pos + 8, path);
        check(at, n, path);
        try {
          return utf8Strict.decode(blob.subarray(at, at + n));
        } catch {
          throw new ValueError(path, "string is not valid UTF-8");
        }
      }
      case "list": {
        const n = Number(dv.getBigUint64(pos, true));
        const e = s.elem;
        if (n === 0) return [];
        const at = e.width === 0 ? 0 : offset(pos + 8, path);
        check(at, n * e.width, path);
        const out = new Array(n);
        if (e.kind === "float" && e.width === 8) {
          for (let k = 0; k < n; k++) out[k] = dv.getFloat64(at + 8 * k, true);
          return out;
        }
        if (e.kind === "int" && e.width === 8 && (blob.byteOffset + at) % 8 === 0) {
          return Array.from(new BigInt64Array(blob.buffer, blob.byteOffset + at, n)); // little-endian hosts only
        }
        for (let k = 0; k < n; k++) out[k] = read(e, at + k * e.width, `${path}[${k}]`);
        return out;
      }
      case "tuple":
        return s.items.map((it, k) => read(it, pos + s.offsets[k]!, `${path}[${k}]`));
      case "record": {
        const o: Record<string, unknown> = {};
        for (let k = 0; k < s.items.length; k++) {
          const key = s.keys[k]!;
          const x = read(s.items[k]!, pos + s.offsets[k]!, `${path}.${key}`);
          // a field named __proto__ must become an own property, not the prototype
          if (key === "__proto__") Object.defineProperty(o, key, { value: x, enumerable: true, writable: true, configurable: true });
          else o[key] = x;
        }
        return o;
      }
      case "optional": {
        if (dv.getBigUint64(pos, true) === NULL_OFFSET) return null;
        const at = offset(pos, path);
        check(at, s.inner.width, path);
        return read(s.inner, at, path);
      }
    }
  };
  if (size < schema.width) throw new ValueError("", `blob of ${size} bytes is shorter than the root (${schema.width} bytes)`);
  return read(schema, 0, "");
}
