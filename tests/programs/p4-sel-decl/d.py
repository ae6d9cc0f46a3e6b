def pyAdd(a, b):
    return a + b

def pyShow(x):
    return "Py:%d" % x
