def p1(x):
    return x + 1

def p3(x):
    return x * 3

def p5(x):
    return x - 5

def pj(s):
    return s + "p"

def pboom(x):
    raise ValueError("boom at %d" % x)
