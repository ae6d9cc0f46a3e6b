def bump(m):
    return {k: v + 1 for k, v in m.items()}

def scale(f, m):
    return {k: v * f for k, v in m.items()}

def relabel(e):
    return {"label": e["label"] + "!", "counts": bump(e["counts"])}

def outer(m):
    return {k: {k: v, "n": len(m)} for k, v in m.items()}
