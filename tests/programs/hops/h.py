def p2(x):
    return x * 2

def p4(x):
    return x + 4

def pfail(x):
    raise RuntimeError("the far end failed on %s" % x)
