def pySum(xs):
    return float(sum(xs))

def pyRange(n):
    return [float(i + 1) for i in range(n)]

def pyWords(n):
    return ["w\u00e9rd%d" % (i % 10) for i in range(n)]
