def pcount(n):
    return [float(i) for i in range(n)]

def psum(xs):
    return float(sum(xs))

def plen(s):
    return len(s)
