def sub(x, y):
    return x - y

def add(x, y):
    return x + y

def neg(x):
    return -x

def inc(x):
    return x + 1

def dbl(x):
    return 2 * x

def twice_all(fs, x):
    for f in fs:
        x = f(x)
    return x
