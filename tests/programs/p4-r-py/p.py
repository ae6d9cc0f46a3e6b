def pyRange(n):
    return list(range(n))

def pyWords(s):
    return s.split()

def pyPair(n):
    return (n + 1, "k%d" % n)

def pyFlags(n):
    return [i % 3 == 0 for i in range(n)]

def pyItems(n):
    return [{"name": "it%d" % i, "n": i} for i in range(n)]
