def pySq(x):
    return x * x
