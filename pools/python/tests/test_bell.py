"""The doorbell fast path (morloc/bell.py): a channel between two threads (spinning and sleeping),
and a real pool daemon served over channels from the first call: values inline, larger than the
slot, through the arena, errors with their chain, re-entrant calls, and a callee that sleeps past
the spin. A pool killed mid-call on a channel is in tests/runtime/bell.test.ts (the fault suite)."""
import os
import socket
import sys
import textwrap
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon import ROOT, Daemon  # noqa: E402 (it also puts the pool runtime on sys.path)
from morloc import bell as B  # noqa: E402
from morloc import pool  # noqa: E402
from morloc.arena import Arena  # noqa: E402

POOL = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, %r)
    from morloc.pool import serve, foreign_call

    def m1(x):
        return x + 1.0

    def m2(xs):
        return [x * 2.0 for x in xs]

    def m3(x):
        if x == 0:
            raise ValueError("zero is not welcome")
        return foreign_call("py", 1, [x], ["f8"], "f8")

    def m4(s):
        time.sleep(s)
        return s

    serve({1: (m1, ["f8"], "f8", "inc"), 2: (m2, ["af8"], "af8", "double"), 3: (m3, ["f8"], "f8", "again"),
           4: (m4, ["f8"], "f8", "nap")})
""") % ROOT


@unittest.skipUnless(B.SUPPORTED, "the doorbell needs x86-64")
class ChannelThreads(unittest.TestCase):
    """Caller and callee in two threads of this process, over one arena block."""

    def run_pair(self, spin_ns, n=2000, size=40):
        arena = Arena.create("mlc-%d-belltest" % os.getpid(), 0)
        a, b = socket.socketpair()
        old = B.SPIN_NS
        B.SPIN_NS = spin_ns
        try:
            relptr, view = arena.alloc(B.CHANNEL_SIZE)
            B.Channel.reset(view)
            caller, callee = B.Channel(view, a, arena), B.Channel(arena.read(relptr), b, arena)

            def serve():
                seen = 0
                while callee.next_request(seen):
                    seen = callee.req.value
                    msg, big = callee.take()
                    reply = bytes(msg)[::-1]
                    if big is not None:
                        msg.release()
                        arena.release(big)
                    callee.respond(reply)

            t = threading.Thread(target=serve, daemon=True)
            t.start()
            for i in range(n):
                msg = (b"%08d" % i) * (size // 8)
                self.assertEqual(caller.call(msg), msg[::-1])
            a.close()  # the callee sees end of file on its next sleep and stops
            t.join(timeout=5)
            self.assertFalse(t.is_alive())
        finally:
            B.SPIN_NS = old
            b.close()
            arena.close()

    def test_spinning(self):
        self.run_pair(50_000)

    def test_sleeping_on_the_futex_every_time(self):
        self.run_pair(0, n=300)

    def test_messages_larger_than_the_slot(self):
        self.run_pair(50_000, n=50, size=B.SLOT + 4096)

    def test_a_peer_asleep_in_poll_gets_one_byte(self):
        """Sleep flag 2 (the R pool, asleep in poll()): the post sends one byte on the connection
        instead of FUTEX_WAKE; flag 0 sends nothing."""
        arena = Arena.create("mlc-%d-bellnudge" % os.getpid(), 0)
        a, b = socket.socketpair()
        try:
            relptr, view = arena.alloc(B.CHANNEL_SIZE)
            B.Channel.reset(view)
            caller = B.Channel(view, a, arena)
            caller._post(b"x" * 40, caller.req, caller._req_addr, caller.req_sleep)
            with self.assertRaises(BlockingIOError):
                b.recv(16, socket.MSG_DONTWAIT)
            caller.req_sleep.value = B.SLEEP_POLL
            caller._post(b"y" * 40, caller.req, caller._req_addr, caller.req_sleep)
            self.assertEqual(b.recv(16, socket.MSG_DONTWAIT), b"\0")
            self.assertEqual(caller.req.value, 2)
        finally:
            a.close()
            b.close()
            arena.close()


@unittest.skipUnless(B.SUPPORTED, "the doorbell needs x86-64")
class PoolOverChannels(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(POOL, "pybell", env={"MORLOC_BELL_AFTER": "0"})
        pool._idle.clear()
        cls.after, B.AFTER = B.AFTER, 0
        cls.lang = pool._BELL_PEERS
        pool._BELL_PEERS = ("py",)

    @classmethod
    def tearDownClass(cls):
        B.AFTER = cls.after
        pool._BELL_PEERS = cls.lang
        cls.daemon.stop()

    def test_calls_go_over_a_channel(self):
        total = sum(pool.foreign_call("py", 1, [float(i)], ["f8"], "f8") for i in range(3000))
        self.assertEqual(total, sum(i + 1.0 for i in range(3000)))
        self.assertTrue(any(c.chan is not None for c in pool._idle["py"]))

    def test_values_inline_larger_than_the_slot_and_in_the_arena(self):
        for n in (0, 1, 1000, B.SLOT // 8 + 10, 20000):  # 20000 Reals: above the inline limit
            xs = [float(i) for i in range(n)]
            self.assertEqual(pool.foreign_call("py", 2, [xs], ["af8"], "af8"), [x * 2.0 for x in xs])

    def test_error_and_reentrant_call(self):
        self.assertEqual(pool.foreign_call("py", 3, [2.0], ["f8"], "f8"), 3.0)
        with self.assertRaises(pool.MorlocError) as cm:
            pool.foreign_call("py", 3, [0.0], ["f8"], "f8")
        self.assertEqual(cm.exception.text, "ValueError: zero is not welcome\n  raised in py manifold 3 (again)")

    def test_a_callee_that_sleeps_past_the_spin(self):
        self.assertEqual(pool.foreign_call("py", 4, [0.2], ["f8"], "f8"), 0.2)


if __name__ == "__main__":
    unittest.main()
