def pmap(f, xs):
    return [f(x) for x in xs]

def pfold(f, b, xs):
    for x in xs:
        b = f(b, x)
    return b

def pEven(x):
    return x % 2 == 0
