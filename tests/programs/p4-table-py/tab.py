# Python side of p4-table-py: a table is {"who": [...], "score": [...]}.
def colSum(t):
    return sum(t["score"])

def append(w, s, t):
    return {"who": t["who"] + [w], "score": t["score"] + [s]}
