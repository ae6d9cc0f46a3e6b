def scale(k, xs):
    return [k * x for x in xs]

def greet(name, shout, times):
    s = ("Hello, " + name) * 1
    s = ", ".join([s] * times)
    return s.upper() if shout else s

def clip(lim, xs):
    return [min(max(x, lim["lo"]), lim["hi"]) for x in xs]

def sumAll(xs):
    return sum(xs)

def firstLine(path):
    with open(path) as f:
        return f.readline().rstrip("\n")
