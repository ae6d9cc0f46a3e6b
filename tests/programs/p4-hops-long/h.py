def pRev(xs):
    return xs[::-1]

def pInc(xs):
    return [x + 1 for x in xs]
