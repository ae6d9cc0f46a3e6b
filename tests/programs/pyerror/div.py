def safeDiv(k, x):
    if x == 0:
        raise ValueError("refusing to divide %s by zero" % k)
    return k / x
