"""The doorbell (docs/protocol.md, "Doorbell channels"): the fast path between two warm pools.

A kept connection's calls move into a channel, one arena block shared by caller and callee: each
side writes a packet into the block's slot and bumps a sequence word; the other side polls that
word briefly before it sleeps on a futex. A warm call then needs no system call when both pools
hold a core. Standard library only: the words are ctypes views of the shared block (whole-word
stores; struct.pack_into writes byte by byte and a peer could see a torn value) and the futex is
libc's syscall(2) through ctypes, which releases the GIL while it sleeps.
"""
import os
import socket
import struct
import time

CHANNEL_SIZE, CONTROL = 16384, 64
SLOT = CHANNEL_SIZE - CONTROL
BIG = 0xFFFFFFFF  # `len` of a message that sits in its own arena block
REQ, RESP, REQ_SLEEP, RESP_SLEEP, LEN, BIG_RELPTR = 0, 4, 8, 12, 16, 24  # BIG_RELPTR: u64 relptr, u64 length
_BIG = struct.Struct("<QQ")

# Python has no memory fence: its plain stores are ordered only on x86-64 (TSO), so only there does
# this pool take part; elsewhere every call stays on the socket.
_SYS_FUTEX = {"x86_64": 202, "AMD64": 202}.get(os.uname().machine)
SUPPORTED = _SYS_FUTEX is not None
_FUTEX_WAIT, _FUTEX_WAKE = 0, 1
# sleep-flag values: the waiter sleeps on the futex, or in poll() on its socket (the R pool, whose
# single thread waits on all its connections: it is woken by one byte on the connection)
SLEEP_FUTEX, SLEEP_POLL = 1, 2
_NUDGE = b"\0"


def _env_int(name, fallback):
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return fallback


# Calls over a connection before it moves to a channel (negative: never; 0: from the first call).
AFTER = _env_int("MORLOC_BELL_AFTER", 16) if SUPPORTED else -1
# How long a waiter polls before it sleeps; past the first few polls it yields (GIL and core).
SPIN_NS = _env_int("MORLOC_BELL_SPIN_US", 50) * 1000

# ctypes is loaded with the first channel: a pool that never gets one starts without it
ctypes = _syscall = _Timespec = None


def _load_ctypes():
    global ctypes, _syscall, _Timespec
    if ctypes is None:
        import ctypes as c

        class Timespec(c.Structure):
            _fields_ = [("sec", c.c_long), ("nsec", c.c_long)]

        _syscall = c.CDLL(None, use_errno=True).syscall
        _syscall.restype = c.c_long
        _Timespec, ctypes = Timespec, c


class Channel:
    """One side of a doorbell channel: `view` is the channel block, `sock` the kept connection
    (its end of file tells that the peer died while we wait), `arena` the pool's arena."""
    __slots__ = ("view", "slot", "sock", "arena", "req", "resp", "req_sleep", "resp_sleep", "len",
                 "_req_addr", "_resp_addr", "budget", "waits")

    def __init__(self, view, sock, arena):
        _load_ctypes()
        self.view, self.sock, self.arena = view, sock, arena
        self.slot = view[CONTROL:CHANNEL_SIZE]
        word = ctypes.c_uint32.from_buffer
        self.req, self.resp = word(view, REQ), word(view, RESP)
        self.req_sleep, self.resp_sleep = word(view, REQ_SLEEP), word(view, RESP_SLEEP)
        self.len = word(view, LEN)
        self._req_addr = ctypes.c_void_p(ctypes.addressof(self.req))
        self._resp_addr = ctypes.c_void_p(ctypes.addressof(self.resp))
        self.budget, self.waits = SPIN_NS, 0  # how long the next wait polls before it sleeps

    @staticmethod
    def reset(view):
        view[:CONTROL] = bytes(CONTROL)

    # caller side
    def call(self, msg):
        """Post a CALL, wait for its reply -> the reply packet's bytes; None if the callee died."""
        sent = self._post(msg, self.req, self._req_addr, self.req_sleep)
        if not self._wait(self.resp, self._resp_addr, self.resp_sleep, (sent - 1) & 0xFFFFFFFF):
            return None
        view, relptr = self.take()
        try:
            return bytes(view)
        finally:
            if relptr is not None:
                view.release()
                self.arena.release(relptr)

    # callee side
    def next_request(self, seen):
        """Wait for the request after `seen` -> True, or False when the caller's socket closed."""
        return self._wait(self.req, self._req_addr, self.req_sleep, seen)

    def respond(self, msg):
        self._post(msg, self.resp, self._resp_addr, self.resp_sleep)

    def take(self):
        """The posted message -> (memoryview of its bytes, relptr of its arena block or None).
        The reader releases that block once done with the view."""
        n = self.len.value
        if n != BIG:
            if n > SLOT:
                raise ValueError("doorbell message of %d bytes overruns the slot" % n)
            return self.slot[:n], None
        relptr, size = _BIG.unpack_from(self.view, BIG_RELPTR)
        return self.arena.read(relptr, size), relptr

    def _post(self, msg, ring, ring_addr, sleeping):
        n = len(msg)
        if n <= SLOT:
            self.slot[:n] = msg
            self.len.value = n
        else:  # larger than the slot: the message goes in an arena block that the reader frees
            relptr, block = self.arena.alloc(n)
            block[:n] = msg
            _BIG.pack_into(self.view, BIG_RELPTR, relptr, n)
            self.len.value = BIG
        value = ring.value = (ring.value + 1) & 0xFFFFFFFF
        how = sleeping.value
        if how == SLEEP_POLL:
            try:
                self.sock.send(_NUDGE, socket.MSG_DONTWAIT)
            except OSError:  # a full buffer already wakes the peer; a closed one is seen by the wait
                pass
        elif how:
            _syscall(_SYS_FUTEX, ring_addr, _FUTEX_WAKE, 0x7FFFFFFF, None, None, 0)
        return value

    def _wait(self, word, addr, sleeping, seen):
        """Wait until `word` is no longer `seen`; False when the peer's socket closed. Polls, then
        polls and yields, then sleeps on the futex. The polling budget adapts as in bell.hpp: halved
        (down to none) by a wait that ends in sleep, restored by one that ends while polling, whole
        every 64th wait."""
        if word.value != seen:
            self.budget = SPIN_NS
            return True
        self.waits += 1
        budget = SPIN_NS if self.waits % 64 == 0 else self.budget
        if budget > 0:
            for _ in range(16):
                if word.value != seen:
                    self.budget = SPIN_NS
                    return True
            clock, yield_ = time.perf_counter_ns, os.sched_yield
            now = clock()
            until = now + budget
            while now < until:
                if word.value != seen:
                    self.budget = SPIN_NS
                    return True
                yield_()  # lets the GIL and the core go to whoever needs them
                after = clock()
                if after - now > 20000:  # the core went to someone else: cores are busy, so sleep
                    break
                now = after
            self.budget = self.budget // 2 if self.budget >= 2000 else 0
        # sleep with a growing timeout: a wake-up lost to a racing store (no fence here) costs little
        timeout, want = 1000000, ctypes.c_uint32(seen)
        while True:
            sleeping.value = SLEEP_FUTEX
            if word.value == seen:
                ts = _Timespec(0, timeout)
                _syscall(_SYS_FUTEX, addr, _FUTEX_WAIT, want, ctypes.byref(ts), None, 0)
            sleeping.value = 0
            if word.value != seen:
                return True
            if self._peer_gone():
                return False
            timeout = min(timeout * 2, 64000000)

    def _peer_gone(self):
        try:
            return self.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True
