"""Runs a real Python pool daemon against a fake nexus socket: READY, calls (inline and through
the arena), error replies with their chain, and exit on EOF of the nexus connection."""
import os
import subprocess
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon import ROOT, Daemon  # noqa: E402 (it also puts the pool runtime on sys.path)
from morloc import packet as P  # noqa: E402
from morloc import pool  # noqa: E402
from morloc.value import decode, encode  # noqa: E402

POOL = textwrap.dedent("""
    import sys
    sys.path.insert(0, %r)
    from morloc.pool import serve, foreign_call

    def m1(xs):
        print("user output goes to stdout")
        return sum(x * x for x in xs)

    def m2(x):
        return 1 // x

    def m3(n):
        return [float(i) for i in range(n)]

    def m4(x):
        return foreign_call("py", 2, [x], ["i8"], "i8")

    serve({1: (m1, ["af8"], "f8"), 2: (m2, ["i8"], "i8", "inverse"), 3: (m3, ["i8"], "af8"),
           4: (m4, ["i8"], "i8")})
""") % ROOT


class PoolDaemon(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(POOL, "pytest", stdout=subprocess.PIPE)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def test_inline_call(self):
        self.assertEqual(pool.foreign_call("py", 1, [[1.0, 2.0, 3.0]], ["af8"], "f8"), 14.0)

    def test_arena_both_ways(self):
        xs = [0.5] * 20000  # 160 KB: above the inline limit
        self.assertEqual(pool.to_packet(xs, "af8").source, P.ARENA)
        self.assertEqual(pool.foreign_call("py", 1, [xs], ["af8"], "f8"), 5000.0)
        out = pool.foreign_call("py", 3, [30000], ["i8"], "af8")
        self.assertEqual(len(out), 30000)
        self.assertEqual(out[-1], 29999.0)

    def test_error_chain(self):
        with self.assertRaises(pool.MorlocError) as cm:
            pool.foreign_call("py", 4, [0], ["i8"], "i8")
        self.assertEqual(cm.exception.text, "ZeroDivisionError: integer division or modulo by zero\n"
                         "  raised in py manifold 2 (inverse)\n  called from py manifold 4")

    def test_unknown_manifold_and_ping(self):
        reply = pool.call_packets("py", 99, [])
        self.assertEqual(reply.kind, P.ERROR)
        self.assertIn("no manifold 99", bytes(reply.payload).decode())
        s = pool._take("py")
        P.send_packet(s, P.Packet(P.PING, request_id=42))
        pong = P.recv_packet(s)
        self.assertEqual((pong.kind, pong.request_id), (P.PONG, 42))
        pool._give("py", s)

    def test_values_codec_roundtrip(self):
        self.assertEqual(decode("m2:1:as1:bi8", encode("m2:1:as1:bi8", {"a": "é", "b": -5})), {"a": "é", "b": -5})


class ErrorStatus(unittest.TestCase):
    """The ERROR status says whose failure it is (docs/protocol.md), whatever the text says."""

    def reply(self, fn):
        call = P.Packet(P.CALL, call_id=1, request_id=7)
        return pool._dispatch({1: (fn, [], "i8")}, call)

    def test_statuses(self):
        def raises(e):
            def fn():
                raise e
            return fn
        # the program's own error, even one whose text reads like a lost pool
        r = self.reply(raises(RuntimeError("lost the connection to the cpp pool")))
        self.assertEqual((r.kind, r.status), (P.ERROR, P.FAIL))
        # a pool that could not be reached, whatever the text
        self.assertEqual(self.reply(raises(pool.PoolLost("gone"))).status, P.LOST)
        # a foreign call's ERROR passes on with its status, one hop added to its text
        r = self.reply(raises(pool.MorlocError("x\n  raised in cpp manifold 2", P.LOST)))
        self.assertEqual(r.status, P.LOST)
        self.assertIn("called from py manifold 1", bytes(r.payload).decode())
        self.assertEqual(self.reply(raises(pool.MorlocError("x"))).status, P.FAIL)


class ExitUnderSignal(unittest.TestCase):
    def test_sigterm_during_exit_ends_the_pool(self):
        # the pool ends on its nexus's end of file while the nexus's SIGTERM arrives: the handler runs
        # inside _exit's own clean-up, which must not wait again for what it is waiting for
        script = textwrap.dedent("""
            import os, signal, sys, threading, time
            sys.path.insert(0, %r)
            from morloc import pool
            lock = threading.Lock()
            class StuckArena:  # close() holds its lock when the signal lands, as Arena.close can
                def close(self, timeout=-1):
                    if not lock.acquire(blocking=False):
                        lock.acquire()  # a second close waits for the first: forever
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(60)
            pool._arena = StuckArena()
            signal.signal(signal.SIGTERM, lambda *_: pool._exit(0))
            pool._exit(0)
        """) % ROOT
        proc = subprocess.run([sys.executable, "-c", script], timeout=30)
        self.assertEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
