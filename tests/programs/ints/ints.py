def inc(x):
    return x + 1

def double(x):
    return 2 * x
