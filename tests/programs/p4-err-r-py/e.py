def check(x):
    if x < 0:
        raise ValueError("negative input %d" % x)
    return x - 5
