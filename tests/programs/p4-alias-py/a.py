def centre(ps):
    n = len(ps)
    return (sum(p[0] for p in ps) / n, sum(p[1] for p in ps) / n)

def nameIt(n, x):
    return (n, x)

def zipUp(a, b):
    return list(zip(a, b))
