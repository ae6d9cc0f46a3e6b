"""Schema strings (docs/arena.md section 1): parse text like "m2:4:names3:agei8" into a tree whose
nodes carry their width and alignment, as the blob codec in value.py needs them."""

__all__ = ["Schema", "SchemaError", "parse_schema", "schema_to_string"]

_WIDTHS = {"i": (1, 2, 4, 8), "u": (1, 2, 4, 8), "f": (4, 8)}
_KINDS = {"i": "int", "u": "uint", "f": "float"}


class SchemaError(ValueError):
    def __init__(self, text, position, what):
        super().__init__(f'bad schema "{text}" at position {position}: {what}')
        self.position = position


class Schema:
    """kind: unit bool int uint float str list tuple record optional.
    elem (list), inner (optional), items + offsets (tuple, record), keys (record)."""

    __slots__ = ("kind", "width", "align", "elem", "inner", "items", "offsets", "keys")

    def __init__(self, kind, width, align, elem=None, inner=None, items=None, keys=None):
        self.kind, self.width, self.align = kind, width, align
        self.elem, self.inner, self.items, self.keys = elem, inner, items, keys
        self.offsets = None

    def __repr__(self):
        return f"Schema({schema_to_string(self)!r})"


def _fields(kind, items, keys=None):
    end, align, offsets = 0, 1, []
    for it in items:
        at = -(-end // it.align) * it.align
        offsets.append(at)
        end = at + it.width
        align = max(align, it.align)
    s = Schema(kind, -(-end // align) * align, align, items=items, keys=keys)
    s.offsets = offsets
    return s


def parse_schema(text):
    """Parse a schema string (str or bytes); raise SchemaError naming the byte position."""
    b = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    shown = b.decode("utf-8", "replace")
    pos = 0

    def fail(what, at=None):
        raise SchemaError(shown, pos if at is None else at, what)

    def count(what):
        nonlocal pos
        start = pos
        while pos < len(b) and 48 <= b[pos] <= 57:
            pos += 1
        if pos == start:
            fail(f"expected a decimal {what}")
        if pos - start > 15:
            fail(f"{what} too large", start)
        n = int(b[start:pos])
        if pos >= len(b) or b[pos] != 58:
            fail(f"expected ':' after the {what}")
        pos += 1
        return n

    def one():
        nonlocal pos
        if pos >= len(b):
            fail("unexpected end, expected a type")
        at = pos
        c = chr(b[pos])
        pos += 1
        if c == "z":
            return Schema("unit", 0, 1)
        if c == "b":
            return Schema("bool", 1, 1)
        if c == "s":
            return Schema("str", 16, 8)
        if c in _WIDTHS:
            d = b[pos] - 48 if pos < len(b) else -1
            if d not in _WIDTHS[c]:
                fail(f"'{c}' needs a width of {', '.join(map(str, _WIDTHS[c]))}")
            pos += 1
            return Schema(_KINDS[c], d, d)
        if c == "a":
            return Schema("list", 16, 8, elem=one())
        if c == "?":
            return Schema("optional", 8, 8, inner=one())
        if c == "t":
            n = count("field count")
            return _fields("tuple", [one() for _ in range(n)])
        if c == "m":
            n = count("field count")
            keys, items = [], []
            for _ in range(n):
                k_at = pos
                length = count("key length")
                if pos + length > len(b):
                    fail(f"key of {length} bytes runs past the end", k_at)
                try:
                    key = b[pos:pos + length].decode("utf-8")
                except UnicodeDecodeError:
                    fail("key is not valid UTF-8")
                if key in keys:
                    fail(f'duplicate key "{key}"')
                pos += length
                keys.append(key)
                items.append(one())
            return _fields("record", items, keys)
        fail(f"unknown type character '{c}'", at)

    s = one()
    if pos != len(b):
        fail("trailing characters after the schema")
    return s


def schema_to_string(s):
    k = s.kind
    if k in ("int", "uint", "float"):
        return k[0] + str(s.width)
    if k in ("unit", "bool", "str"):
        return {"unit": "z", "bool": "b", "str": "s"}[k]
    if k == "list":
        return "a" + schema_to_string(s.elem)
    if k == "optional":
        return "?" + schema_to_string(s.inner)
    if k == "tuple":
        return f"t{len(s.items)}:" + "".join(map(schema_to_string, s.items))
    return f"m{len(s.items)}:" + "".join(
        f"{len(key.encode('utf-8'))}:{key}{schema_to_string(it)}" for key, it in zip(s.keys, s.items))
