# Python side of the bulk-data bench (bench/bulk.ts).
def pyIdReals(xs):
    return xs

def pyHwm(_):
    # peak resident memory (kB) of this pool so far; the argument orders the call after the others
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1

def pyIdInt(n):
    return n
