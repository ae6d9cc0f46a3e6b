def pyCall(x):
    return x * 2.0

def pyInverse(x):
    return 1.0 / x
