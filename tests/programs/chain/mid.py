def addThenScale(k, x):
    return k + x
