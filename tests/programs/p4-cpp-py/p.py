def pSplit(s):
    return s.split(",")

def pCountTrue(bs):
    assert all(isinstance(b, bool) for b in bs)
    return sum(1 for b in bs if b)

def pShowPairs(ps):
    return ";".join("%d:%s" % (a, b) for a, b in ps)

def pGrid(n):
    return [[float(i)] * n for i in range(n)]

def pRowSums(g):
    return [sum(r) for r in g]
