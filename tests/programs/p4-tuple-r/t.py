def pyTriple(n):
    return ("t", n, list(range(n)))
