"""Python side of the arena concurrency test (tests/shm/concurrency.test.ts); same protocol as
arena_worker.ts: python3 arena_worker.py PREFIX SLOT DIR N PEERS"""
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../pools/python"))
from morloc.arena import Arena  # noqa: E402

prefix, slot, d, n, peers = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
peers = [p for p in map(int, peers.split(",")) if p != slot]
arena = Arena.create(prefix, slot)
rng = random.Random(slot)
errors = 0
U64 = struct.Struct("<Q")
out = {p: [open(f"{d}/{slot}-{p}", "ab", buffering=0), []] for p in peers}
inc = [{"path": f"{d}/{p}-{slot}", "f": None, "rest": b"", "ended": False} for p in peers]


def release(r):
    global errors
    try:
        b = arena.read(r)
        if len(b) < 16 or U64.unpack_from(b, 0)[0] != r or U64.unpack_from(b, len(b) - 8)[0] != r:
            errors += 1
        b.release()
        arena.release(r)
    except Exception as e:
        errors += 1
        print(f"slot {slot}: {e}", file=sys.stderr)


def flush():
    for o in out.values():
        if o[1]:
            o[0].write(("\n".join(o[1]) + "\n").encode())
            o[1] = []


def poll():
    for i in inc:
        if i["ended"]:
            continue
        if i["f"] is None:
            try:
                i["f"] = open(i["path"], "rb", buffering=0)
            except FileNotFoundError:
                continue
        data = i["f"].read()
        if not data:
            continue
        lines = (i["rest"] + data).split(b"\n")
        i["rest"] = lines.pop()
        for line in lines:
            if line == b"end":
                i["ended"] = True
            else:
                release(int(line))


held = []
for k in range(n):
    size = 16 + rng.randrange(300_000) if rng.randrange(500) == 0 else 16 + rng.randrange(4096)
    r, view = arena.alloc(size)
    U64.pack_into(view, 0, r)
    U64.pack_into(view, size - 8, r)
    view.release()
    if rng.randrange(8) == 0:
        out[rng.choice(peers)][1].append(str(r))
    else:
        held.append(r)
        if len(held) > 64 or rng.randrange(2) == 0:
            release(held.pop(rng.randrange(len(held))))
    if k % 128 == 127:
        flush()
        poll()
for o in out.values():
    o[1].append("end")
flush()
kept, held = held[:5], held[5:]
for r in held:
    release(r)
deadline = time.time() + 20
while not all(i["ended"] for i in inc):
    if time.time() > deadline:
        print(f"slot {slot}: peers never ended", file=sys.stderr)
        errors += 1
        break
    poll()
    time.sleep(0.002)
with open(f"{d}/kept-{slot}", "w") as f:
    f.write("".join(f"{r}\n" for r in kept))
print(f"done {errors}", flush=True)
sys.stdin.read()  # the checker walks the volumes until the test closes stdin
arena.close()
sys.exit(1 if errors else 0)
