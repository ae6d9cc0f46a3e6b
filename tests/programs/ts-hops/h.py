def p1(x):
    return 10 * x + 2

def pReal(x):
    return x * 3.0

def ps(s):
    return s + "p"

def pTotal(xs):
    return float(len(xs)) + sum(xs)
