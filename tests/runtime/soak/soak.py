def pyInc(x):
    return x + 1

def pyEcho(s):
    return s
