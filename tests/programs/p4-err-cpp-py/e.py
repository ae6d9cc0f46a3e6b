def pmap(f, xs):
    return [f(x) for x in xs]
