"""Packets of the morloc pool protocol (docs/protocol.md): build, parse and read them from sockets.

A packet is a 32-byte little-endian header, then metadata, then payload. Standard library only.
"""
import struct

MAGIC = 0x0707F86D
VERSION = 1
HEADER = struct.Struct("<IBBBBB3xIQII")
HEADER_SIZE = 32

CALL, DATA, PING, PONG, ERROR, READY, SHUTDOWN, BELL = 1, 2, 3, 4, 5, 6, 7, 8
INLINE, ARENA, FILE, NONE = 0, 1, 2, 3
F_NONE, F_JSON, F_MSGPACK, F_VALUE, F_TEXT = 0, 1, 2, 3, 4
# ERROR statuses (docs/protocol.md): FAIL the program raised; LOST a pool could not reach another
# pool or lost its connection (a crash, not the program's error); LOAD a pool could not load the
# user's sources at start (sent to the nexus in place of READY)
OK, FAIL, LOST, LOAD = 0, 1, 2, 3

# blobs up to this size travel inside the packet; larger ones go through the arena
INLINE_LIMIT = 65536


class ProtocolError(Exception):
    """A malformed packet, or a peer that closed its socket mid-packet."""


class Packet:
    __slots__ = ("kind", "source", "format", "status", "call_id", "request_id", "metadata", "payload")

    def __init__(self, kind, source=NONE, format=F_NONE, status=OK, call_id=0, request_id=0,
                 metadata=b"", payload=b""):
        self.kind = kind
        self.source = source
        self.format = format
        self.status = status
        self.call_id = call_id
        self.request_id = request_id
        self.metadata = metadata
        self.payload = payload

    def to_bytes(self):
        return HEADER.pack(MAGIC, VERSION, self.kind, self.source, self.format, self.status,
                           self.call_id, self.request_id, len(self.metadata),
                           len(self.payload)) + bytes(self.metadata) + bytes(self.payload)

    def __repr__(self):
        return "Packet(kind=%d, source=%d, format=%d, status=%d, call_id=%d, request_id=%d, meta=%r, payload=%d bytes)" % (
            self.kind, self.source, self.format, self.status, self.call_id, self.request_id,
            bytes(self.metadata), len(self.payload))


def parse_header(buf):
    """Header fields of the first 32 bytes -> (kind, source, format, status, call, request, mlen, plen)."""
    if len(buf) < HEADER_SIZE:
        raise ProtocolError("truncated packet header (%d bytes)" % len(buf))
    magic, version, kind, source, fmt, status, call, req, mlen, plen = HEADER.unpack_from(buf, 0)
    if magic != MAGIC:
        raise ProtocolError("bad packet magic 0x%08x" % magic)
    if version != VERSION:
        raise ProtocolError("unsupported packet version %d" % version)
    return kind, source, fmt, status, call, req, mlen, plen


def parse(buf, offset=0):
    """Parse one packet at `offset` of a bytes-like object -> (Packet, offset after it)."""
    view = memoryview(buf)[offset:]
    kind, source, fmt, status, call, req, mlen, plen = parse_header(view)
    end = HEADER_SIZE + mlen + plen
    if len(view) < end:
        raise ProtocolError("truncated packet: need %d bytes, have %d" % (end, len(view)))
    meta = bytes(view[HEADER_SIZE:HEADER_SIZE + mlen])
    payload = view[HEADER_SIZE + mlen:end]
    return Packet(kind, source, fmt, status, call, req, meta, payload), offset + end


def split_args(payload):
    """The argument packets of a CALL payload, in order."""
    out, pos, n = [], 0, len(payload)
    while pos < n:
        pkt, pos = parse(payload, pos)
        out.append(pkt)
    return out


def recv_exact(sock, n):
    """Read exactly n bytes; EOF before that raises ProtocolError (never spins)."""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise ProtocolError("connection closed by peer" if got == 0 and n == HEADER_SIZE
                                else "connection closed mid-packet")
        got += k
    return buf


def recv_packet(sock):
    """Read one whole packet from a socket."""
    head = recv_exact(sock, HEADER_SIZE)
    kind, source, fmt, status, call, req, mlen, plen = parse_header(head)
    rest = recv_exact(sock, mlen + plen) if mlen + plen else bytearray()
    view = memoryview(rest)
    return Packet(kind, source, fmt, status, call, req, bytes(view[:mlen]), view[mlen:])


def send_packet(sock, pkt):
    sock.sendall(pkt.to_bytes())


def error_packet(request_id, text, status=FAIL):
    return Packet(ERROR, INLINE, F_TEXT, status, 0, request_id, b"", text.encode("utf-8", "replace"))
