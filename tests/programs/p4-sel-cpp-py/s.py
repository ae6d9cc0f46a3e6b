def scale(k, xs):
    return [k * x for x in xs]

def pMin(xs):
    return min(xs)
