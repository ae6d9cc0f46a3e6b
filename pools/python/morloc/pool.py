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

from morloc import bell as B
from morloc import packet as P

LANG = "py"
_RELPTR = struct.Struct("<QQ")
_U64 = struct.Struct("<Q")
_BELL_PEERS = ("cpp", "py", "ts", "r")  # pools whose servers answer BELL (docs/protocol.md)


class MorlocError(Exception):
    """An error that came back from another pool; `text` is the whole message with its chain, and
    `status` the ERROR packet's status, passed on unchanged as the error travels back."""

    def __init__(self, text, status=P.FAIL):
        super().__init__(text)
        self.text = text
        self.status = status


class PoolLost(MorlocError):
    """The connection to another pool broke (it crashed or exited): status LOST, not the program's error."""

    def __init__(self, text):
        super().__init__(text, P.LOST)


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
_calling = threading.local()  # .lent: the views lent to the manifold call running on this thread


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


# --------------------------------------------------------------------- per-schema codecs (hot path)

_HDR = P.HEADER
_MAGIC, _VERSION, _HSIZE = P.MAGIC, P.VERSION, P.HEADER_SIZE
_SCALARS = {"i1": "b", "i2": "h", "i4": "i", "i8": "q", "u1": "B", "u2": "H", "u4": "I", "u8": "Q",
            "f4": "f", "f8": "d"}
_codecs = {}


class _Codec:
    """A schema's encoder and decoder, built once: scalars use one precompiled struct; anything else,
    and any value the struct rejects, goes through the generic codec (which gives the error text).

    The key is the schema text, or `@<form>:<schema>` when the program's type mapping asks for a
    typed form of numeric lists (docs/bulk.md): `array` decodes them as array.array (one copy),
    `view` as memoryviews over the received bytes (no copy; valid during the call only). The form
    never reaches the wire: `meta` is the schema alone."""
    __slots__ = ("text", "meta", "enc", "dec", "form", "sized")

    def __init__(self, key):
        form, text = None, key
        if key.startswith("@"):
            form, _, text = key[1:].partition(":")
            if form not in ("array", "view"):
                raise ValueError("unknown value form %r in %r" % (form, key))
        self.text, self.meta, self.form = text, text.encode(), form
        code = _SCALARS.get(text)
        self.sized = code is None  # a fixed-width scalar always fits inline
        if code is None:
            self.enc = self._enc_generic
            self.dec = self._dec_generic
            return
        st = struct.Struct("<" + code)
        pack, unpack_from, width = st.pack, st.unpack_from, st.size
        want = float if code in "fd" else int
        enc_generic, dec_generic = self._enc_generic, self._dec_generic

        def enc(v):
            if type(v) is want:
                try:
                    return pack(v)
                except (struct.error, OverflowError):
                    pass
            return enc_generic(v)

        def dec(buf, start, end):
            if end - start == width:
                return unpack_from(buf, start)[0]
            return dec_generic(buf, start, end)

        self.enc, self.dec = enc, dec

    def _enc_generic(self, v):
        from morloc.value import encode
        return encode(_schema(self.text), v)

    def _dec_generic(self, buf, start, end, view=False):
        from morloc.value import decode
        form = self.form
        return decode(_schema(self.text), buf[start:end], "view" if view and form == "view" else form is not None)


def _codec(text):
    c = _codecs.get(text)
    if c is None:
        c = _codecs[text] = _Codec(text)
    return c


def _data_bytes(codec, value, request_id, lent=None):
    """A native value -> the bytes of a DATA packet, inline when small, through the arena when large.
    A large value is measured first and encoded straight into an arena block of its final size; a
    value that is an argument's view (`lent`: view -> (relptr, size, codec)) goes back in its own
    block, uncopied."""
    meta = codec.meta
    if lent and type(value) is memoryview and id(value) in lent:
        _v, relptr, size, arg = lent[id(value)]
        if relptr is not None and arg.text == codec.text:
            del lent[id(value)]  # the block is the reply's now: the receiver frees it
            return _HDR.pack(_MAGIC, _VERSION, P.DATA, P.ARENA, P.F_VALUE, P.OK, 0, request_id,
                             len(meta), 16) + meta + _RELPTR.pack(relptr, size)
    if codec.sized:
        from morloc.value import encode_into, encoded_size
        s = _schema(codec.text)
        size = encoded_size(s, value)
        if size > P.INLINE_LIMIT:
            arena = _get_arena()
            relptr, view = arena.alloc(size)
            try:
                size = encode_into(s, value, view)
            except Exception:  # a value the measure missed (an iterator) or a bad one: the general path
                arena.release(relptr)
            else:
                return _HDR.pack(_MAGIC, _VERSION, P.DATA, P.ARENA, P.F_VALUE, P.OK, 0, request_id,
                                 len(meta), 16) + meta + _RELPTR.pack(relptr, size)
    blob = codec.enc(value)
    if len(blob) <= P.INLINE_LIMIT:
        return _HDR.pack(_MAGIC, _VERSION, P.DATA, P.INLINE, P.F_VALUE, P.OK, 0, request_id,
                         len(meta), len(blob)) + meta + blob
    arena = _get_arena()
    relptr, view = arena.alloc(len(blob))
    view[:len(blob)] = blob
    return _HDR.pack(_MAGIC, _VERSION, P.DATA, P.ARENA, P.F_VALUE, P.OK, 0, request_id,
                     len(meta), 16) + meta + _RELPTR.pack(relptr, len(blob))


def _read_value(buf, off, codec, lent=None):
    """The DATA packet at `off` of buf -> (native value, offset after it); ERROR raises MorlocError.
    Frees arena blocks (the consumer frees). With `lent` (a dict), a codec of the `view` form decodes
    into views over the bytes, and an arena block is kept until the call ends: `lent` maps each root
    view to (view, relptr, size, codec) for _release_lent."""
    if len(buf) - off < _HSIZE:
        raise P.ProtocolError("truncated packet header (%d bytes)" % (len(buf) - off))
    magic, version, kind, source, _f, status, _c, _r, mlen, plen = _HDR.unpack_from(buf, off)
    if magic != _MAGIC or version != _VERSION:
        P.parse_header(buf[off:off + _HSIZE])  # raises the precise error
    start = off + _HSIZE + mlen
    end = start + plen
    if end > len(buf):
        raise P.ProtocolError("truncated packet: need %d bytes, have %d" % (end - off, len(buf) - off))
    if kind == P.DATA:
        if source == P.INLINE:
            if lent is not None and codec.form == "view":
                v = codec._dec_generic(buf, start, end, True)
                lent[id(v)] = (v, None, None, codec)
                return v, end
            return codec.dec(buf, start, end), end
        if source == P.ARENA:
            if plen != 16:
                raise P.ProtocolError("arena DATA packet with a %d-byte payload" % plen)
            relptr, size = _RELPTR.unpack_from(buf, start)
            arena = _get_arena()
            if lent is not None and codec.form == "view":
                try:
                    mv = arena.read(relptr, size)
                    v = codec._dec_generic(mv, 0, len(mv), True)
                except BaseException:
                    arena.release(relptr)
                    raise
                lent[id(v)] = (v, relptr, size, codec)
                return v, end
            try:
                mv = arena.read(relptr, size)
                return codec.dec(mv, 0, len(mv)), end
            finally:
                arena.release(relptr)
        raise P.ProtocolError("unsupported DATA source %d in a pool" % source)
    if kind == P.ERROR:
        raise MorlocError(bytes(buf[start:end]).decode("utf-8", "replace"), status)
    raise P.ProtocolError("expected a DATA packet, got kind %d" % kind)


class _Conn:
    """A socket that reads whole packets, with one recv for a small one (leftover bytes are kept).
    Once its calls move to a doorbell channel, `chan` is set; `calls` counts the socket calls
    before that (negative: the peer declined the doorbell)."""
    __slots__ = ("sock", "pending", "chan", "calls")

    def __init__(self, sock):
        self.sock, self.pending, self.chan, self.calls = sock, b"", None, 0

    def recv(self):
        """One packet -> (header tuple as P.HEADER unpacks it, memoryview of the whole packet)."""
        data, sock = self.pending, self.sock
        while len(data) < _HSIZE:
            chunk = sock.recv(65536)
            if not chunk:
                raise P.ProtocolError("connection closed by peer" if not data else "connection closed mid-packet")
            data = data + chunk if data else chunk
        h = _HDR.unpack_from(data, 0)
        if h[0] != _MAGIC or h[1] != _VERSION:
            P.parse_header(data)  # raises the precise error
        need = _HSIZE + h[8] + h[9]
        have = len(data)
        if have >= need:
            self.pending = data[need:] if have > need else b""
            return h, memoryview(data)[:need]
        buf = bytearray(need)
        buf[:have] = data
        self.pending = b""
        view = memoryview(buf)
        while have < need:
            k = sock.recv_into(view[have:], need - have)
            if k == 0:
                raise P.ProtocolError("connection closed mid-packet")
            have += k
        return h, view

    def close(self):
        self.sock.close()


# ------------------------------------------------------------------------------ value packets

def to_packet(value, schema, request_id=0):
    """A native value -> a DATA packet object (tests and tools; the hot path uses _data_bytes)."""
    return P.parse(_data_bytes(_codec(schema), value, request_id))[0]


def from_packet(pkt, schema):
    """A DATA packet object -> a native value; an ERROR packet raises MorlocError."""
    return _read_value(memoryview(pkt.to_bytes()), 0, _codec(schema))[0]


# ------------------------------------------------------------------------------- client side

def _take_conn(lang):
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
    return _Conn(sock)


def _give_conn(lang, conn):
    with _idle_lock:
        _idle.setdefault(lang, []).append(conn)


def _take(lang):
    """A connected socket to pool `lang` (tools and tests; calls use _take_conn)."""
    return _take_conn(lang).sock


def _give(lang, sock):
    _give_conn(lang, _Conn(sock))


def _call(lang, mid, payload):
    """Send a CALL of manifold `mid` (argument packets already serialized) -> (header, reply view)."""
    rid = next(_request_ids)
    msg = _HDR.pack(_MAGIC, _VERSION, P.CALL, P.NONE, P.F_NONE, P.OK, mid, rid, 0, len(payload)) + payload
    conn = _take_conn(lang)
    try:
        if conn.chan is None and B.AFTER >= 0 and conn.calls >= 0 and lang in _BELL_PEERS:
            conn.calls += 1
            if conn.calls > B.AFTER:
                _open_bell(conn)
        if conn.chan is not None:
            data = conn.chan.call(msg)
            if data is None:
                raise P.ProtocolError("connection closed by peer")
            h, view = _HDR.unpack_from(data, 0), memoryview(data)
            if h[0] != _MAGIC or h[1] != _VERSION:
                P.parse_header(data)  # raises the precise error
        else:
            conn.sock.sendall(msg)
            h, view = conn.recv()
    except (OSError, P.ProtocolError) as e:
        conn.close()
        raise PoolLost("lost the connection to the %s pool during a call of manifold %d: %s"
                       % (lang, mid, e))
    if h[7] != rid:
        conn.close()
        raise P.ProtocolError("reply for request %d, expected %d" % (h[7], rid))
    _give_conn(lang, conn)
    return h, view


def _open_bell(conn):
    """Move a kept connection's calls to a doorbell channel in our arena. A peer that declines (an
    ERROR reply) keeps the socket, and the connection never asks again."""
    try:
        arena = _get_arena()
        relptr, view = arena.alloc(B.CHANNEL_SIZE)
    except Exception:  # no arena (or a full one): this connection stays on the socket
        conn.calls = -1
        return
    B.Channel.reset(view)
    rid = next(_request_ids)
    conn.sock.sendall(_HDR.pack(_MAGIC, _VERSION, P.BELL, P.NONE, P.F_NONE, P.OK, 0, rid, 0, 8) + _U64.pack(relptr))
    h, _view = conn.recv()
    if h[2] == P.BELL and h[5] == P.OK and h[7] == rid:
        conn.chan = B.Channel(view, conn.sock, arena)
    else:
        conn.calls = -1
        arena.release(relptr)


def call_packets(lang, mid, arg_packets):
    """Send a CALL of manifold `mid` to pool `lang` and return the reply packet."""
    _h, view = _call(lang, mid, b"".join(p.to_bytes() for p in arg_packets))
    return P.parse(view)[0]


def foreign_call(lang, mid, args, arg_schemas, ret_schema):
    """Call manifold `mid` in pool `lang` with native args; returns the native result."""
    if len(args) == 1:
        payload = _data_bytes(_codec(arg_schemas[0]), args[0], 0)
    else:
        payload = b"".join([_data_bytes(_codec(s), a, 0) for a, s in zip(args, arg_schemas)])
    h, view = _call(lang, mid, payload)
    codec = _codec(ret_schema)
    # a view-form result is lent until the manifold making this call returns (its arena block then
    # goes); inline replies are copied, as their buffer is reused by the connection's next call
    lent = getattr(_calling, "lent", None) if codec.form == "view" and h[2] == P.DATA and h[3] == P.ARENA else None
    return _read_value(view, 0, codec, lent)[0]


# ------------------------------------------------------------------------------- server side

def _error_text(exc, mid, name):
    label = " (%s)" % name if name else ""
    if isinstance(exc, MorlocError):  # already carries its origin: add one hop, never repeat it
        return "%s\n  called from %s manifold %d%s" % (exc.text, LANG, mid, label)
    return "%s: %s\n  raised in %s manifold %d%s" % (type(exc).__name__, exc, LANG, mid, label)


class _Scalars:
    """The wire layout of a call whose arguments and result are all fixed-width numbers. A CALL as
    the pools send it (no metadata, inline arguments with request id 0) is then one fixed run of
    bytes, read with one precompiled struct, and the reply is one struct.pack. Anything else (an
    arena argument, an ERROR in place of a value, a result of another type) takes the general path."""
    __slots__ = ("size", "checks", "unpack", "reply", "head", "tail", "want")

    def __init__(self, arg_schemas, ret_schema):
        pos, fmt, checks = _HSIZE, "<", []
        for text in arg_schemas:
            code = _SCALARS[text]
            width = struct.calcsize(code)
            prefix = _HDR.pack(_MAGIC, _VERSION, P.DATA, P.INLINE, P.F_VALUE, P.OK, 0, 0, len(text), width) + text.encode()
            checks.append((pos, pos + len(prefix), prefix))
            fmt += "%dx%s" % (len(prefix), code)
            pos += len(prefix) + width
        self.size, self.checks, self.unpack = pos, tuple(checks), struct.Struct(fmt).unpack_from
        code = _SCALARS[ret_schema]
        meta = ret_schema.encode()
        whole = _HDR.pack(_MAGIC, _VERSION, P.DATA, P.INLINE, P.F_VALUE, P.OK, 0, 0, len(meta), struct.calcsize(code))
        self.head, self.tail = whole[:16], whole[24:] + meta  # the request id goes between them
        self.reply = struct.Struct("<16sQ%ds%s" % (len(self.tail), code)).pack
        self.want = float if code in "fd" else int

    def matches(self, h, view):
        if h[8] != 0 or len(view) != self.size:
            return False
        for a, b, prefix in self.checks:
            if view[a:b] != prefix:
                return False
        return True


def _prepare(manifolds, prepared, mid):
    """A manifold's function with its codecs, built on its first call."""
    entry = manifolds.get(mid)
    if entry is None:
        return None
    fn, arg_schemas, ret_schema = entry[0], entry[1], entry[2]
    name = entry[3] if len(entry) > 3 else getattr(fn, "__name__", "")
    if name == "m%d" % mid:
        name = ""
    scalars = None
    if ret_schema in _SCALARS and all(s in _SCALARS for s in arg_schemas):
        scalars = _Scalars(arg_schemas, ret_schema)
    codecs = [_codec(s) for s in arg_schemas]
    views = any(c.form == "view" for c in codecs)  # arguments lent as views until the call returns
    m = prepared[mid] = (fn, codecs, _codec(ret_schema), name, scalars, views)
    return m


def _serve_call(manifolds, prepared, h, view):
    """A CALL packet (header and bytes) -> the bytes of its DATA or ERROR reply."""
    mid, rid = h[6], h[7]
    m = prepared.get(mid) or _prepare(manifolds, prepared, mid)
    if m is None:
        return P.error_packet(rid, "no manifold %d in the %s pool" % (mid, LANG)).to_bytes()
    fn, codecs, ret, name, scalars, views = m
    lent = {}
    outer = getattr(_calling, "lent", None)
    _calling.lent = lent
    try:
        if scalars is not None and scalars.matches(h, view):
            result = fn(*scalars.unpack(view, _HSIZE))
            if type(result) is scalars.want:
                try:
                    return scalars.reply(scalars.head, rid, scalars.tail, result)
                except (struct.error, OverflowError):
                    pass  # out of range: the general encoder gives the error text
            return _data_bytes(ret, result, rid)
        pos, end, n = _HSIZE + h[8], len(view), len(codecs)
        values = []
        while pos < end:
            if len(values) == n:  # too many arguments: count them all for the message
                raise TypeError("manifold %d takes %d arguments, got %d"
                                % (mid, n, len(P.split_args(view[_HSIZE + h[8]:]))))
            v, pos = _read_value(view, pos, codecs[len(values)], lent)
            values.append(v)
        if len(values) != n:
            raise TypeError("manifold %d takes %d arguments, got %d" % (mid, n, len(values)))
        result = fn(*values)
        del values
        return _data_bytes(ret, result, rid, lent)
    except BaseException as e:  # any user error (sys.exit too) becomes an ERROR reply, never a dead pool
        status = e.status if isinstance(e, MorlocError) else P.FAIL
        return P.error_packet(rid, _error_text(e, mid, name), status).to_bytes()
    finally:
        _calling.lent = outer
        if lent:
            _release_lent(lent)


def _release_lent(lent):
    """The call is over: the views lent to it are released (a kept one raises ValueError on use
    instead of reading a reused block) and so are their arena blocks."""
    arena = _get_arena() if any(x[1] is not None for x in lent.values()) else None
    for v, relptr, _size, _codec in lent.values():
        try:
            if type(v) is memoryview:
                v.release()
        except BufferError:  # something exports it still (numpy.frombuffer...): the block goes anyway
            pass
        if relptr is not None:
            arena.release(relptr)
    lent.clear()


def _dispatch(manifolds, pkt, _prepared={}):
    """A CALL Packet object -> its reply Packet (tools and tests; the server uses _serve_call)."""
    view = memoryview(pkt.to_bytes())
    table = _prepared.setdefault(id(manifolds), {})
    return P.parse(_serve_call(manifolds, table, _HDR.unpack_from(view, 0), view))[0]


def _answer(manifolds, prepared, h, view):
    """The bytes of the reply to one request, from the socket or from a doorbell channel."""
    kind = h[2]
    if kind == P.CALL:
        reply = _serve_call(manifolds, prepared, h, view)
    elif kind == P.PING:
        reply = P.Packet(P.PONG, request_id=h[7]).to_bytes()
    elif kind == P.SHUTDOWN:
        _exit(0)
    else:
        reply = P.error_packet(h[7], "unexpected packet kind %d" % kind).to_bytes()
    try:
        sys.stdout.flush()  # user prints come out before the result they led to
    except Exception:
        pass
    return reply


def _accept_bell(sock, h, view):
    """A BELL request -> (reply bytes, the channel to serve or None)."""
    try:
        if not B.SUPPORTED:
            raise P.ProtocolError("this platform has no doorbell")
        if h[9] != 8:
            raise P.ProtocolError("BELL payload must be one relptr")
        arena = _get_arena()
        block = arena.read(_U64.unpack_from(view, _HSIZE + h[8])[0])
        if len(block) < B.CHANNEL_SIZE:
            raise P.ProtocolError("BELL channel block is too small")
        chan = B.Channel(block, sock, arena)
    except Exception as e:
        return P.error_packet(h[7], "no doorbell: %s" % e).to_bytes(), None
    return _HDR.pack(_MAGIC, _VERSION, P.BELL, P.NONE, P.F_NONE, P.OK, 0, h[7], 0, 0), chan


def _serve_channel(chan, manifolds, prepared):
    """Serve a connection's calls from its doorbell channel until the caller's socket closes."""
    seen = 0  # the caller zeroed the channel before it asked, and may post as soon as we ack
    while chan.next_request(seen):
        seen = chan.req.value
        try:
            view, relptr = chan.take()
            h = _HDR.unpack_from(view, 0)
            if h[0] != _MAGIC or h[1] != _VERSION:
                P.parse_header(view)  # raises the precise error
        except Exception:
            return  # a malformed message: drop the connection, as on the socket
        reply = _answer(manifolds, prepared, h, view)
        if relptr is not None:
            view.release()
            chan.arena.release(relptr)
        chan.respond(reply)


def _serve_connection(sock, manifolds, prepared):
    conn = _Conn(sock)
    with sock:
        while True:
            try:
                h, view = conn.recv()
            except (OSError, P.ProtocolError):
                return  # the client went away
            chan = None
            if h[2] == P.BELL:
                reply, chan = _accept_bell(sock, h, view)
            else:
                reply = _answer(manifolds, prepared, h, view)
            try:
                sock.sendall(reply)
            except OSError:
                return
            if chan is not None:
                return _serve_channel(chan, manifolds, prepared)


def _accept_loop(listener, manifolds):
    prepared = {}  # manifold id -> (fn, argument codecs, result codec, name), shared by all threads
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_serve_connection, args=(conn, manifolds, prepared), daemon=True).start()


_exiting = False


def _exit(code):
    """Flush, unmap and unlink our arena volumes, and exit. A SIGTERM that lands while this runs
    (the nexus ending us as we end on its end of file) exits at once: the handler runs inside the
    interrupted code, and waiting again for a lock that code holds or waits for would hang the pool."""
    global _exiting
    if _exiting:
        os._exit(code)
    _exiting = True
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    try:
        if _arena is not None:
            _arena.close(timeout=1.0)  # best effort: the nexus unlinks the run's segments anyway
    except Exception:
        pass
    os._exit(code)


def _die_with_parent():
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass  # not Linux: the nexus connection's EOF still ends the pool


def load_failed(message, file="", line=0):
    """The user's sources could not be loaded (an import that fails, an exception at top level):
    tell the nexus in place of READY (an ERROR with status LOAD whose JSON payload names the file,
    relative to the nexus folder, the line and the error) and exit 3 once it closes the connection,
    so the nexus prints one message instead of a traceback. Never returns."""
    import json
    lang = os.environ.get("MORLOC_LANG", LANG)
    body = json.dumps({"file": file, "line": line, "message": message}).encode()
    _die_with_parent()
    nexus = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        nexus.settimeout(10)
        nexus.connect(os.path.join(_run_dir, "nexus.sock"))
        P.send_packet(nexus, P.Packet(P.ERROR, P.INLINE, P.F_JSON, P.LOAD, metadata=lang.encode(), payload=body))
        while nexus.recv(4096):  # the nexus has the message once it closes (or ends us)
            pass
    except OSError:  # no nexus (run by hand): the message goes to stderr
        where = "%s:%d: " % (file, line) if file else ""
        sys.stderr.write("error: %s%s\n" % (where, message))
    sys.stdout.flush()
    os._exit(3)


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
