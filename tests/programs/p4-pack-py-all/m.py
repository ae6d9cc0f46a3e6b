def initials(ws):
    out = {}
    for w in ws:
        out[w[0]] = out.get(w[0], 0) + len(w)
    return out
