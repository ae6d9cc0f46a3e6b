def itemOf(b):
    return b["item"]
