def countWords(ws):
    out = {}
    for w in ws:
        out[w] = out.get(w, 0) + 1
    return out

def addOne(m):
    return {k: v + 1 for k, v in m.items()}
