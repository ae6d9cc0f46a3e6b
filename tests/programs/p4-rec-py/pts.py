# Python side of p4-rec-py: points are dicts.
def manhattan(p):
    return abs(p["x"]) + abs(p["y"])

def moveRight(d, p):
    return {"x": p["x"] + d, "y": p["y"]}

def tag(s, p):
    return "%s(%d,%d)" % (s, p["x"], p["y"])
