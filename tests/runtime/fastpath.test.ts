// The Python pool's hot call path (per-schema cached codecs, packets read with one recv, no Packet
// objects): it must give the same bytes, values and error texts as the generic codec and packets.
import { expect, test } from "bun:test";
import { resolve } from "node:path";

const root = resolve(import.meta.dir, "../../pools/python");

const script = String.raw`
import socket, struct, threading
from morloc import packet as P, pool, value
out = []
def check(name, ok): out.append(("ok " if ok else "FAIL ") + name)

# scalar codecs give the generic codec's bytes, and its errors for what the struct rejects
for s, v in [("i8", -5), ("i1", 127), ("u8", 2**64 - 1), ("f8", 1.5), ("f8", 3), ("f4", 1e300), ("b", True), ("s", "hé"), ("af8", [1.0, 2.0])]:
    check("encode %s %r" % (s, v), pool._codec(s).enc(v) == value.encode(s, v))
    blob = value.encode(s, v)
    check("decode %s %r" % (s, v), pool._codec(s).dec(memoryview(blob), 0, len(blob)) == value.decode(s, blob))
for s, v in [("i8", 2**70), ("i8", 1.5), ("i8", True), ("u1", -1), ("f8", "x")]:
    try:
        pool._codec(s).enc(v); check("reject %s %r" % (s, v), False)
    except value.ValueFormatError as e:
        try:
            value.encode(s, v)
        except value.ValueFormatError as g:
            check("same error %s %r" % (s, v), str(e) == str(g))

# one server call: values, wrong arity, user errors, unknown manifold
def add(a, b): return a + b
def boom(x): raise ValueError("no %d" % x)
table = {1: (add, ["i8", "i8"], "i8"), 2: (boom, ["i8"], "f8", "boom")}
prepared = {}
def call(mid, args, schemas):
    payload = b"".join(pool._data_bytes(pool._codec(s), a, 0) for a, s in zip(args, schemas))
    wire = P.HEADER.pack(P.MAGIC, P.VERSION, P.CALL, P.NONE, P.F_NONE, P.OK, mid, 9, 0, len(payload)) + payload
    view = memoryview(wire)
    return P.parse(pool._serve_call(table, prepared, P.HEADER.unpack_from(view, 0), view))[0]
r = call(1, [2, 40], ["i8", "i8"])
check("add", r.kind == P.DATA and r.request_id == 9 and value.decode("i8", r.payload) == 42)
r = call(1, [2, 40, 1], ["i8", "i8", "i8"])
check("too many args", r.kind == P.ERROR and "takes 2 arguments, got 3" in bytes(r.payload).decode())
r = call(1, [2], ["i8"])
check("too few args", r.kind == P.ERROR and "takes 2 arguments, got 1" in bytes(r.payload).decode())
r = call(2, [7], ["i8"])
check("user error", r.kind == P.ERROR and bytes(r.payload).decode() == "ValueError: no 7\n  raised in py manifold 2 (boom)")
r = call(5, [], [])
check("unknown manifold", r.kind == P.ERROR and "no manifold 5" in bytes(r.payload).decode())

# all-scalar manifolds take the fixed-layout path: same bytes as the general path, for values,
# results of another type or out of range, errors, and arguments that are not in the fixed layout
big = lambda x: 2 ** 70
as_bool = lambda x: True
as_int = lambda x: 3
table.update({6: (big, ["i8"], "i8"), 7: (as_bool, ["i8"], "f8"), 8: (as_int, ["i8"], "f8"),
              9: (lambda a, b: a * b, ["f8", "i4"], "f8")})
general = {}
def both(mid, args, schemas):
    payload = b"".join(pool._data_bytes(pool._codec(s), a, 0) for a, s in zip(args, schemas))
    wire = P.HEADER.pack(P.MAGIC, P.VERSION, P.CALL, P.NONE, P.F_NONE, P.OK, mid, 9, 0, len(payload)) + payload
    view = memoryview(wire)
    fast = pool._serve_call(table, prepared, P.HEADER.unpack_from(view, 0), view)
    m = general.get(mid) or pool._prepare(table, general, mid)
    general[mid] = m[:4] + (None,) + m[5:]  # the same entry without the fixed-layout path
    slow = pool._serve_call(table, general, P.HEADER.unpack_from(view, 0), view)
    return fast, slow, prepared[mid][4] is not None
for mid, args, schemas in [(1, [2, 40], ["i8", "i8"]), (2, [7], ["i8"]), (6, [1], ["i8"]), (7, [1], ["i8"]),
                           (8, [1], ["i8"]), (9, [1.5, 4], ["f8", "i4"]), (1, [2, 40], ["i8", "i4"]),
                           (1, ["x", 1], ["s", "i8"])]:
    fast, slow, scalar = both(mid, args, schemas)
    check("fixed layout %d %r %r" % (mid, args, schemas), fast == slow and scalar)

# the reader: two packets in one recv, a packet split over many sends, EOF mid-packet
a, b = socket.socketpair()
conn = pool._Conn(b)
p1 = pool._data_bytes(pool._codec("i8"), 1, 1)
p2 = pool._data_bytes(pool._codec("s"), "y" * 5000, 2)
a.sendall(p1 + p2)
h1, v1 = conn.recv(); h2, v2 = conn.recv()
check("two in one recv", h1[7] == 1 and h2[7] == 2 and pool._read_value(v2, 0, pool._codec("s"))[0] == "y" * 5000)
big = pool._data_bytes(pool._codec("s"), "z" * 60000, 3)
def slow():
    for i in range(0, len(big), 7000):
        a.sendall(big[i:i + 7000])
t = threading.Thread(target=slow); t.start()
h3, v3 = conn.recv(); t.join()
check("split packet", h3[7] == 3 and pool._read_value(v3, 0, pool._codec("s"))[0] == "z" * 60000)
a.sendall(p1[:40]); a.close()
try:
    conn.recv(); check("eof mid-packet", False)
except P.ProtocolError as e:
    check("eof mid-packet", "mid-packet" in str(e))
print("\n".join(out))
`;

test("the Python pool's fast call path matches the generic codec and packets", () => {
  const r = Bun.spawnSync(["python3", "-c", script], { cwd: root, env: { ...process.env, PYTHONPATH: root } });
  const text = r.stdout.toString();
  if (r.exitCode !== 0) console.error(r.stderr.toString());
  expect(r.exitCode).toBe(0);
  const lines = text.trim().split("\n");
  expect(lines.length).toBeGreaterThan(25);
  expect(lines.filter((l) => !l.startsWith("ok "))).toEqual([]);
}, 30_000);
