"""Blob encoder/decoder (docs/arena.md section 2): Python values <-> one position-independent byte
string whose pointers are u64 offsets from its start. Mirrors shm/value.ts byte for byte."""

import array
import math
import struct
import sys

from .schema import parse_schema

__all__ = ["encode", "encode_into", "encoded_size", "decode", "ValueFormatError"]

_NULL = 0xFFFFFFFFFFFFFFFF
_U64 = struct.Struct("<Q")
_PAIR = struct.Struct("<QQ")
_FMT = {("int", 1): "b", ("int", 2): "h", ("int", 4): "i", ("int", 8): "q",
        ("uint", 1): "B", ("uint", 2): "H", ("uint", 4): "I", ("uint", 8): "Q",
        ("float", 4): "f", ("float", 8): "d"}
_STRUCTS = {k: struct.Struct("<" + f) for k, f in _FMT.items()}
_NUMERIC = ("int", "uint", "float", "bool")
# numeric lists are copied whole through array/memoryview casts (host order must be little-endian)
_ARRAY = {k: f for k, f in _FMT.items() if sys.byteorder == "little" and array.array(f).itemsize == k[1]}
_ZEROS = bytes(4096)
_CHUNK = 1 << 16  # elements converted per array.array call: 512 KiB of f8, stays in cache


class ValueFormatError(ValueError):
    """Bad value or blob. The path inside the value is added on the way out, so the hot path builds none."""

    def __init__(self, path, what):
        super().__init__(what)
        self.what, self.path = what, path

    def within(self, step):
        self.path = step + self.path
        return self

    def __str__(self):
        return f"{self.what} at {self.path or 'the root'}"


def _schema(s):
    return parse_schema(s) if isinstance(s, (str, bytes)) else s


def _show(v):
    r = repr(v)
    return r if len(r) <= 40 else r[:40] + "..."


class _Writer:
    __slots__ = ("buf", "cursor", "fixed")

    def __init__(self, target=None):
        """Into a growing bytearray (zero-filled), or into a fixed writable `target` (zeroed as claimed)."""
        self.fixed = target is not None
        self.buf = memoryview(target).cast("B") if self.fixed else bytearray(256)
        self.cursor = 0

    def claim(self, n, a, whole=False):
        """Claim n bytes aligned to a; `whole`: the caller writes every byte, so a fixed target is zeroed
        only in the alignment gap."""
        at = -(-self.cursor // a) * a
        start, self.cursor = self.cursor, at + n
        if self.fixed:
            if self.cursor > len(self.buf):
                raise ValueFormatError("", f"the value needs more than the {len(self.buf)} bytes given")
            end = at if whole else self.cursor
            while start < end:
                k = min(end - start, len(_ZEROS))
                self.buf[start:start + k] = _ZEROS[:k]
                start += k
            return at
        short = self.cursor - len(self.buf)
        if short > 0:
            self.buf.extend(bytes(max(short, len(self.buf))))
        return at

    def write(self, s, v, pos):
        k = s.kind
        if k == "int" or k == "uint":
            if type(v) is not int:
                raise ValueFormatError("", f"expected an integer, got {_show(v)}")
            try:
                _STRUCTS[(k, s.width)].pack_into(self.buf, pos, v)
            except struct.error:
                raise ValueFormatError("", f"integer {v} out of range for {k[0]}{s.width}") from None
        elif k == "float":
            if type(v) is not float and type(v) is not int:
                raise ValueFormatError("", f"expected a number, got {_show(v)}")
            try:
                _STRUCTS[(k, s.width)].pack_into(self.buf, pos, v)
            except (OverflowError, struct.error):
                if type(v) is int:
                    raise ValueFormatError("", f"integer {_show(v)} is too large for a float") from None
                _STRUCTS[(k, s.width)].pack_into(self.buf, pos, math.copysign(math.inf, v))  # f4 rounds to inf
        elif k == "str":
            if type(v) is not str:
                raise ValueFormatError("", f"expected a string, got {_show(v)}")
            if v:
                data = v.encode("utf-8")
                at = self.claim(len(data), 1, True)
                self.buf[at:at + len(data)] = data
                _PAIR.pack_into(self.buf, pos, len(data), at)
        elif k == "bool":
            if type(v) is not bool:
                raise ValueFormatError("", f"expected a bool, got {_show(v)}")
            self.buf[pos] = 1 if v else 0
        elif k == "list":
            if not isinstance(v, (list, tuple, array.array, memoryview)):
                # builtins such as map, filter and range give iterables; a str or dict is a type error
                if isinstance(v, (str, bytes, bytearray, dict)) or not hasattr(v, "__iter__"):
                    raise ValueFormatError("", f"expected a list, got {_show(v)}")
                v = list(v)
            if isinstance(v, memoryview) and not v.c_contiguous:
                v = v.tolist()  # a strided view (xs[::-1]) cannot be copied as bytes
            e, n = s.elem, len(v)
            _U64.pack_into(self.buf, pos, n)
            size = n * e.width
            if size == 0:
                return
            code = _ARRAY.get((e.kind, e.width))
            at = self.claim(size, 64 if e.kind in _NUMERIC else e.align, code is not None)
            _U64.pack_into(self.buf, pos + 8, at)
            if code and (isinstance(v, array.array) and v.typecode == code or isinstance(v, memoryview) and v.format == code):
                self.buf[at:at + size] = memoryview(v).cast("B")  # the same element type: one copy
                return
            if e.kind in ("int", "uint", "float") and self._packs(e, v, at):
                return
            if e.kind == "bool" and not isinstance(v, memoryview) and set(map(type, v)) <= {bool}:
                self.buf[at:at + n] = bytes(v)  # True/False are the bytes 1/0
                return
            if e.kind == "str" and self._strings(v, at):
                return
            w, i = e.width, 0
            try:
                for i, x in enumerate(v):
                    self.write(e, x, at + i * w)
            except ValueFormatError as err:
                raise err.within(f"[{i}]")
        elif k == "tuple":
            if not isinstance(v, (list, tuple)):
                raise ValueFormatError("", f"expected a tuple, got {_show(v)}")
            if len(v) != len(s.items):
                raise ValueFormatError("", f"expected a tuple of {len(s.items)}, got {len(v)} items")
            for i, (it, off) in enumerate(zip(s.items, s.offsets)):
                try:
                    self.write(it, v[i], pos + off)
                except ValueFormatError as err:
                    raise err.within(f"[{i}]")
        elif k == "record":
            if not isinstance(v, dict):
                raise ValueFormatError("", f"expected a dict for a record, got {_show(v)}")
            for key, it, off in zip(s.keys, s.items, s.offsets):
                if key not in v:
                    raise ValueFormatError("", f'record is missing the field "{key}"')
                try:
                    self.write(it, v[key], pos + off)
                except ValueFormatError as err:
                    raise err.within(f".{key}")
        elif k == "optional":
            if v is None:
                _U64.pack_into(self.buf, pos, _NULL)
            else:
                at = self.claim(s.inner.width, s.inner.align)
                _U64.pack_into(self.buf, pos, at)
                self.write(s.inner, v, at)
        elif k == "unit":
            if v is not None:
                raise ValueFormatError("", f"expected None for Unit, got {_show(v)}")

    def _strings(self, v, at):
        """Fast path for a list of str: all slots in one struct call, all bytes in one copy."""
        if not set(map(type, v)) <= {str}:
            return False
        datas = [x.encode("utf-8") for x in v]
        blob = b"".join(datas)
        start = self.claim(len(blob), 1, True)
        self.buf[start:start + len(blob)] = blob
        slots, cur = [], start
        for d in datas:
            n = len(d)
            slots += (n, cur if n else 0)
            cur += n
        struct.pack_into(f"<{len(slots)}Q", self.buf, at, *slots)
        return True

    def _packs(self, e, v, at):
        """Fast path for a list of numbers: array.array converts a chunk at a time in C (no per-element
        type scan, no temporary of the whole list's size) and each chunk is copied into place. False
        means: check element by element (the element path gives the error text)."""
        code = _ARRAY.get((e.kind, e.width))
        try:
            if code:
                if e.kind == "float" and code == "f" and any(abs(x) > 3.4e38 for x in v):
                    return False  # f4 overflow rounds to infinity on the element path
                w, n, buf = e.width, len(v), self.buf
                for i in range(0, n, _CHUNK):
                    chunk = v[i:i + _CHUNK] if n > _CHUNK else v
                    # array() takes True as 1: a Bool is neither an Int nor a Real (the element path says so)
                    if e.kind != "float" and not set(map(type, chunk)) <= {int}:
                        return False
                    part = array.array(code, chunk)
                    k = len(part) * w
                    buf[at + i * w:at + i * w + k] = memoryview(part).cast("B")
            else:
                if not set(map(type, v)) <= ({float, int} if e.kind == "float" else {int}):
                    return False
                struct.pack_into(f"<{len(v)}{_FMT[(e.kind, e.width)]}", self.buf, at, *v)
            return True
        except (struct.error, OverflowError, TypeError):
            return False


def encode(schema, value):
    """Encode a Python value as a blob; `schema` is a Schema or schema text."""
    s = _schema(schema)
    w = _Writer()
    w.claim(s.width, 1)
    w.write(s, value, 0)
    return bytes(memoryview(w.buf)[:w.cursor])


def encoded_size(schema, value):
    """The exact blob size of `value` (the cursor rules of docs/arena.md 2.2, without writing)."""
    s = _schema(schema)
    cursor = s.width

    def visit(s, x):
        nonlocal cursor
        k = s.kind
        if k == "str":
            if type(x) is str and x:
                cursor += len(x) if x.isascii() else len(x.encode("utf-8"))
        elif k == "list":
            if not isinstance(x, (list, tuple, array.array, memoryview)) or not len(x) * s.elem.width:
                return
            e = s.elem
            cursor = -(-cursor // (64 if e.kind in _NUMERIC else e.align)) * (64 if e.kind in _NUMERIC else e.align)
            cursor += len(x) * e.width
            if e.kind in ("str", "list", "tuple", "record", "optional"):
                for y in x:
                    visit(e, y)
        elif k == "tuple":
            if isinstance(x, (list, tuple)):
                for it, y in zip(s.items, x):
                    visit(it, y)
        elif k == "record":
            if isinstance(x, dict):
                for key, it in zip(s.keys, s.items):
                    visit(it, x.get(key))
        elif k == "optional" and x is not None:
            cursor = -(-cursor // s.inner.align) * s.inner.align + s.inner.width
            visit(s.inner, x)

    visit(s, value)
    return cursor


def encode_into(schema, value, target):
    """Encode straight into a writable buffer (e.g. an arena block of encoded_size bytes, not zeroed);
    return the number of bytes written."""
    s = _schema(schema)
    w = _Writer(target)
    w.claim(s.width, 1)
    w.write(s, value, 0)
    return w.cursor


def decode(schema, buf, arrays=False):
    """Decode a blob (bytes, bytearray or memoryview) into Python values. With `arrays`, lists of
    `i u f` elements come back as array.array (one copy, no per-element objects); with
    arrays="view" as memoryviews cast to the element type that alias `buf` (no copy: valid only while
    buf is, e.g. until its arena block is released)."""
    s = _schema(schema)
    mv = memoryview(buf).cast("B")
    size = len(mv)

    def offset(pos, n):
        o = _U64.unpack_from(mv, pos)[0]
        if o + n > size:
            raise ValueFormatError("", f"offset {o} + {n} bytes is outside the blob of {size} bytes")
        return o

    def read(s, pos):
        k = s.kind
        if k == "int" or k == "uint" or k == "float":
            return _STRUCTS[(k, s.width)].unpack_from(mv, pos)[0]
        if k == "str":
            n = _U64.unpack_from(mv, pos)[0]
            if n == 0:
                return ""
            at = offset(pos + 8, n)
            try:
                return str(mv[at:at + n], "utf-8")
            except UnicodeDecodeError:
                raise ValueFormatError("", "string is not valid UTF-8") from None
        if k == "bool":
            x = mv[pos]
            if x > 1:
                raise ValueFormatError("", f"invalid Bool byte {x}")
            return x == 1
        if k == "list":
            e = s.elem
            n = _U64.unpack_from(mv, pos)[0]
            if n == 0:
                code = _ARRAY.get((e.kind, e.width)) if arrays and e.kind in ("int", "uint", "float") else None
                if code is None:
                    return []
                return memoryview(b"").cast(code) if arrays == "view" else array.array(code)
            if e.width == 0:
                return [read(e, 0) for _ in range(n)]
            at = offset(pos + 8, n * e.width)
            if e.kind in ("int", "uint", "float"):
                code = _ARRAY.get((e.kind, e.width))
                if code is None:
                    return list(struct.unpack_from(f"<{n}{_FMT[(e.kind, e.width)]}", mv, at))
                data = mv[at:at + n * e.width]
                if arrays == "view":
                    return data.cast(code)
                if arrays:
                    out = array.array(code)
                    out.frombytes(data)
                    return out
                return data.cast(code).tolist()
            if e.kind == "bool":
                data = bytes(mv[at:at + n])
                if data.translate(None, b"\x00\x01"):
                    raise ValueFormatError("[...]", f"invalid Bool byte {max(data)}")
                return list(map(bool, data))
            if e.kind == "str":
                slots = struct.unpack_from(f"<{2 * n}Q", mv, at)
                out = []
                for i in range(0, 2 * n, 2):
                    ln, o = slots[i], slots[i + 1]
                    if ln == 0:
                        out.append("")
                        continue
                    if o + ln > size:
                        raise ValueFormatError(f"[{i // 2}]", f"offset {o} + {ln} bytes is outside the blob of {size} bytes")
                    try:
                        out.append(str(mv[o:o + ln], "utf-8"))
                    except UnicodeDecodeError:
                        raise ValueFormatError(f"[{i // 2}]", "string is not valid UTF-8") from None
                return out
            w = e.width
            try:
                return [read(e, at + i * w) for i in range(n)]
            except ValueFormatError as err:
                raise err.within("[...]")
        if k == "tuple":
            return tuple(read(it, pos + off) for it, off in zip(s.items, s.offsets))
        if k == "record":
            return {key: read(it, pos + off) for key, it, off in zip(s.keys, s.items, s.offsets)}
        if k == "optional":
            if _U64.unpack_from(mv, pos)[0] == _NULL:
                return None
            return read(s.inner, offset(pos, s.inner.width))
        return None  # unit

    if size < s.width:
        raise ValueFormatError("", f"blob of {size} bytes is shorter than the root ({s.width} bytes)")
    return read(s, 0)
