"""Checks the Python arena: reuse after release, growth, release by another process, cleanup, and the
run's private folder under /dev/shm."""
import os
import random
import signal
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..")
sys.path.insert(0, PKG)
from morloc.arena import Arena, ArenaError  # noqa: E402
from morloc.value import encode, decode  # noqa: E402


def prefix():
    return f"mlc-{os.getpid()}-{random.getrandbits(32):08x}"


def segments(p):
    """The volumes in the run folder /dev/shm/<p> (its lock file aside); [] once the folder is gone."""
    d = "/dev/shm/" + p
    return sorted(n for n in os.listdir(d) if n != "lock") if os.path.isdir(d) else []


class ArenaTest(unittest.TestCase):
    def setUp(self):
        self.p = prefix()
        self.a = Arena.create(self.p, 1)

    def tearDown(self):
        self.a.close()
        self.assertEqual(segments(self.p), [])

    def test_alloc_release_reuse(self):
        r, view = self.a.alloc(100)
        self.assertEqual(r % 64, 0)
        self.assertEqual(r >> 48, 256)
        view[:] = b"x" * 100
        self.assertEqual(bytes(self.a.read(r, 3)), b"xxx")
        self.assertEqual(len(self.a.read(r)), 100)
        r2, _ = self.a.alloc(10)
        self.a.release(r)
        with self.assertRaises(ArenaError):
            self.a.release(r)
        self.assertEqual(self.a.alloc(100)[0], r)
        self.a.release(r2)

    def test_steady_loop_stays_in_one_volume(self):
        for k in range(3000):
            r, _ = self.a.alloc(500 + (k % 5) * 900)
            self.a.release(r)
        self.assertEqual(len(self.a.own_volumes), 1)

    def test_flat_footprint(self):
        """10^5 alloc/release cycles at varied sizes (8 blocks held) keep the volumes and mapped size."""
        rng = random.Random(7)
        window, before = [], None
        for k in range(100_000):
            window.append(self.a.alloc(rng.randrange(20_000))[0])
            if len(window) > 8:
                self.a.release(window.pop(0))
            if k == 10_000:
                before = (len(self.a.own_volumes), self.a.mapped_bytes)
        self.assertEqual((len(self.a.own_volumes), self.a.mapped_bytes), before)
        self.assertLessEqual(self.a.outstanding_blocks, 9)

    def test_limit(self):
        a = Arena.create(prefix(), 5, max_bytes=3 << 20)
        try:
            a.alloc(500_000)
            with self.assertRaisesRegex(ArenaError, r"its limit is 3145728 bytes \(MORLOC_ARENA_MAX\)"):
                a.alloc(4 << 20)
            self.assertEqual(a.alloc(1_500_000)[0] >> 48, 5 * 256 + 1)
            self.assertEqual(a.mapped_bytes, 3 << 20)
            with self.assertRaisesRegex(ArenaError, "larger than the largest block"):
                a.alloc((1 << 47) + 1)
        finally:
            a.close()

    def test_growth(self):
        self.a.alloc(900_000)
        r, _ = self.a.alloc(900_000)
        self.assertEqual(r >> 48, 257)
        big, view = self.a.alloc(5 << 20)
        view[-1] = 9
        self.assertEqual(self.a.read(big)[-1], 9)
        self.assertEqual(segments(self.p), ["1-0", "1-1", "1-2"])

    def test_bad_relptrs(self):
        self.a.alloc(8)
        with self.assertRaises(ArenaError):
            self.a.read(12345)
        with self.assertRaises(ArenaError):
            self.a.read((7 << 48) | 128)
        with self.assertRaises(ArenaError):
            Arena.create("bad/name", 1)

    def test_release_by_another_process(self):
        blob = encode("as", ["über", "x"])
        r, view = self.a.alloc(len(blob))
        view[:] = blob
        code = ("import sys; from morloc import Arena, decode\n"
                "a = Arena.create(sys.argv[1], 2); r = int(sys.argv[2])\n"
                "print(decode('as', a.read(r))); a.release(r); a.close()")
        out = subprocess.run([sys.executable, "-c", code, self.p, str(r)], cwd=PKG, capture_output=True,
                             text=True, timeout=20, env={**os.environ, "PYTHONPATH": PKG})
        self.assertEqual(out.stderr, "")
        self.assertEqual(out.stdout.strip(), "['über', 'x']")
        self.assertEqual(self.a.alloc(len(blob))[0], r)
        self.assertEqual(decode("as", self.a.read(r)), ["über", "x"])

    def test_run_folder_is_private_and_locked(self):
        self.a.alloc(1)
        st = os.stat("/dev/shm/" + self.p)
        self.assertEqual(st.st_mode & 0o777, 0o700)
        self.assertTrue(os.path.exists(f"/dev/shm/{self.p}/lock"))
        self.assertEqual(segments(self.p), ["1-0"])

    def test_refuses_a_folder_others_can_reach_or_own(self):
        p = prefix()
        os.mkdir("/dev/shm/" + p, 0o700)
        try:
            os.chmod("/dev/shm/" + p, 0o777)
            with self.assertRaisesRegex(ArenaError, "others can reach it"):
                Arena.create(p, 1)
            if os.getuid() == 0:
                os.chmod("/dev/shm/" + p, 0o700)
                os.chown("/dev/shm/" + p, 65534, 65534)
                with self.assertRaisesRegex(ArenaError, "another user"):
                    Arena.create(p, 1)
        finally:
            os.rmdir("/dev/shm/" + p)


if __name__ == "__main__":
    unittest.main()
