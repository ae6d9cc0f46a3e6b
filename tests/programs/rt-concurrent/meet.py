# Python side of rt-concurrent: a map over 8 threads, and a function that only returns once
# 8 calls are inside it at the same time (so it proves the pool serves 8 calls at once).
import threading
from concurrent.futures import ThreadPoolExecutor

_meeting = threading.Barrier(8)

def pyMeet(x):
    try:
        _meeting.wait(timeout=5)
    except threading.BrokenBarrierError:
        raise RuntimeError("pyMeet: fewer than 8 calls were in flight at once")
    return x + 1

def pyParMap(f, xs):
    with ThreadPoolExecutor(max_workers=8) as ex:
        return list(ex.map(f, xs))

def pyApply(f, x):
    return f(x)
