def pyNest(n):
    """[[0.0 .. n-1], [], [0.5]]: the first list goes through the arena when n is large."""
    return [[float(i) for i in range(n)], [], [0.5]]


def pyPair(n):
    return ("ramp", [float(i) for i in range(n)])
