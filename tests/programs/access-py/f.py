def map(f, xs):
    return [f(x) for x in xs]
def inc(x):
    return x + 1
