# Python side of the benchmark module: a loop that calls a function n times, map, big values, RSS.
def pyRepeat(f, n):
    s = 0.0
    for i in range(n):
        s += f(i)
    return s

def pyInc(x):
    return float(x) + 1.0

def pyIncR(x):
    return x + 1.0

def pyMap(f, xs):
    return [f(x) for x in xs]

def pyIdReals(xs):
    return xs

def pyIdStr(s):
    return s

def pyRss(_):
    # VmRSS of this process in kB (the argument only orders the call after the loop)
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1
