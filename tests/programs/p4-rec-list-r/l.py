def pyRows(n):
    return [{"key": "p%d" % i, "val": float(i)} for i in range(n)]

def pyKeys(rs):
    return [r["key"] for r in rs]
