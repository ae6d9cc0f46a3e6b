def makeSales(n):
    return {"item": ["i%d" % i for i in range(n)], "qty": list(range(1, n + 1))}
