import math

_BASE = [math.nan, math.inf, -math.inf, -0.0, 0.0, 1.5, -2.25, 1e308, 5e-324]
_IBASE = [0, -1, 1, 2**63 - 1, -2**63]


def pyId(xs):
    return xs


def pyRev(xs):
    return xs[::-1]  # a list, an array.array or a memoryview: the same kind back


def pyKind(xs):
    return type(xs).__name__


def pyMake(n):
    return [_BASE[i % 9] if i % 9 < 5 else _BASE[i % 9] * (i + 1) for i in range(n)]


def pyIdInts(xs):
    return xs


def pySum(xs):
    return math.fsum(x for x in xs if math.isfinite(x))
