"""The Python pool daemon: serves manifolds over a UNIX socket and calls other pools (foreign_call).

Generated pool code calls `serve({mid: (fn, arg_schemas, ret_schema[, name])})` once, and
`foreign_call(lang, mid, args, arg_schemas, ret_schema)` inside manifolds. Start-up follows
docs/architecture.md; packets follow docs/protocol.md. Standard library only.
"""
import itertools
import os
import signal
import socket
import struct
import sys
import threading

from morloc import packet as P

LANG = "py"
_RELPTR = struct.Struct("<QQ")


class MorlocError(Exception):
    """An error that came back from another pool; `text` is the whole message with its chain."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text


class PoolLost(MorlocError):
    """The connection to another pool broke (it crashed or exited)."""


# ----------------------------------------------------------------------------------- run state

_run_dir = os.environ.get("MORLOC_RUN_DIR", "")
_arena_prefix = os.environ.get("MORLOC_ARENA", "")
_slot = int(os.environ.get("MORLOC_SLOT", "1") or 1)
_arena = None
_arena_lock = threading.Lock()
_schemas = {}
_idle = {}  # peer language -> idle connected sockets
_idle_lock = threading.Lock()
_request_ids = itertools.count(1)  # next() on a count is atomic under the GIL


def _get_arena():
    """The arena is opened on first use: most calls fit inline and never need it."""
    global _arena
    if _arena is None:
        with _arena_lock:
            if _arena is None:
                from morloc.arena import Arena
                if not _arena_prefix:
                    raise RuntimeError("MORLOC_ARENA is not set; cannot use the shared-memory arena")
                _arena = Arena.create(_arena_prefix, _slot)
    return _arena


def _schema(text):
    s = _schemas.get(text)
    if s is None:
        from morloc.schema import parse_schema
        s = _schemas[text] = parse_schema(text)
    return s


# ------------------------------------------------------------------------------ value packets

def to_packet(value, schema, request_id=0):
    """A native value -> a DATA packet, inline when small, through the arena when large."""
    from morloc.value import encode
    blob = encode(_schema(schema), value)
    meta = schema.encode()
    if len(blob) <= P.INLINE_LIMIT:
        return P.Packet(P.DATA, P.INLINE, P.F_VALUE, P.OK, 0, request_id, meta, blob)
    arena = _get_arena()
    relptr, view = arena.alloc(len(blob))
    view[:len(blob)] = blob
    return P.Packet(P.DATA, P.ARENA, P.F_VALUE, P.OK, 0, request_id, meta,
                    _RELPTR.pack(relptr, len(blob)))


def from_packet(pkt, schema):
    """A DATA packet -> a native value; an ERROR packet raises MorlocError. Frees arena blocks."""
    if pkt.kind == P.ERROR:
        raise MorlocError(bytes(pkt.payload).decode("utf-8", "replace"))
    if pkt.kind != P.DATA:
        raise P.ProtocolError("expected a DATA packet, got kind %d" % pkt.kind)
    from morloc.value import decode
    if pkt.source == P.INLINE:
        return decode(_schema(schema), pkt.payload)
    if pkt.source == P.ARENA:
        relptr, size = _RELPTR.unpack_from(pkt.payload, 0)
        arena = _get_arena()
        try:
            return decode(_schema(schema), arena.read(relptr, size))
        finally:
            arena.release(relptr)  # the consumer frees
    raise P.ProtocolError("unsupported DATA source %d in a pool" % pkt.source)


# ------------------------------------------------------------------------------- client side

def _take(lang):
    with _idle_lock:
        conns = _idle.get(lang)
        if conns:
            return conns.pop()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(os.path.join(_run_dir, lang + ".sock"))
    except OSError as e:
        sock.close()
        raise PoolLost("cannot reach the %s pool: %s" % (lang, e))
    return sock


def _give(lang, sock):
    with _idle_lock:
        _idle.setdefault(lang, []).append(sock)


def call_packets(lang, mid, arg_packets):
    """Send a CALL of manifold `mid` to pool `lang` and return the reply packet."""
    rid = next(_request_ids)
    payload = b"".join(p.to_bytes() for p in arg_packets)
    sock = _take(lang)
    try:
        P.send_packet(sock, P.Packet(P.CALL, P.NONE, P.F_NONE, P.OK, mid, rid, b"", payload))
        reply = P.recv_packet(sock)
    except (OSError, P.ProtocolError) as e:
        sock.close()
        raise PoolLost("lost the connection to the %s pool during a call of manifold %d: %s"
                       % (lang, mid, e))
    if reply.request_id != rid:
        sock.close()
        raise P.ProtocolError("reply for request %d, expected %d" % (reply.request_id, rid))
    _give(lang, sock)
    return reply


def foreign_call(lang, mid, args, arg_schemas, ret_schema):
    """Call manifold `mid` in pool `lang` with native args; returns the native result."""
    pkts = [to_packet(a, s) for a, s in zip(args, arg_schemas)]
    return from_packet(call_packets(lang, mid, pkts), ret_schema)


# ------------------------------------------------------------------------------- server side

def _error_text(exc, mid, name):
    label = " (%s)" % name if name else ""
    if isinstance(exc, MorlocError):  # already carries its origin: add one hop, never repeat it
        return "%s\n  called from %s manifold %d%s" % (exc.text, LANG, mid, label)
    return "%s: %s\n  raised in %s manifold %d%s" % (type(exc).__name__, exc, LANG, mid, label)


def _dispatch(manifolds, pkt):
    entry = manifolds.get(pkt.call_id)
    if entry is None:
        return P.error_packet(pkt.request_id, "no manifold %d in the %s pool" % (pkt.call_id, LANG))
    fn, arg_schemas, ret_schema = entry[0], entry[1], entry[2]
    name = entry[3] if len(entry) > 3 else getattr(fn, "__name__", "")
    if name == "m%d" % pkt.call_id:
        name = ""
    try:
        args = P.split_args(pkt.payload)
        if len(args) != len(arg_schemas):
            raise TypeError("manifold %d takes %d arguments, got %d"
                            % (pkt.call_id, len(arg_schemas), len(args)))
        values = [from_packet(a, s) for a, s in zip(args, arg_schemas)]
        return to_packet(fn(*values), ret_schema, pkt.request_id)
    except BaseException as e:  # any user error (sys.exit too) becomes an ERROR reply, never a dead pool
        return P.error_packet(pkt.request_id, _error_text(e, pkt.call_id, name))


def _serve_connection(conn, manifolds):
    with conn:
        while True:
            try:
                pkt = P.recv_packet(conn)
            except (OSError, P.ProtocolError):
                return  # the client went away
            if pkt.kind == P.CALL:
                reply = _dispatch(manifolds, pkt)
            elif pkt.kind == P.PING:
                reply = P.Packet(P.PONG, request_id=pkt.request_id)
            elif pkt.kind == P.SHUTDOWN:
                _exit(0)
            else:
                reply = P.error_packet(pkt.request_id, "unexpected packet kind %d" % pkt.kind)
            try:
                sys.stdout.flush()  # user prints come out before the result they led to
            except Exception:
                pass
            try:
                P.send_packet(conn, reply)
            except OSError:
                return


def _accept_loop(listener, manifolds):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_serve_connection, args=(conn, manifolds), daemon=True).start()


def _exit(code):
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    try:
        if _arena is not None:
            _arena.close()
    except Exception:
        pass
    os._exit(code)


def _die_with_parent():
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass  # not Linux: the nexus connection's EOF still ends the pool


def serve(manifolds):
    """Run the pool daemon forever: listen, say READY to the nexus, exit when the nexus goes."""
    global LANG
    LANG = os.environ.get("MORLOC_LANG", LANG)
    if not _run_dir:
        sys.stderr.write("morloc pool: MORLOC_RUN_DIR is not set (pools are started by the nexus)\n")
        sys.exit(2)
    _die_with_parent()
    signal.signal(signal.SIGTERM, lambda *_: _exit(0))
    # Ctrl-C and a closed terminal reach the whole process group: the nexus decides, and ends us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    nexus = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(os.path.join(_run_dir, LANG + ".sock"))
        listener.listen(128)
        threading.Thread(target=_accept_loop, args=(listener, manifolds), daemon=True).start()
        nexus.connect(os.path.join(_run_dir, "nexus.sock"))
        P.send_packet(nexus, P.Packet(P.READY, metadata=LANG.encode()))
    except OSError as e:
        sys.stderr.write("morloc pool: cannot start in %s: %s\n" % (_run_dir, e))
        sys.exit(3)
    while True:
        try:
            pkt = P.recv_packet(nexus)
        except (OSError, P.ProtocolError):
            _exit(0)  # EOF: the nexus is gone
        if pkt.kind == P.SHUTDOWN:
            _exit(0)
        if pkt.kind == P.PING:
            P.send_packet(nexus, P.Packet(P.PONG, request_id=pkt.request_id))
