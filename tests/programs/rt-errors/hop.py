def pyApply(f, x):
    return f(x)

def pyBoom(x):
    if x < 0:
        raise ValueError("py refuses %d" % x)
    return x + 1
