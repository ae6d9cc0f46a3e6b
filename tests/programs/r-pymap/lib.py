def square(x):
    return x * x

def upper(s):
    return s.upper()

def pmap(f, xs):
    return [f(x) for x in xs]
