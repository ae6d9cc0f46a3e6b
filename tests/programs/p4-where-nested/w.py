def pmap(f, xs):
    return [f(x) for x in xs]

def padd(a, b):
    return a + b
