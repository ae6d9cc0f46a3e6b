def summary(b):
    return "%s %dx%d" % (b["tag"], b["w"], b["h"])
