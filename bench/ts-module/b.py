# Python side of the TypeScript benchmark module (as bench/module/bench.py).
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
