def pmap(f, xs):
    return [f(x) for x in xs]

def pfilter(f, xs):
    return [x for x in xs if f(x)]

def pfold(f, b, xs):
    for x in xs:
        b = f(b, x)
    return b
