def pMap(f, xs):
    return [f(x) for x in xs]

def pDouble(x):
    return 2 * x

def pFlip(p):
    return {"x": p["y"], "y": p["x"]}

def pCount(ws):
    out = {}
    for w in ws:
        out[w] = out.get(w, 0) + 1
    return out
