"""Checks the Python arena: reuse after release, growth, release by another process, cleanup, sweep."""
import os
import random
import signal
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..")
sys.path.insert(0, PKG)
from morloc.arena import Arena, ArenaError, sweep_orphans  # noqa: E402
from morloc.value import encode, decode  # noqa: E402


def prefix():
    return f"mlc-{os.getpid()}-{random.getrandbits(32):08x}"


def segments(p):
    return sorted(n for n in os.listdir("/dev/shm") if n.startswith(p + "-"))


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
        self.assertEqual(segments(self.p), [f"{self.p}-1-0", f"{self.p}-1-1", f"{self.p}-1-2"])

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

    def test_sweep_killed_process(self):
        code = ("import os, time; from morloc import Arena\n"
                "a = Arena.create('mlc-%d-feed' % os.getpid(), 3); a.alloc(1)\n"
                "print('ready', flush=True); time.sleep(30)")
        child = subprocess.Popen([sys.executable, "-c", code], cwd=PKG, stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": PKG})
        self.assertEqual(child.stdout.readline().strip(), "ready")
        name = f"mlc-{child.pid}-feed-3-0"
        self.assertIn(name, os.listdir("/dev/shm"))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        self.a.alloc(1)
        removed = sweep_orphans()
        self.assertIn(name, removed)
        self.assertNotIn(name, os.listdir("/dev/shm"))
        self.assertEqual(segments(self.p), [f"{self.p}-1-0"])  # a live process's volume survives


if __name__ == "__main__":
    unittest.main()
