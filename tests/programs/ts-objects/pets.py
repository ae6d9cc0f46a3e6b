def rename(name, p):
    return {"kind": p["kind"] + "/" + name, "age": p["age"] * 10}
