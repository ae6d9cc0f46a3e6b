def pyInc(x):
    return x + 1

def pyOdd(x):
    return x % 2 == 1

def pyCount(ws):
    out = {}
    for w in ws:
        out[w] = out.get(w, 0) + 1
    return out
