"""Checks the Python schema parser and blob codec against tests/vectors/values.json and bad inputs."""
import json
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from morloc.schema import parse_schema, schema_to_string, SchemaError  # noqa: E402
from morloc.value import encode, encode_into, encoded_size, decode, ValueFormatError  # noqa: E402
import array  # noqa: E402

with open(os.path.join(HERE, "..", "..", "..", "tests", "vectors", "values.json")) as f:
    VECTORS = json.load(f)

_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def from_jsonish(s, j):
    """The vector file's JSON form -> the Python value the codec takes and returns."""
    k = s.kind
    if k in ("int", "uint"):
        return int(j)
    if k == "float":
        return _FLOATS[j] if isinstance(j, str) else float(j)
    if k == "list":
        return [from_jsonish(s.elem, x) for x in j]
    if k == "tuple":
        return tuple(from_jsonish(it, x) for it, x in zip(s.items, j))
    if k == "record":
        return {key: from_jsonish(it, j[key]) for key, it in zip(s.keys, s.items)}
    if k == "optional":
        return None if j is None else from_jsonish(s.inner, j)
    return j


def same(a, b):
    """Equality where NaN equals NaN and -0.0 differs from 0.0."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)) and type(a) is type(b):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


class Vectors(unittest.TestCase):
    def test_count(self):
        self.assertGreaterEqual(len(VECTORS), 40)

    def test_encode_exact_bytes(self):
        for v in VECTORS:
            s = parse_schema(v["schema"])
            with self.subTest(v["name"]):
                self.assertEqual(encode(s, from_jsonish(s, v["value"])).hex(), v["hex"])

    def test_decode_back(self):
        for v in VECTORS:
            s = parse_schema(v["schema"])
            with self.subTest(v["name"]):
                got = decode(s, memoryview(bytes.fromhex(v["hex"])))
                self.assertTrue(same(got, from_jsonish(s, v["value"])), f"{got!r}")

    def test_encode_into_dirty_buffer(self):
        # an arena block is not zeroed: padding and empty slots must still come out as zeros
        for v in VECTORS:
            s = parse_schema(v["schema"])
            value = from_jsonish(s, v["value"])
            with self.subTest(v["name"]):
                n = encoded_size(s, value)
                self.assertEqual(n, len(v["hex"]) // 2)
                target = bytearray(b"\xaa" * (n + 3))
                self.assertEqual(encode_into(s, value, memoryview(target)[:n]), n)
                self.assertEqual(target[:n].hex(), v["hex"])
                self.assertEqual(target[n], 0xAA)

    def test_arrays_decode_and_encode(self):
        for v in VECTORS:
            s = parse_schema(v["schema"])
            with self.subTest(v["name"]):
                got = decode(s, bytes.fromhex(v["hex"]), arrays=True)
                self.assertEqual(encode(s, got).hex(), v["hex"])
        got = decode("t2:af8ai4", encode("t2:af8ai4", ([1.5, -0.0], [3, -4])), arrays=True)
        self.assertEqual(got, (array.array("d", [1.5, -0.0]), array.array("i", [3, -4])))
        self.assertEqual(encode("af8", array.array("d", [2.0])), encode("af8", [2.0]))
        blob = bytearray(encode("t2:af8ai4", ([1.5, -0.0], [3, -4])))
        view = decode("t2:af8ai4", blob, arrays="view")
        self.assertEqual((view[0].tolist(), view[1].tolist()), ([1.5, -0.0], [3, -4]))
        self.assertEqual(encode("t2:af8ai4", view), bytes(blob))
        blob[71] = 0  # a view aliases the blob (the top byte of 1.5)
        self.assertNotEqual(view[0][0], 1.5)
        with self.assertRaisesRegex(ValueFormatError, "more than the 18 bytes"):
            encode_into("as", ["abc"], bytearray(18))

    def test_schema_round_trip(self):
        for v in VECTORS:
            self.assertEqual(schema_to_string(parse_schema(v["schema"])), v["schema"])

    def test_million_reals(self):
        xs = [i * 0.5 for i in range(10 ** 6)]
        blob = encode("af8", xs)
        self.assertEqual(len(blob), 64 + 8 * 10 ** 6)
        self.assertEqual(decode("af8", blob)[-1], xs[-1])


class Bad(unittest.TestCase):
    def test_schema_errors_name_position(self):
        for text, pos in [("x", 0), ("i3", 1), ("t2:i8", 5), ("m1:3:abi8", 8), ("m1:9:ab", 3), ("af8z", 3),
                          ("t:", 1), ("m1:1:ab1:ab", 7), ("", 0), ("m2:1:ai81:ab", 10)]:
            with self.subTest(text):
                with self.assertRaises(SchemaError) as cm:
                    parse_schema(text)
                self.assertEqual(cm.exception.position, pos, str(cm.exception))

    def test_large_counts(self):
        s = parse_schema("t70:" + "b" * 70)
        self.assertEqual(s.width, 70)

    def test_value_errors(self):
        cases = [("i1", 128), ("u1", -1), ("i8", 2 ** 63), ("i8", 1.5), ("i8", True), ("b", 1),
                 ("s", b"x"), ("m1:1:ai8", {"b": 1}), ("t2:i8i8", (1,)), ("z", 0), ("af8", [1.0, "x"]),
                 ("ai8", [1, 2 ** 64])]
        for text, val in cases:
            with self.subTest(f"{text} {val!r}"):
                with self.assertRaises(ValueFormatError):
                    encode(text, val)

    def test_lists_from_iterables(self):
        # what builtins such as map, filter and range return stands for a list; a str or dict does not
        self.assertEqual(encode("ai8", map(lambda x: 2 * x, [1, 2])), encode("ai8", [2, 4]))
        self.assertEqual(encode("aai8", [range(3), filter(None, [0, 5])]), encode("aai8", [[0, 1, 2], [5]]))
        for bad in ("ab", {"a": 1}, 3):
            with self.subTest(repr(bad)):
                with self.assertRaises(ValueFormatError):
                    encode("as", bad)

    def test_f4_overflow_rounds_to_infinity(self):
        self.assertEqual(decode("af4", encode("af4", [1.0, -1e40])), [1.0, -math.inf])
        with self.assertRaises(ValueFormatError):
            encode("f8", 10 ** 400)

    def test_error_names_path(self):
        with self.assertRaisesRegex(ValueFormatError, r"at \[1\]\.age"):
            encode("am1:3:agei1", [{"age": 1}, {"age": 1000}])

    def test_decode_rejects_bad_blobs(self):
        with self.assertRaises(ValueFormatError):
            decode("s", bytes.fromhex("0500000000000000" "1000000000000000") + b"ab")
        with self.assertRaises(ValueFormatError):
            decode("b", b"\x02")
        with self.assertRaises(ValueFormatError):
            decode("i8", b"\x00")
        with self.assertRaises(ValueFormatError):
            decode("s", bytes.fromhex("0100000000000000" "1000000000000000") + b"\xff")


if __name__ == "__main__":
    unittest.main()
