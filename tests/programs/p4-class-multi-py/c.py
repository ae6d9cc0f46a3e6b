def intToStr(x):
    return "<%d>" % x

def intToReal(x):
    return x / 8
