"""Numeric lists in every form (list, array.array, memoryview) give the same values, bit for bit, in
every direction; views lent to a call die with it; the arena holds no block after 10^4 large calls."""
import array
import math
import os
import struct
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon import ROOT, Daemon  # noqa: E402
from morloc import pool  # noqa: E402
from morloc.value import decode, encode, encode_into, encoded_size  # noqa: E402

BASE = [math.nan, math.inf, -math.inf, -0.0, 0.0, 1.5, -2.25, 1e308, 5e-324]
# empty, one, and around the inline limit: 64 + 8 n bytes <= 65536 for n <= 8184
SIZES = [0, 1, 9, 8183, 8184, 8185, 20000]


def reals(n):
    return [BASE[i % 9] if i % 9 < 5 else BASE[i % 9] * (i + 1) for i in range(n)]


def ints(n):
    base = [0, -1, 1, 2**63 - 1, -2**63]
    return [base[i % 5] * (i + 1) if i % 5 < 3 else base[i % 5] for i in range(n)]


def bits(xs, code):
    return array.array(code, list(xs)).tobytes()  # NaN == NaN and -0.0 != 0.0 as bytes


class Forms(unittest.TestCase):
    def test_every_form_encodes_to_the_same_bytes(self):
        for schema, code, make in (("af8", "d", reals), ("ai8", "q", ints)):
            for n in SIZES:
                xs = make(n)
                blob = encode(schema, xs)
                self.assertEqual(encode(schema, array.array(code, xs)), blob)
                self.assertEqual(encode(schema, memoryview(array.array(code, xs))), blob)
                self.assertEqual(encode(schema, tuple(xs)), blob)
                # measured, then written into a block of that size that is full of garbage
                block = bytearray(b"\xab" * encoded_size(schema, xs))
                self.assertEqual(bytes(block[:encode_into(schema, xs, block)]), blob, (schema, n))

    def test_every_form_decodes_to_the_same_values(self):
        for schema, code, make in (("af8", "d", reals), ("ai8", "q", ints)):
            for n in SIZES:
                want = bits(make(n), code)
                blob = encode(schema, make(n))
                as_list, as_array, as_view = decode(schema, blob), decode(schema, blob, True), decode(schema, blob, "view")
                self.assertIs(type(as_list), list)
                self.assertIsInstance(as_array, array.array)
                self.assertIsInstance(as_view, memoryview)
                for got in (as_list, as_array, as_view):
                    self.assertEqual(bits(got, code), want, (schema, n, type(got)))

    def test_a_strided_view_encodes_element_by_element(self):
        xs = reals(100)
        view = memoryview(array.array("d", xs))[::-1]
        self.assertEqual(encode("af8", view), encode("af8", xs[::-1]))

    def test_a_bool_is_not_an_int(self):
        with self.assertRaises(ValueError):
            encode("ai8", [1, True])


POOL = textwrap.dedent("""
    import sys, array
    sys.path.insert(0, %r)
    from morloc import pool
    from morloc.pool import serve

    kept = []

    def ident(xs):
        return xs

    def rev(xs):
        return xs[::-1]

    def copy(xs):
        return array.array("d", xs)

    def kind(xs):
        return type(xs).__name__

    def keep(xs):
        kept.append(xs)
        return len(xs)

    def kept_read(_):
        try:
            return float(kept[-1][0])
        except ValueError:
            return -1.0

    def outstanding(_):
        a = pool._get_arena()
        with a._lock:
            a._collect()
        return a.outstanding_blocks

    serve({1: (ident, ["@view:af8"], "af8"), 2: (rev, ["@view:af8"], "af8"), 3: (copy, ["@view:af8"], "af8"),
           4: (kind, ["@view:af8"], "s"), 5: (keep, ["@view:af8"], "i8"), 6: (kept_read, ["i8"], "f8"),
           7: (outstanding, ["i8"], "i8"), 8: (ident, ["@array:af8"], "af8"), 9: (kind, ["@array:af8"], "s"),
           10: (ident, ["af8"], "af8")})
""") % ROOT


class Daemon_(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(POOL, "pybulk")

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def call(self, mid, x, schema="af8", ret="af8"):
        return pool.foreign_call("py", mid, [x], [schema], ret)

    def test_every_direction_keeps_the_bits(self):
        for n in SIZES:
            xs = reals(n)
            want = bits(xs, "d")
            for mid in (1, 3, 8, 10):
                for arg in (xs, array.array("d", xs)):
                    self.assertEqual(bits(self.call(mid, arg), "d"), want, (mid, n))
                    self.assertEqual(bits(pool.foreign_call("py", mid, [arg], ["af8"], "@array:af8"), "d"), want)
            self.assertEqual(bits(self.call(2, xs), "d"), bits(xs[::-1], "d"))

    def test_the_form_follows_the_codec_key(self):
        self.assertEqual(self.call(4, reals(20000), ret="s"), "memoryview")  # in the arena: lent
        self.assertEqual(self.call(4, reals(3), ret="s"), "memoryview")  # inline: a view of the packet
        self.assertEqual(self.call(9, reals(20000), ret="s"), "array")

    def test_a_kept_view_is_released_with_its_call(self):
        self.assertEqual(self.call(5, reals(20000), ret="i8"), 20000)
        self.assertEqual(self.call(6, 0, "i8", "f8"), -1.0)  # ValueError: released, not a reused block

    def test_no_block_outlives_its_call(self):
        big = array.array("d", reals(20000))  # 160 KB: every call goes through the arena both ways
        for i in range(10_000):
            mid = (1, 2, 3, 8, 10)[i % 5]
            self.assertEqual(len(self.call(mid, big)), 20000)
        self.assertEqual(self.call(7, 0, "i8", "i8"), 0)  # the pool's own arena: every result block freed
        arena = pool._get_arena()
        with arena._lock:
            arena._collect()
        channels = sum(1 for conns in pool._idle.values() for c in conns if c.chan is not None)
        # ours: every argument block freed (or sent back and freed); only doorbell channels stay
        self.assertEqual(arena.outstanding_blocks, channels)


if __name__ == "__main__":
    unittest.main()
