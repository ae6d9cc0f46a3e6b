def descInt(x):
    return "int %d" % x

def twiceInt(x):
    return 2 * x

def descStr(s):
    return "str %s" % s

def descList(xs):
    return "list of %d" % len(xs)

def twiceList(xs):
    return xs + xs
