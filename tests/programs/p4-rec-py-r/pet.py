def pyOlder(p):
    return {"name": p["name"], "age": p["age"] + 1}

def pyShow(p):
    return "py: %s %d" % (p["name"], p["age"])
