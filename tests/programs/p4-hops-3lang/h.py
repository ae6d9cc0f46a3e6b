def p1(x):
    return x + 1

def p4(x):
    return x * 4

def ps(s):
    return s + "p"
