def pwrap(x):
    return "<%g>" % x
