"""Checks the Python packet code against the shared byte vectors in tests/vectors/packets.json."""
import json
import os
import socket
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from morloc import packet as P  # noqa: E402

VECTORS = os.path.join(HERE, "..", "..", "..", "tests", "vectors", "packets.json")
with open(VECTORS) as f:
    DATA = json.load(f)


class PacketVectors(unittest.TestCase):
    def test_build(self):
        for v in DATA["packets"]:
            pkt = P.Packet(v["kind"], v["source"], v["format"], v["status"], v["call_id"],
                           int(v["request_id"]), bytes.fromhex(v["metadata_hex"]),
                           bytes.fromhex(v["payload_hex"]))
            self.assertEqual(pkt.to_bytes().hex(), v["packet_hex"], v["name"])

    def test_parse(self):
        for v in DATA["packets"]:
            raw = bytes.fromhex(v["packet_hex"])
            pkt, end = P.parse(raw)
            self.assertEqual(end, len(raw), v["name"])
            self.assertEqual((pkt.kind, pkt.source, pkt.format, pkt.status, pkt.call_id, pkt.request_id),
                             (v["kind"], v["source"], v["format"], v["status"], v["call_id"],
                              int(v["request_id"])), v["name"])
            self.assertEqual(pkt.metadata.hex(), v["metadata_hex"])
            self.assertEqual(bytes(pkt.payload).hex(), v["payload_hex"])

    def test_call_args(self):
        v = next(v for v in DATA["packets"] if v["name"] == "call-two-args")
        pkt, _ = P.parse(bytes.fromhex(v["packet_hex"]))
        args = P.split_args(pkt.payload)
        self.assertEqual([a.metadata for a in args], [b"i8", b"af8"])
        self.assertEqual(args[1].source, P.ARENA)

    def test_invalid(self):
        for v in DATA["invalid"]:
            with self.assertRaises(P.ProtocolError, msg=v["name"]) as cm:
                P.parse(bytes.fromhex(v["packet_hex"]))
            self.assertIn(v["error"], str(cm.exception))

    def test_socket_roundtrip_and_eof(self):
        a, b = socket.socketpair()
        big = P.Packet(P.DATA, P.INLINE, P.F_VALUE, request_id=9, metadata=b"s", payload=b"x" * 300000)
        import threading
        t = threading.Thread(target=P.send_packet, args=(a, big))
        t.start()
        got = P.recv_packet(b)
        t.join()
        self.assertEqual(bytes(got.payload), b"x" * 300000)
        self.assertEqual(got.request_id, 9)
        a.sendall(big.to_bytes()[:100])
        a.close()
        with self.assertRaises(P.ProtocolError):
            P.recv_packet(b)
        b.close()


if __name__ == "__main__":
    unittest.main()
