def prefix(p, s):
    return p + s
