def pyInts(xs):
    assert all(isinstance(x, int) for x in xs)
    return sum(xs)

def pyReals(x):
    return x * 10

def pyStrs(xs):
    return "/".join(xs)

def pyBools(bs):
    assert all(isinstance(b, bool) for b in bs)
    return sum(1 for b in bs if b)

def pyTuple(t):
    return "%s=%d" % t

def pyNested(xss):
    return sum(len(xs) for xs in xss)
