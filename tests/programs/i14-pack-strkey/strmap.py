def packStrMap(t):
    keys, vals = t
    return dict(zip(keys, vals))


def unpackStrMap(d):
    return (list(d.keys()), list(d.values()))


def pyinsert(m, k, v):
    out = dict(m)
    out[k] = v
    return out
