def pyTally(xs):
    out = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out
