import sys

def sum_py(xs):
    # seen on stderr only when computed, not when the cache answers
    print("computing sum_py", file=sys.stderr)
    return float(sum(xs))

def mul(a, b):
    return a * b

def boom(v):
    raise ValueError("boom at %s" % v)
