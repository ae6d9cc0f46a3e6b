def pinc(x):
    return x + 1

def pMap(f, xs):
    return [f(x) for x in xs]
