def addInt(a, b):
    return a + b

def cat(a, b):
    return a + b

def fold(f, b, xs):
    for x in xs:
        b = f(b, x)
    return b
