# The Python pool's own per-call software cost, without any transport: parse a CALL packet of one
# Int argument, dispatch it to `inc`, and serialize the Real reply, as pool.py does for a socket.
# Usage: python3 bench/pool_overhead.py POOLS_PYTHON_DIR CALLS REPEATS -> ns per call, one line each.
import sys, time

sys.path.insert(0, sys.argv[1])
from morloc import packet as P
from morloc import pool

def inc(x):
    return float(x) + 1.0

calls, repeats = int(sys.argv[2]), int(sys.argv[3])
manifolds = {1: (inc, ["i8"], "f8")}
arg = pool.to_packet(41, "i8")
wire = P.Packet(P.CALL, P.NONE, P.F_NONE, P.OK, 1, 7, b"", arg.to_bytes()).to_bytes()
view, prepared = memoryview(wire), {}
for _ in range(repeats):
    t = time.perf_counter_ns()
    for _ in range(calls):  # what _serve_connection does per packet, minus the socket
        reply = pool._serve_call(manifolds, prepared, P.HEADER.unpack_from(view, 0), view)
    print((time.perf_counter_ns() - t) / calls)
assert pool.from_packet(P.parse(reply)[0], "f8") == 42.0
