def pSum(xs):
    return float(sum(xs))
