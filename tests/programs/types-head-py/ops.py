def add(x, y):
    return x + y

def mul(x, y):
    return x * y

def show_int(x):
    return "int " + str(x)

def show_real(x):
    return "real " + str(x)

def scale(m, k):
    return m * k

def mk(i):
    return {"n": i}

def getn(o):
    return o["n"]

def inc8(x):
    return (x + 1) % 256

def half(x):
    return x / 2
