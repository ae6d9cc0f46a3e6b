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

// Numeric lists are copied through typed-array views (host order: little-endian x86-64/aarch64).
const TYPED: Record<string, any> = {
  float8: Float64Array, float4: Float32Array, int8: BigInt64Array, uint8: BigUint64Array,
  int4: Int32Array, uint4: Uint32Array, int2: Int16Array, uint2: Uint16Array, int1: Int8Array, uint1: Uint8Array,
};
const typedOf = (e: Schema) => (e.kind === "float" || e.kind === "int" || e.kind === "uint" ? TYPED[e.kind + e.width] : undefined);
const isTyped = (v: unknown): v is ArrayLike<number | bigint> => ArrayBuffer.isView(v) && !(v instanceof DataView);

class Writer {
  buf: Uint8Array;
  view: DataView;
  cursor = 0;

  /** Into a growing private buffer (zero-filled), or into a fixed `target` (zeroed as claimed). */
  constructor(readonly target?: Uint8Array) {
    this.buf = target ?? new Uint8Array(256);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Claim `n` bytes at the cursor aligned to `a`; returns their offset. `whole`: the caller writes
   *  every byte of the claim, so a fixed target needs no zeroing there (only the alignment gap). */
  claim(n: number, a: number, whole = false): number {
    const at = alignUp(this.cursor, a);
    const from = this.cursor;
    this.cursor = at + n;
    if (this.target) {
      if (this.cursor > this.buf.length) throw new ValueError("", `the value needs more than the ${this.buf.length} bytes given`);
      this.buf.fill(0, from, whole ? at : this.cursor);
    } else if (this.cursor > this.buf.length) {
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
        const at = this.claim(bytes.length, 1, true);
        this.buf.set(bytes, at);
        this.view.setBigUint64(pos, BigInt(bytes.length), true);
        this.view.setBigUint64(pos + 8, BigInt(at), true);
        return;
      }
      case "list": {
        const typed = isTyped(v);
        if (!Array.isArray(v) && !typed) throw new ValueError(path, `expected an array, got ${show(v)}`);
        const e = s.elem;
        const n = v.length;
        dv.setBigUint64(pos, BigInt(n), true);
        const size = n * e.width;
        if (size === 0) return;
        const Typed = typedOf(e);
        const at = this.claim(size, isNumeric(e) ? 64 : e.align, Typed !== undefined);
        this.view.setBigUint64(pos + 8, BigInt(at), true);
        if (e.kind === "float" && (this.buf.byteOffset + at) % e.width === 0) {
          // one typed-array copy; a plain array is checked first, since set() would turn junk into NaN
          if (!typed || v instanceof BigInt64Array || v instanceof BigUint64Array) {
            for (let k = 0; k < n; k++) {
              const x = v[k];
              if (typeof x !== "number") throw new ValueError(`${path}[${k}]`, `expected a number, got ${show(x)}`);
            }
          }
          new Typed(this.buf.buffer, this.buf.byteOffset + at, n).set(v);
          return;
        }
        if (typed && Typed && v instanceof Typed) {
          this.buf.set(new Uint8Array(v.buffer, v.byteOffset, size), at); // same element type: bytes as they are
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

/** Encode a JS value as a blob following `schema`. Numeric lists may also be given as typed arrays. */
export function encodeValue(schema: Schema, v: unknown): Uint8Array {
  const w = new Writer();
  w.claim(schema.width, 1);
  w.write(schema, v, 0, "");
  // no second copy of a large blob: the doubling buffer is at most twice the size
  return w.cursor * 2 >= w.buf.length ? w.buf.subarray(0, w.cursor) : w.buf.slice(0, w.cursor);
}

/** The exact size of the blob of `v` (the cursor rules of docs/arena.md §2.2, without writing). */
export function encodedSize(schema: Schema, v: unknown): number {
  let cursor = schema.width;
  const visit = (s: Schema, x: any): void => {
    switch (s.kind) {
      case "str":
        if (typeof x === "string" && x.length > 0) cursor += Buffer.byteLength(x, "utf8");
        return;
      case "list": {
        if (!Array.isArray(x) && !isTyped(x)) return;
        const e = s.elem;
        if (x.length * e.width === 0) return;
        cursor = alignUp(cursor, isNumeric(e) ? 64 : e.align) + x.length * e.width;
        if (e.kind === "str" || e.kind === "list" || e.kind === "tuple" || e.kind === "record" || e.kind === "optional") {
          for (let k = 0; k < x.length; k++) visit(e, x[k]);
        }
        return;
      }
      case "tuple":
        if (Array.isArray(x)) s.items.forEach((it, k) => visit(it, x[k]));
        return;
      case "record":
        if (x && typeof x === "object") s.items.forEach((it, k) => visit(it, x[s.keys[k]!]));
        return;
      case "optional":
        if (x === null || x === undefined) return;
        cursor = alignUp(cursor, s.inner.align) + s.inner.width;
        visit(s.inner, x);
        return;
    }
  };
  visit(schema, v);
  return cursor;
}

/** Encode straight into `target` (e.g. an arena block of encodedSize bytes); returns the bytes written. */
export function encodeInto(schema: Schema, v: unknown, target: Uint8Array): number {
  const w = new Writer(target);
  w.claim(schema.width, 1);
  w.write(schema, v, 0, "");
  return w.cursor;
}

/** Decode a blob produced by any implementation back into JS values. With `typed`, lists of `i u f`
 *  elements come back as typed arrays (Float64Array, BigInt64Array, ...: one copy, no per-element work);
 *  with `typed: "view"` they alias the blob itself (no copy: valid only while the blob is, e.g. until
 *  its arena block is released). */
export function decodeValue(schema: Schema, blob: Uint8Array, opts: { typed?: boolean | "view" } = {}): unknown {
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
        const Typed = typedOf(e);
        if (Typed && opts.typed === "view" && (blob.byteOffset + at) % e.width === 0) return new Typed(blob.buffer, blob.byteOffset + at, n);
        if (Typed && opts.typed) return new Typed(blob.slice(at, at + n * e.width).buffer);
        const out = new Array(n);
        if (e.kind === "float" && (blob.byteOffset + at) % e.width === 0) {
          const src = new Typed(blob.buffer, blob.byteOffset + at, n);
          for (let k = 0; k < n; k++) out[k] = src[k];
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
