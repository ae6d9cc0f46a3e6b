# Callee half of bench/baselines/doorbell_py.c: waits for requests on a shared page (spin on the
# request word, then futex through ctypes), adds 1.0 to the slot, and rings the response word.
import ctypes, mmap, os, sys

SYS_FUTEX = 202  # x86_64
FUTEX_WAIT, FUTEX_WAKE = 0, 1
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

path, rounds = sys.argv[1], int(sys.argv[2])
fd = os.open(path, os.O_RDWR)
mm = mmap.mmap(fd, 4096)
base = ctypes.addressof(ctypes.c_char.from_buffer(mm))
REQ, RESP, REQ_SLEEP, RESP_SLEEP, VALUE = base, base + 4, 8, 12, 16
timeout = (ctypes.c_long * 2)(0, 1_000_000)  # 1 ms cap: these stores have no fence
# ctypes fields store whole words; struct's "<I" packs byte by byte, which a peer can see torn
req = ctypes.c_uint32.from_buffer(mm, 0)
resp = ctypes.c_uint32.from_buffer(mm, 4)
req_sleep = ctypes.c_uint32.from_buffer(mm, REQ_SLEEP)
resp_sleep = ctypes.c_uint32.from_buffer(mm, RESP_SLEEP)
value = ctypes.c_double.from_buffer(mm, VALUE)
seen = 0
for _ in range(rounds):
    spins = 0
    while req.value == seen:
        spins += 1
        if spins > 1000:  # about 50-100 us of Python (a shorter spin sleeps on every call under load), then sleep
            req_sleep.value = 1
            if req.value == seen:
                libc.syscall(SYS_FUTEX, ctypes.c_void_p(REQ), FUTEX_WAIT, seen, timeout, None, 0)
            req_sleep.value = 0
    seen = (seen + 1) & 0xFFFFFFFF
    value.value += 1.0
    resp.value = (resp.value + 1) & 0xFFFFFFFF
    if resp_sleep.value:
        libc.syscall(SYS_FUTEX, ctypes.c_void_p(RESP), FUTEX_WAKE, 1, None, None, 0)
