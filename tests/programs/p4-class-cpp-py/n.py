def absInt(x):
    return abs(x)

def pTwice(x):
    return 2 * x
