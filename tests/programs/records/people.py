def pbirthday(p):
    return {"name": p["name"], "age": p["age"] + 1}

def describe(p):
    return "%s is %d" % (p["name"], p["age"])
