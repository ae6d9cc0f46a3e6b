def clip(x):
    return max(-1.0, min(1.0, x))

def pShow(x):
    return "p%d" % int(x * 10)
